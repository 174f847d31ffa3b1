package io.callpark.api.feed;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster's recent park events, bounded to the last {@link #CAPACITY}, and a live subscription to
 * new ones, so every node's API serves every node's events: a Hazelcast ringbuffer in production
 * ({@link HazelcastEventFeed}), a ring in memory for one process ({@link InMemoryEventFeed});
 * {@code EventFeedContract} runs the same tests on both.
 *
 * <p>Each event is appended once, by the node that published it — the node whose conditional write won
 * — so the feed holds every event exactly once. Implementations are thread-safe; futures complete on
 * the caller's Vert.x context when called from one; subscribers are called on any thread, in feed order.
 */
public interface EventFeed {
  /** How many events the feed keeps; older ones are overwritten. */
  int CAPACITY = 1000;

  /** Appends {@code event} (its seq ignored); completes with the seq it got. */
  Future<Long> append(FeedEvent event);

  /** The last {@code limit} events, oldest first. */
  Future<List<FeedEvent>> recent(int limit);

  /**
   * Up to {@code limit} events after {@code afterSeq}, oldest first. When {@code afterSeq} is older than the
   * feed's oldest event, or newer than its newest (the feed restarted), it starts at the oldest kept.
   */
  Future<List<FeedEvent>> since(long afterSeq, int limit);

  /** Calls {@code listener} with each event appended from now on; close the result to stop. */
  AutoCloseable subscribe(Consumer<FeedEvent> listener);
}
