package io.callpark.parking;

import io.callpark.parking.store.SlotChange;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which slots of each lot this node believes taken: a bit per slot, kept from the store's change feed
 * ({@link SlotStore#watch}) and re-read from the store now and then, so choosing a free slot for
 * {@code auto in} costs a bit scan instead of reading every record of the lot (with 10,000 parked, each
 * park read and sorted 10,000 records: the node spent its time there, see docs/decisions/0006).
 *
 * <p>It is a hint. The slot is still taken with {@link SlotStore#putIfAbsent}: a slot believed free
 * that is not simply loses its race (and is marked taken from the holder returned); a slot believed
 * taken that is free is only passed over. When the hint says a range is full, the lot is read from the
 * store, the hint replaced by what it says, and the full list of free slots returned ({@link
 * Candidates#complete()}): "lot full" is only ever said from the store's own answer. Before
 * {@link #start} (unit tests that build the flows by hand) every request reads the store, as before.
 *
 * <p>Changes arrive on the store's threads and requests on call contexts: each lot's bits are guarded
 * by that lot's monitor. A re-read replaces the bits with the store's answer and then replays the
 * changes that arrived while it was in flight, so none is lost to the replacement. Thread-safe.
 */
public final class SlotOccupancy {
  private static final Logger log = LoggerFactory.getLogger(SlotOccupancy.class);
  /** Candidates offered per request from the hint; a lost race just asks again. */
  static final int BATCH = 8;
  /** How often every lot is re-read, repairing changes the feed missed (a member joining, a migration). */
  static final long RESYNC_MILLIS = 120_000;

  /**
   * Free slots to try, in order. {@code complete}: read from the store just now, so if every one is
   * lost the lot is full; otherwise a batch from the hint, and the caller asks again when it runs out.
   */
  public record Candidates(List<String> slots, boolean complete) {}

  private final Map<String, Lot> lots;
  private final SlotStore store;
  private final Map<String, Bits> bits = new ConcurrentHashMap<>();
  private volatile boolean ready;
  private SlotStore.Watch watch;
  private long resyncTimer = -1;
  private Vertx vertx;

  public SlotOccupancy(Map<String, Lot> lots, SlotStore store) {
    this.lots = Map.copyOf(lots);
    this.store = store;
    for (Lot lot : lots.values()) {
      bits.put(lot.name(), new Bits(lot.slots()));
    }
  }

  /** Follows the store's changes, reads every lot once (then becomes {@link #ready}) and every {@value #RESYNC_MILLIS} ms. */
  public synchronized void start(Vertx vertx) {
    if (watch != null) {
      return;
    }
    this.vertx = vertx;
    watch = store.watch(this::onChange);
    resyncAll().onComplete(ar -> {
      if (ar.succeeded()) {
        ready = true;
      } else {
        log.warn("slot occupancy not read yet ({}); parks read the store until the next try", ar.cause().toString());
      }
    });
    resyncTimer = vertx.setPeriodic(RESYNC_MILLIS, id -> resyncAll().onSuccess(v -> ready = true));
  }

  public synchronized void close() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
    if (resyncTimer >= 0) {
      vertx.cancelTimer(resyncTimer);
      resyncTimer = -1;
    }
    ready = false;
  }

  /** Whether requests are answered from the hint (after the first full read). */
  public boolean ready() {
    return ready;
  }

  /**
   * Free slots of {@code range} (within {@code lot}'s slots) in trying order: ascending for
   * {@link Lot.Allocation#FIRST_FREE}, after {@code lastTaken} and wrapping for
   * {@link Lot.Allocation#ROUND_ROBIN}. From the hint, at most {@value #BATCH}; from the store when the
   * hint has none (or is not ready), all of them.
   */
  public Future<Candidates> candidates(Lot lot, SlotRange range, Lot.Allocation allocation, String lastTaken) {
    Bits b = bits.get(lot.name());
    if (ready && b != null) {
      List<String> batch = b.free(range, allocation, lastTaken, BATCH);
      if (!batch.isEmpty()) {
        return Future.succeededFuture(new Candidates(batch, false));
      }
    }
    return fromStore(lot, range, allocation, lastTaken);
  }

  /** As {@link #candidates}, but read from the store (and the hint made to agree): every free slot. */
  public Future<Candidates> fromStore(Lot lot, SlotRange range, Lot.Allocation allocation, String lastTaken) {
    return reread(lot.name()).map(records -> new Candidates(SlotAllocator.candidates(range,
        records.stream().map(SlotRecord::slot).toList(), allocation, lastTaken), true));
  }

  /** A conditional write found {@code holder} in its slot: it is taken whatever the feed said. */
  public void seen(SlotRecord holder) {
    Bits b = bits.get(holder.lot());
    if (b != null) {
      b.change(holder.slot(), true);
    }
  }

  /** This node just took {@code record}'s slot (the feed will say so too, a little later). */
  public void taken(SlotRecord record) {
    seen(record);
  }

  private void onChange(SlotChange c) {
    Bits b = bits.get(c.lot());
    if (b != null) {
      b.change(c.slot(), c.after() != null);
    }
  }

  private Future<Void> resyncAll() {
    List<String> names = new ArrayList<>(lots.keySet());
    names.forEach(n -> bits.get(n).beginRead());
    return store.all().map(records -> {
      Map<String, List<String>> byLot = new HashMap<>();
      names.forEach(n -> byLot.put(n, new ArrayList<>()));
      for (SlotRecord r : records) {
        List<String> l = byLot.get(r.lot());
        if (l != null) {
          l.add(r.slot());
        }
      }
      names.forEach(n -> bits.get(n).endRead(byLot.get(n)));
      return (Void) null;
    }).onFailure(e -> names.forEach(n -> bits.get(n).abandonRead()));
  }

  /** Reads one lot from the store and makes the hint say the same. */
  private Future<List<SlotRecord>> reread(String lot) {
    Bits b = bits.get(lot);
    if (b == null) {
      return store.list(lot);
    }
    b.beginRead();
    return store.list(lot).onSuccess(records -> b.endRead(records.stream().map(SlotRecord::slot).toList()))
        .onFailure(e -> b.abandonRead());
  }

  /** One lot's bits over its range; guarded by its own monitor. */
  private static final class Bits {
    private final SlotRange slots;
    private BitSet taken = new BitSet();
    /** Reads in flight; while there are any, changes are also logged to be replayed over their answer. */
    private int reads;
    private final List<Seen> during = new ArrayList<>();

    private record Seen(String slot, boolean occupied) {}

    Bits(SlotRange slots) {
      this.slots = slots;
    }

    synchronized void change(String slot, boolean occupied) {
      apply(slot, occupied);
      if (reads > 0) {
        during.add(new Seen(slot, occupied));
      }
    }

    private void apply(String slot, boolean occupied) {
      int i = index(slot);
      if (i >= 0) {
        taken.set(i, occupied);
      }
    }

    synchronized void beginRead() {
      reads++;
    }

    synchronized void endRead(List<String> occupied) {
      BitSet fresh = new BitSet(slots.size());
      for (String s : occupied) {
        int i = index(s);
        if (i >= 0) {
          fresh.set(i);
        }
      }
      for (Seen c : during) {
        int i = index(c.slot());
        if (i >= 0) {
          fresh.set(i, c.occupied());
        }
      }
      taken = fresh;
      finishRead();
    }

    synchronized void abandonRead() {
      finishRead();
    }

    private void finishRead() {
      if (--reads == 0) {
        during.clear();
      }
    }

    synchronized List<String> free(SlotRange range, Lot.Allocation allocation, String lastTaken, int max) {
      int lo = range.from() - slots.from();
      int hi = range.to() - slots.from(); // inclusive
      if (lo < 0 || hi >= slots.size()) {
        return List.of();
      }
      int start = lo;
      if (allocation == Lot.Allocation.ROUND_ROBIN && lastTaken != null) {
        int last = index(lastTaken);
        start = last < lo || last > hi ? lo : (last == hi ? lo : last + 1);
      }
      List<String> out = new ArrayList<>(max);
      scan(start, hi, max, out);
      if (start > lo) {
        scan(lo, start - 1, max, out);
      }
      return out;
    }

    private void scan(int from, int to, int max, List<String> out) {
      for (int i = taken.nextClearBit(from); i <= to && out.size() < max; i = taken.nextClearBit(i + 1)) {
        out.add(slots.name(slots.from() + i));
      }
    }

    private int index(String slot) {
      return slots.contains(slot) ? Integer.parseInt(slot) - slots.from() : -1;
    }
  }
}
