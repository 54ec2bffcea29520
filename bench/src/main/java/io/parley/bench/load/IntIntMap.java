package io.parley.bench.load;

import java.util.Arrays;

/** A small open-addressing map from non-negative int keys to int values (default 0). */
final class IntIntMap {
  private int[] keys = new int[8];
  private int[] values = new int[8];
  private int size;

  IntIntMap() {
    Arrays.fill(keys, -1);
  }

  int get(int key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      int k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == -1) {
        return 0;
      }
    }
  }

  void put(int key, int value) {
    if (key < 0) {
      throw new IllegalArgumentException("negative key");
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      if (keys[i] == -1) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
    }
  }

  int size() {
    return size;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(keys, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != -1) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int mix(int key) {
    int h = key * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
