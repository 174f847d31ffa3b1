package io.callpark.presence;

import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rate limit of a reconcile: slots (and lots) waiting to be republished, handed to the publisher at
 * most {@code ratePerSecond} per second, in the order they were queued, in small batches every
 * {@value #TICK_MS} ms (one batch: one counter draw for all its slots). A key queued again while it waits is merged (one event, to the union of the
 * boxes, with the newer snapshot), so overlapping reconciles (a box reconnecting during the periodic
 * run) never send a slot twice or exceed the rate together. Slot changes and probe answers do not pass
 * through here. A batch goes out only when the previous one is done (its counters drawn, its events
 * answered by the boxes), so a reconcile never has more than one batch queued on a link ahead of a lamp
 * that just changed, and slows down by itself when the boxes or this node are busy.
 *
 * <p>Not thread-safe: confined to the publisher's context (its timer runs there too).
 */
final class ReconcileQueue {
  static final long TICK_MS = 10;

  /**
   * One slot or lot to republish.
   *
   * @param key slot key {@code lot/slot}, or the lot name for the lot's own lamp
   * @param lot lot name
   * @param slot the slot, or null for the lot
   * @param snapshot the slot's record when the reconcile read the lot (null: empty); unused for a lot
   * @param boxes ids of the boxes to send it to
   * @param since the publisher's change counter when the snapshot was read: a change of this key seen
   *     later makes the snapshot stale
   */
  record Item(String key, String lot, String slot, SlotRecord snapshot, Set<String> boxes, long since) {}

  private final Vertx vertx;
  private final int ratePerSecond;
  private final Function<List<Item>, Future<?>> sink;
  private boolean batchOut;
  private final LinkedHashMap<String, Item> pending = new LinkedHashMap<>();
  private long timer = -1;
  private double credit;

  /** {@code sink} gets each tick's batch (never empty), in queue order; its future says when it is done. */
  ReconcileQueue(Vertx vertx, int ratePerSecond, Function<List<Item>, Future<?>> sink) {
    this.vertx = vertx;
    this.ratePerSecond = ratePerSecond;
    this.sink = sink;
  }

  void add(Item item) {
    Item old = pending.get(item.key());
    if (old == null) {
      pending.put(item.key(), item);
    } else {
      Set<String> boxes = new LinkedHashSet<>(old.boxes());
      boxes.addAll(item.boxes());
      pending.put(item.key(), new Item(item.key(), item.lot(), item.slot(), item.snapshot(), boxes, item.since()));
    }
    if (timer < 0) {
      timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }
  }

  int size() {
    return pending.size();
  }

  void clear() {
    pending.clear();
    batchOut = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    if (batchOut) {
      return;
    }
    double perTick = ratePerSecond * TICK_MS / 1000.0;
    credit = Math.min(credit + perTick, Math.max(perTick, 1));
    Iterator<Map.Entry<String, Item>> it = pending.entrySet().iterator();
    List<Item> batch = new ArrayList<>();
    while (credit >= 1 && it.hasNext()) {
      batch.add(it.next().getValue());
      it.remove();
      credit -= 1;
    }
    if (!batch.isEmpty()) {
      batchOut = true;
      Future<?> done;
      try {
        done = sink.apply(batch);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onComplete(ar -> batchOut = false);
    }
    if (pending.isEmpty()) {
      vertx.cancelTimer(timer);
      timer = -1;
      credit = 0;
    }
  }
}
