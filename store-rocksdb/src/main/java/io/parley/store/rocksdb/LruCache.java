package io.parley.store.rocksdb;

import java.util.LinkedHashMap;
import java.util.Map;

/** A size-bounded map that forgets the least recently used entry. Not thread-safe. */
final class LruCache<K, V> extends LinkedHashMap<K, V> {

  private final int capacity;

  LruCache(int capacity) {
    super(Math.min(capacity, 1024), 0.75f, true);
    this.capacity = capacity;
  }

  @Override
  protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
    return size() > capacity;
  }
}
