package io.callpark.parking.store;

import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory twin of HazelcastSlotStore, for unit tests and single-process tools: a
 * {@link ConcurrentHashMap} whose atomic {@code putIfAbsent}/{@code compute} give the same conditional
 * semantics: a replace or remove wins only while the stored record equals the expected one. Futures are
 * already complete, so callbacks run at once on the calling thread (the caller's context). Thread-safe.
 */
public final class InMemorySlotStore implements SlotStore {
  private final ConcurrentHashMap<String, SlotRecord> records = new ConcurrentHashMap<>();

  @Override
  public Future<Optional<SlotRecord>> get(String lot, String slot) {
    return Future.succeededFuture(Optional.ofNullable(records.get(SlotRecord.key(lot, slot))));
  }

  @Override
  public Future<Optional<SlotRecord>> putIfAbsent(SlotRecord record) {
    return Future.succeededFuture(Optional.ofNullable(records.putIfAbsent(record.key(), record)));
  }

  @Override
  public Future<Boolean> replace(SlotRecord expected, SlotRecord next) {
    Checks.replacement(expected, next);
    boolean[] done = {false};
    records.computeIfPresent(expected.key(), (k, current) -> {
      if (current.equals(expected)) {
        done[0] = true;
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
    out.sort(Comparator.comparing(SlotRecord::key));
    return Future.succeededFuture(out);
  }

  @Override
  public Future<List<SlotRecord>> all() {
    List<SlotRecord> out = new ArrayList<>(records.values());
    out.sort(Comparator.comparing(SlotRecord::key));
    return Future.succeededFuture(out);
  }

  @Override
  public Future<Optional<SlotRecord>> findByCall(String callUuid) {
    return Future.succeededFuture(records.values().stream()
        .filter(r -> callUuid.equals(r.callUuid())).min(Comparator.comparing(SlotRecord::key)));
  }

  @Override
  public Future<List<SlotRecord>> dueBy(long nowMillis) {
    List<SlotRecord> out = new ArrayList<>();
    records.values().forEach(r -> {
      if (r.deadlineMillis() > 0 && r.deadlineMillis() <= nowMillis) {
        out.add(r);
      }
    });
    out.sort(Comparator.comparingLong(SlotRecord::deadlineMillis).thenComparing(r -> r.key()));
    return Future.succeededFuture(out);
  }
}
