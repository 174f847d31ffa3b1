package io.callpark.parking.store;

import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory twin of HazelcastSlotStore, for unit tests and single-process tools: a
 * {@link ConcurrentHashMap} whose atomic {@code putIfAbsent}/{@code compute} give the same conditional
 * semantics: a replace or remove wins only while the stored record equals the expected one. Futures are
 * already complete, so callbacks run at once on the calling thread (the caller's context).
 *
 * <p>Watchers are called on the writing thread <em>inside</em> the map's atomic update of that key, which
 * is what keeps the changes of one key in order when several threads write it; so a watcher must not
 * touch this store (it would deadlock on the key) and should only hand the change on. Several nodes of
 * one test may share an instance, like the members of a cluster share the map. Thread-safe.
 */
public final class InMemorySlotStore implements SlotStore {
  private static final Logger log = LoggerFactory.getLogger(InMemorySlotStore.class);

  private final ConcurrentHashMap<String, SlotRecord> records = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> counts = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<Consumer<SlotChange>> watchers = new CopyOnWriteArrayList<>();

  @Override
  public Future<Optional<SlotRecord>> get(String lot, String slot) {
    return Future.succeededFuture(Optional.ofNullable(records.get(SlotRecord.key(lot, slot))));
  }

  @Override
  public Future<Optional<SlotRecord>> putIfAbsent(SlotRecord record) {
    SlotRecord[] holder = {null};
    records.compute(record.key(), (k, current) -> {
      if (current != null) {
        holder[0] = current;
        return current;
      }
      changed(null, record);
      return record;
    });
    return Future.succeededFuture(Optional.ofNullable(holder[0]));
  }

  @Override
  public Future<Boolean> replace(SlotRecord expected, SlotRecord next) {
    Checks.replacement(expected, next);
    boolean[] done = {false};
    records.computeIfPresent(expected.key(), (k, current) -> {
      if (current.equals(expected)) {
        done[0] = true;
        changed(current, next);
        return next;
      }
      return current;
    });
    return Future.succeededFuture(done[0]);
  }

  @Override
  public Future<Boolean> remove(SlotRecord expected) {
    boolean[] done = {false};
    records.computeIfPresent(expected.key(), (k, current) -> {
      if (current.equals(expected)) {
        done[0] = true;
        changed(current, null);
        return null;
      }
      return current;
    });
    return Future.succeededFuture(done[0]);
  }

  @Override
  public Future<List<SlotRecord>> list(String lot) {
    List<SlotRecord> out = new ArrayList<>();
    records.values().forEach(r -> {
      if (r.lot().equals(lot)) {
        out.add(r);
      }
    });
    out.sort(SlotRecord.ORDER);
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Map<String, SlotRecord>> getAll(Collection<String> keys) {
    Map<String, SlotRecord> out = new HashMap<>();
    for (String key : keys) {
      SlotRecord r = records.get(key);
      if (r != null) {
        out.put(key, r);
      }
    }
    return Future.succeededFuture(out);
  }

  @Override
  public Future<List<SlotRecord>> all() {
    List<SlotRecord> out = new ArrayList<>(records.values());
    out.sort(SlotRecord.ORDER);
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Optional<SlotRecord>> findByCall(String callUuid) {
    return Future.succeededFuture(records.values().stream()
        .filter(r -> callUuid.equals(r.callUuid())).min(SlotRecord.ORDER));
  }

  @Override
  public Future<List<SlotRecord>> dueBy(long nowMillis) {
    List<SlotRecord> out = new ArrayList<>();
    records.values().forEach(r -> {
      if (r.deadlineMillis() > 0 && r.deadlineMillis() <= nowMillis) {
        out.add(r);
      }
    });
    out.sort(java.util.Comparator.comparingLong(SlotRecord::deadlineMillis).thenComparing(SlotRecord.ORDER));
    return Future.succeededFuture(out);
  }

  @Override
  public Watch watch(Consumer<SlotChange> listener) {
    watchers.add(listener);
    return () -> watchers.remove(listener);
  }

  @Override
  public Future<Map<String, Long>> nextCounts(Collection<String> keys) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String key : keys) {
      out.put(key, counts.merge(key, 1L, Long::sum));
    }
    return Future.succeededFuture(out);
  }

  private void changed(SlotRecord before, SlotRecord after) {
    SlotChange change = new SlotChange(before, after);
    for (Consumer<SlotChange> w : watchers) {
      try {
        w.accept(change);
      } catch (RuntimeException e) {
        log.error("slot watcher failed on {}", change, e);
      }
    }
  }
}
