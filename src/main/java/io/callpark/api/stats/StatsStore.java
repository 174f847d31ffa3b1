package io.callpark.api.stats;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where park statistics live: a Hazelcast IMap in production ({@link HazelcastStatsStore}), so they
 * survive any one node's death; a map in memory for one process ({@link InMemoryStatsStore});
 * {@code StatsStoreContract} runs the same tests on both.
 *
 * <p>Memory is bounded: per lot and window at most {@link Window#kept()} buckets, each of fixed size
 * ({@link StatsBucket}). An update is atomic per bucket wherever it runs. Futures complete on the
 * caller's Vert.x context when called from one. Implementations are thread-safe.
 */
public interface StatsStore {

  /**
   * Counts {@code tally} in {@code lot}'s bucket of {@code window} starting at {@code bucketStart}. The
   * bucket that held that position for an older window is replaced by a fresh one; an update for a
   * bucket older than the one held there now (a very late event) is dropped.
   */
  Future<Void> add(String lot, Window window, long bucketStart, Tally tally);

  /** Every bucket held for {@code lot} and {@code window}, in no particular order; stale ones included. */
  Future<List<StatsBucket>> buckets(String lot, Window window);

  /** The update every implementation applies to the bucket at a position (null: none yet). */
  static StatsBucket updated(StatsBucket current, long bucketStart, Tally tally) {
    if (current != null && current.start() > bucketStart) {
      return current;
    }
    StatsBucket base = current == null || current.start() < bucketStart ? StatsBucket.empty(bucketStart) : current;
    return base.plus(tally);
  }
}
