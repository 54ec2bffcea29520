package io.parley.client;

import java.util.ArrayDeque;
import java.util.HashSet;

/**
 * The last {@code capacity} message ids delivered, to drop repeats. Allocated on first use, so an
 * idle connection costs nothing here.
 */
final class RecentIds {
  private final int capacity;
  private HashSet<String> set;
  private ArrayDeque<String> order;

  RecentIds(int capacity) {
    this.capacity = capacity;
  }

  /** Remembers the id; false when it was seen already (a repeat). */
  boolean add(String id) {
    if (set == null) {
      set = new HashSet<>();
      order = new ArrayDeque<>();
    }
    if (!set.add(id)) {
      return false;
    }
    order.addLast(id);
    if (order.size() > capacity) {
      set.remove(order.removeFirst());
    }
    return true;
  }

  boolean contains(String id) {
    return set != null && set.contains(id);
  }

  int size() {
    return order == null ? 0 : order.size();
  }
}
