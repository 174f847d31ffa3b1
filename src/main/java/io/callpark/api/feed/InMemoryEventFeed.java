package io.callpark.api.feed;

import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * {@link EventFeed} in one process: a ring of the last {@code capacity} events. For a single node (the
 * {@code memory} store, the demo) and tests. Thread-safe: appends and reads hold the ring's lock;
 * listeners are called after it is released, on the appending thread, in seq order per appender.
 */
public final class InMemoryEventFeed implements EventFeed {
  private final int capacity;
  private final ArrayDeque<FeedEvent> ring = new ArrayDeque<>();
  private final List<Consumer<FeedEvent>> listeners = new CopyOnWriteArrayList<>();
  private long next;

  public InMemoryEventFeed() {
    this(CAPACITY);
  }

  public InMemoryEventFeed(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public Future<Long> append(FeedEvent event) {
    FeedEvent stored;
    synchronized (this) {
      stored = event.withSeq(next++);
      ring.addLast(stored);
      if (ring.size() > capacity) {
        ring.removeFirst();
      }
      // Listeners are called under the lock so that they see seqs in order.
      for (Consumer<FeedEvent> l : listeners) {
        l.accept(stored);
      }
    }
    return Future.succeededFuture(stored.seq());
  }

  @Override
  public synchronized Future<List<FeedEvent>> recent(int limit) {
    List<FeedEvent> all = new ArrayList<>(ring);
    return Future.succeededFuture(List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size())));
  }

  @Override
  public synchronized Future<List<FeedEvent>> since(long afterSeq, int limit) {
    long from = afterSeq + 1;
    long head = ring.isEmpty() ? next : ring.peekFirst().seq();
    if (from < head || from > next) {
      from = head;
    }
    List<FeedEvent> out = new ArrayList<>();
    for (FeedEvent e : ring) {
      if (e.seq() >= from && out.size() < limit) {
        out.add(e);
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public AutoCloseable subscribe(Consumer<FeedEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
