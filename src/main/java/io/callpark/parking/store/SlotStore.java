package io.callpark.parking.store;

import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where slot records live: a Hazelcast IMap in production ({@link HazelcastSlotStore}), a map in memory
 * for unit tests ({@link InMemorySlotStore}); {@code SlotStoreContract} runs the same tests on both.
 *
 * <p>Every write is conditional. A lost race is a normal result ({@code false}, or the record that
 * won), never an exception: the caller decides what to do next (try another slot, give up, re-read).
 * Futures never block the caller's event loop; they complete on the caller's Vert.x context when
 * called from one.
 *
 * <p>Besides the records it keeps one counter per key that outlives them ({@link #nextCounts}), and it
 * tells {@link #watch watchers} of every change (presence publishes lamps from both).
 *
 * <p>Implementations are thread-safe.
 */
public interface SlotStore {

  /** The record in {@code lot/slot}, or empty. */
  Future<Optional<SlotRecord>> get(String lot, String slot);

  /**
   * Takes a free slot: writes {@code record} only if its key holds nothing. Completes with empty on
   * success, or with the record that already holds the slot.
   */
  Future<Optional<SlotRecord>> putIfAbsent(SlotRecord record);

  /**
   * Replaces {@code expected} by {@code next} (same key) only if the stored record still has
   * {@code expected}'s version. {@code next.version()} must be {@code expected.version() + 1}, else
   * this throws {@link IllegalArgumentException} at once.
   *
   * <p>"Still has the version" is checked as equality of the whole record, which is the same thing for
   * one occupant (every write increments the version) and also refuses a stale copy of a previous
   * occupant whose version, restarted at 1, happens to match the new one's (docs/decisions/0002).
   * Pass the record as read from the store.
   */
  Future<Boolean> replace(SlotRecord expected, SlotRecord next);

  /** Frees the slot only if it still holds {@code expected}'s version (compared as in {@link #replace}). */
  Future<Boolean> remove(SlotRecord expected);

  /**
   * The records under {@code keys} ({@link SlotRecord#key} form), by key; a key holding nothing is left out.
   * One bulk read instead of one {@link #get} per slot (the audit checks every call this node holds).
   */
  Future<Map<String, SlotRecord>> getAll(Collection<String> keys);

  /** Every record of one lot, ordered by lot then slot ({@link SlotRecord#ORDER}). */
  Future<List<SlotRecord>> list(String lot);

  /** Every record of every lot, ordered by lot then slot ({@link SlotRecord#ORDER}). */
  Future<List<SlotRecord>> all();

  /** The record whose parked (or reserved-for) channel is {@code callUuid}, or empty. */
  Future<Optional<SlotRecord>> findByCall(String callUuid);

  /**
   * Records with a deadline at or before {@code nowMillis} that this node must fire: all of them on a
   * single node; in a cluster only those whose partition this member owns (issue 5), so each deadline
   * has exactly one firing node at a time. Earliest deadline first.
   */
  Future<List<SlotRecord>> dueBy(long nowMillis);

  /**
   * Calls {@code listener} with every change of every record, whichever node wrote it, on every node
   * that watches (Hazelcast: a cluster-wide entry listener). Changes of one key arrive in the order
   * they were made; changes of different keys in any order. A change made while a member was joining
   * or a partition migrating may be missed: whoever relies on this also repairs by re-reading
   * (presence's reconcile). The listener runs on a thread of the store's choosing, must be quick and
   * must not call the store (hop to a context first). Closing the returned watch stops the calls.
   */
  Watch watch(Consumer<SlotChange> listener);

  /**
   * Adds one to the counter of each of {@code keys} (a counter that does not exist starts at 0, so
   * its first value is 1) and completes with the new values by key. The counters are independent of
   * the records: freeing a slot and taking it again never sets one back. Used as presence's
   * {@code event_count}, which must never go backwards for a slot across the cluster.
   */
  Future<Map<String, Long>> nextCounts(Collection<String> keys);

  /** A registration of {@link #watch}. */
  interface Watch extends AutoCloseable {
    /** Stops the calls; idempotent. */
    @Override
    void close();
  }
}
