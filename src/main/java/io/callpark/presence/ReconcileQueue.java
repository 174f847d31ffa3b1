package io.callpark.presence;

import io.callpark.parking.SlotRecord;
import io.vertx.core.Vertx;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rate limit of a reconcile: slots (and lots) waiting to be republished, handed to the publisher at
 * most {@code ratePerSecond} per second, in the order they were queued, in small batches every
 * {@value #TICK_MS} ms. A key queued again while it waits is merged (one event, to the union of the
 * boxes, with the newer snapshot), so overlapping reconciles (a box reconnecting during the periodic
 * run) never send a slot twice or exceed the rate together. Slot changes and probe answers do not pass
 * through here: a reconcile never delays a lamp that just changed.
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
  private final Consumer<Item> sink;
  private final LinkedHashMap<String, Item> pending = new LinkedHashMap<>();
  private long timer = -1;
  private double credit;

  ReconcileQueue(Vertx vertx, int ratePerSecond, Consumer<Item> sink) {
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
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void tick() {
    double perTick = ratePerSecond * TICK_MS / 1000.0;
    credit = Math.min(credit + perTick, Math.max(perTick, 1));
    Iterator<Map.Entry<String, Item>> it = pending.entrySet().iterator();
    while (credit >= 1 && it.hasNext()) {
      Item item = it.next().getValue();
      it.remove();
      credit -= 1;
      sink.accept(item);
    }
    if (pending.isEmpty()) {
      vertx.cancelTimer(timer);
      timer = -1;
      credit = 0;
    }
  }
}
