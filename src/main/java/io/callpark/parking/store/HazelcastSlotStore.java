package io.callpark.parking.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import io.callpark.parking.SlotRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link SlotStore}: slot records in the Hazelcast {@link IMap} {@value #MAP_NAME},
 * keyed {@code lot/slot}, stored with Compact serialization ({@link SlotRecordSerializer}).
 *
 * <p>Writes are one {@link SlotWrite} entry processor each: the comparison with the expected record and
 * the write happen on the partition owner's thread, so two members racing for a slot get one winner.
 * Single-key reads and writes use Hazelcast's async API; queries (lot, call, due deadlines), which
 * Hazelcast only offers as blocking calls, run on a Vert.x worker thread. Either way the returned future
 * completes on the caller's Vert.x context (the current one, or a new event-loop context when called
 * from another thread), never on a Hazelcast thread, and no call blocks an event loop.
 *
 * <p>{@link #dueBy} returns only records in partitions this member owns, so with every member scanning,
 * each deadline is fired by one member; when a member dies its partitions, and so its timers, move to
 * the survivors. The handover can briefly give two members the same record: firing is a conditional
 * write, so only one wins.
 *
 * <p>{@link #watch} is a cluster-wide entry listener on the map (every member hears every change; events
 * of one key come in order, on a Hazelcast event thread). {@link #nextCounts} increments entries of the
 * map {@value #COUNTS_MAP_NAME} with a {@link CounterIncrement} on each key's partition owner, so
 * concurrent increments from any member never lose one; its backups make the counters survive a
 * member's death (not a restart of the whole cluster).
 *
 * <p>Thread-safe. Needs a member (or config) prepared by {@link HazelcastSetup#withSlotStore}.
 */
public final class HazelcastSlotStore implements SlotStore {
  /** The IMap holding slot records. */
  public static final String MAP_NAME = "callpark.slots";
  /** The IMap holding the per-key counters of {@link #nextCounts}. */
  public static final String COUNTS_MAP_NAME = "callpark.counts";
  private static final Logger log = LoggerFactory.getLogger(HazelcastSlotStore.class);

  /** Keys per {@code getAll} round trip: bounds one worker task when a node holds many calls. */
  private static final int GET_ALL_BATCH = 1_000;
  private static final Comparator<SlotRecord> BY_DEADLINE =
      Comparator.comparingLong(SlotRecord::deadlineMillis).thenComparing(SlotRecord.ORDER);

  private final Vertx vertx;
  private final IMap<String, SlotRecord> map;
  private final IMap<String, Long> counts;

  /** A store over {@value #MAP_NAME} of {@code hazelcast}; completions go to contexts of {@code vertx}. */
  public HazelcastSlotStore(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = Objects.requireNonNull(vertx);
    this.map = hazelcast.getMap(MAP_NAME);
    this.counts = hazelcast.getMap(COUNTS_MAP_NAME);
  }

  @Override
  public Future<Optional<SlotRecord>> get(String lot, String slot) {
    String key = SlotRecord.key(lot, slot);
    return async(() -> map.getAsync(key)).map(Optional::ofNullable);
  }

  @Override
  public Future<Optional<SlotRecord>> putIfAbsent(SlotRecord record) {
    return write(record.key(), SlotWrite.ifAbsent(record)).map(Optional::ofNullable);
  }

  @Override
  public Future<Boolean> replace(SlotRecord expected, SlotRecord next) {
    Checks.replacement(expected, next);
    return write(expected.key(), SlotWrite.ifSame(expected, next)).map(expected::equals);
  }

  @Override
  public Future<Boolean> remove(SlotRecord expected) {
    return write(expected.key(), SlotWrite.removeIfSame(expected)).map(expected::equals);
  }

  @Override
  public Future<List<SlotRecord>> list(String lot) {
    Predicate<String, SlotRecord> inLot = Predicates.equal(SlotRecordSerializer.LOT, lot);
    return blocking(() -> sorted(map.values(inLot), SlotRecord.ORDER));
  }

  @Override
  public Future<Map<String, SlotRecord>> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> all = List.copyOf(keys);
    return blocking(() -> {
      Map<String, SlotRecord> out = new HashMap<>();
      for (int i = 0; i < all.size(); i += GET_ALL_BATCH) {
        out.putAll(map.getAll(new HashSet<>(all.subList(i, Math.min(all.size(), i + GET_ALL_BATCH)))));
      }
      return out;
    });
  }

  @Override
  public Future<List<SlotRecord>> all() {
    return blocking(() -> sorted(map.values(), SlotRecord.ORDER));
  }

  @Override
  public Future<Optional<SlotRecord>> findByCall(String callUuid) {
    Predicate<String, SlotRecord> ofCall = Predicates.equal(SlotRecordSerializer.CALL_UUID, callUuid);
    return blocking(() -> sorted(map.values(ofCall), SlotRecord.ORDER).stream().findFirst());
  }

  @Override
  public Future<List<SlotRecord>> dueBy(long nowMillis) {
    Predicate<String, SlotRecord> due = Predicates.and(
        Predicates.greaterThan(SlotRecordSerializer.DEADLINE, 0L),
        Predicates.lessEqual(SlotRecordSerializer.DEADLINE, nowMillis));
    return blocking(() -> {
      Set<String> owned = map.localKeySet(due);
      if (owned.isEmpty()) {
        return List.of();
      }
      // A record may have changed between the two calls: keep only what is still due.
      List<SlotRecord> out = new ArrayList<>();
      for (SlotRecord r : map.getAll(owned).values()) {
        if (r.deadlineMillis() > 0 && r.deadlineMillis() <= nowMillis) {
          out.add(r);
        }
      }
      out.sort(BY_DEADLINE);
      return out;
    });
  }

  @Override
  public Watch watch(Consumer<SlotChange> listener) {
    UUID id = map.addEntryListener(new ChangeListener(listener), true);
    return () -> map.removeEntryListener(id);
  }

  @Override
  public Future<Map<String, Long>> nextCounts(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Set<String> unique = new LinkedHashSet<>(keys);
    if (unique.size() == 1) {
      // One key: a single-partition operation; submitToKeys would fan out per partition of the cluster.
      String key = unique.iterator().next();
      return async(() -> counts.submitToKey(key, new CounterIncrement())).map(n -> Map.of(key, n));
    }
    return async(() -> counts.submitToKeys(unique, new CounterIncrement())).map(byKey -> {
      Map<String, Long> out = new LinkedHashMap<>();
      for (String k : unique) {
        out.put(k, byKey.get(k));
      }
      return out;
    });
  }

  /** Turns entry events into {@link SlotChange}s. Runs on a Hazelcast event thread. */
  private static final class ChangeListener implements EntryAddedListener<String, SlotRecord>,
      EntryUpdatedListener<String, SlotRecord>, EntryRemovedListener<String, SlotRecord> {
    private final Consumer<SlotChange> listener;

    ChangeListener(Consumer<SlotChange> listener) {
      this.listener = listener;
    }

    @Override
    public void entryAdded(EntryEvent<String, SlotRecord> e) {
      deliver(null, e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, SlotRecord> e) {
      deliver(e.getOldValue(), e.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, SlotRecord> e) {
      deliver(e.getOldValue(), null);
    }

    private void deliver(SlotRecord before, SlotRecord after) {
      if (before == null && after == null) {
        return;
      }
      try {
        listener.accept(new SlotChange(before, after));
      } catch (RuntimeException ex) {
        log.error("slot watcher failed on {} -> {}", before, after, ex);
      }
    }
  }

  private Future<SlotRecord> write(String key, SlotWrite write) {
    return async(() -> map.submitToKey(key, write));
  }

  /** Bridges a Hazelcast async call to the caller's context; a synchronous throw becomes a failure. */
  private <T> Future<T> async(Supplier<CompletionStage<T>> call) {
    Context context = vertx.getOrCreateContext();
    try {
      return Future.fromCompletionStage(call.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Runs a blocking Hazelcast query on a worker; the result comes back on the caller's context. */
  private <T> Future<T> blocking(Callable<T> query) {
    return vertx.getOrCreateContext().executeBlocking(query, false);
  }

  private static List<SlotRecord> sorted(Collection<SlotRecord> records, Comparator<SlotRecord> order) {
    List<SlotRecord> out = new ArrayList<>(records);
    out.sort(order);
    return out;
  }
}
