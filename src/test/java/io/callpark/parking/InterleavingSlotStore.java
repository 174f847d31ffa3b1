package io.callpark.parking;

import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotChange;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An in-memory store that lets a test run another actor just before a caller's conditional write: the
 * interleaving of two nodes (or of a node and the switch) that a real cluster produces only now and
 * then. A hook runs once, before the next {@link #replace} or {@link #putIfAbsent} it accepts, and the
 * write goes on when the hook's future completes.
 */
final class InterleavingSlotStore implements SlotStore {
  private final InMemorySlotStore store = new InMemorySlotStore();
  private final AtomicReference<BiFunction<SlotRecord, SlotRecord, Future<?>>> beforeReplace = new AtomicReference<>();
  private final AtomicReference<Function<SlotRecord, Future<?>>> beforePut = new AtomicReference<>();

  /** As {@link #beforeNextReplace}, for the next {@link #putIfAbsent} the hook accepts. */
  void beforeNextPutIfAbsent(Function<SlotRecord, Future<?>> hook) {
    beforePut.set(hook);
  }

  /**
   * Runs {@code hook(expected, next)} before the next replace for which it returns a future (a null
   * answer lets that replace through untouched and keeps the hook armed).
   */
  void beforeNextReplace(BiFunction<SlotRecord, SlotRecord, Future<?>> hook) {
    beforeReplace.set(hook);
  }

  @Override
  public Future<Boolean> replace(SlotRecord expected, SlotRecord next) {
    BiFunction<SlotRecord, SlotRecord, Future<?>> hook = beforeReplace.get();
    Future<?> first = hook == null ? null : hook.apply(expected, next);
    if (first == null) {
      return store.replace(expected, next);
    }
    beforeReplace.compareAndSet(hook, null);
    return first.transform(ar -> store.replace(expected, next));
  }

  @Override
  public Future<Optional<SlotRecord>> get(String lot, String slot) {
    return store.get(lot, slot);
  }

  @Override
  public Future<Optional<SlotRecord>> putIfAbsent(SlotRecord record) {
    Function<SlotRecord, Future<?>> hook = beforePut.get();
    Future<?> first = hook == null ? null : hook.apply(record);
    if (first == null) {
      return store.putIfAbsent(record);
    }
    beforePut.compareAndSet(hook, null);
    return first.transform(ar -> store.putIfAbsent(record));
  }

  @Override
  public Future<Boolean> remove(SlotRecord expected) {
    return store.remove(expected);
  }

  @Override
  public Future<java.util.Map<String, SlotRecord>> getAll(java.util.Collection<String> keys) {
    return store.getAll(keys);
  }

  @Override
  public Future<List<SlotRecord>> list(String lot) {
    return store.list(lot);
  }

  @Override
  public Future<List<SlotRecord>> all() {
    return store.all();
  }

  @Override
  public Future<Optional<SlotRecord>> findByCall(String callUuid) {
    return store.findByCall(callUuid);
  }

  @Override
  public Future<List<SlotRecord>> dueBy(long nowMillis) {
    return store.dueBy(nowMillis);
  }

  @Override
  public Watch watch(Consumer<SlotChange> listener) {
    return store.watch(listener);
  }

  @Override
  public Future<Map<String, Long>> nextCounts(Collection<String> keys) {
    return store.nextCounts(keys);
  }
}
