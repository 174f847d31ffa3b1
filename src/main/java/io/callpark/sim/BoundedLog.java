package io.callpark.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An append-only record that keeps its last {@code limit} entries (oldest dropped first): what the box
 * received, for tests to read.
 *
 * <p>Thread-safe: the box appends on its context, tests snapshot from any thread.
 */
final class BoundedLog<T> {
  private final int limit;
  private final ConcurrentLinkedQueue<T> items = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  BoundedLog(int limit) {
    this.limit = Math.max(1, limit);
  }

  void add(T item) {
    items.add(item);
    if (size.incrementAndGet() > limit && items.poll() != null) {
      size.decrementAndGet();
    }
  }

  List<T> snapshot() {
    return new ArrayList<>(items);
  }

  void clear() {
    items.clear();
    size.set(0);
  }
}
