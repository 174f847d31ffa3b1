package io.callpark.parking;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.outbound.OutboundCall;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the calls this node parked: when a parked caller hangs up, frees its slot — but only if the
 * record still names that call (a retrieved call's later hangup must not free a slot someone else now
 * holds). A consultation call that ends with {@code ATTENDED_TRANSFER} keeps its slot, reserved for the
 * caller its REFER sends (fact 37), for the lot's grace period.
 *
 * <p>Thread-safe: the maps are concurrent; each call's handlers run on that call's context.
 */
final class CallTracker {
  private static final Logger log = LoggerFactory.getLogger(CallTracker.class);

  private final ParkingContext ctx;
  private final Map<String, String> lastTaken = new ConcurrentHashMap<>();
  private final Map<String, OutboundCall> parked = new ConcurrentHashMap<>();
  private final Map<String, SlotRecord> slots = new ConcurrentHashMap<>();
  private final Set<String> lettingGo = ConcurrentHashMap.newKeySet();
  private final Set<String> suspects = ConcurrentHashMap.newKeySet();

  CallTracker(ParkingContext ctx) {
    this.ctx = ctx;
  }

  String lastTaken(String lot) {
    return lastTaken.get(lot);
  }

  void taken(String lot, String slot) {
    lastTaken.put(lot, slot);
  }

  /** Parked calls whose socket this node holds. */
  int size() {
    return parked.size();
  }

  void track(OutboundCall call, SlotRecord record, Arrival arrival) {
    slots.put(call.uuid(), record);
    if (parked.put(call.uuid(), call) != null) {
      return; // already watched (re-adopted on the same connection)
    }
    boolean[] hungUp = {false};
    if (call.socketAppReturned()) {
      slots.remove(call.uuid());
      releaseIfLeftBehind(record, call);
    }
    call.eventHandler(e -> {
      if ("CHANNEL_UNPARK".equals(e.name()) || ("CHANNEL_EXECUTE_COMPLETE".equals(e.name())
          && "socket".equals(e.header("Application")))) {
        // The socket app returned: the call left park (bridged to a retriever, transferred on). Whoever moved
        // it deleted its record first; nothing to audit any more, but a later hangup is still handled below.
        SlotRecord last = slots.remove(call.uuid());
        suspects.remove(call.uuid());
        if (last != null) {
          releaseIfLeftBehind(last, call);
        }
      }
      if ("CHANNEL_HANGUP".equals(e.name()) && !hungUp[0] && !lettingGo.contains(call.uuid())) {
        hungUp[0] = true;
        SlotRecord latest = slots.getOrDefault(call.uuid(), record);
        onHangup(call, latest, arrival, e);
      }
    });
    call.closeHandler(reason -> {
      boolean letGo = lettingGo.remove(call.uuid());
      if (!letGo) {
        parked.remove(call.uuid());
        slots.remove(call.uuid());
      }
      if (!hungUp[0] && !letGo) {
        onSocketLost(call, record, reason);
      }
    });
  }

  /** The parked calls whose sockets this node holds, with the record each was last seen in. */
  Map<String, SlotRecord> trackedRecords() {
    Map<String, SlotRecord> out = new java.util.HashMap<>();
    for (String uuid : parked.keySet()) {
      SlotRecord r = slots.get(uuid);
      if (r != null) {
        out.put(uuid, r);
      }
    }
    return out;
  }

  /** The socket of a parked call this node holds. */
  Optional<OutboundCall> socket(String uuid) {
    return Optional.ofNullable(parked.get(uuid));
  }

  /** UUIDs of the parked calls whose sockets this node holds. */
  Set<String> trackedUuids() {
    return Set.copyOf(parked.keySet());
  }

  /**
   * Lets go of calls another node now owns: a node that was frozen wakes to find its records taken
   * over (re-homed, issue 5) and must not touch those calls. It stops watching them and sends nothing
   * on their sockets: after the survivor's uuid_transfer the old socket app has returned (fact 52) and
   * FreeSWITCH closes the connection when the call ends. Completes with the number let go.
   */
  Future<Integer> letGoOfForeignCalls() {
    Map<String, SlotRecord> seen = Map.copyOf(slots);
    return currentRecords(seen).map(current -> {
      int n = 0;
      for (Map.Entry<String, SlotRecord> e : seen.entrySet()) {
        String uuid = e.getKey();
        SlotRecord mine = e.getValue();
        SlotRecord cur = current.get(mine.key());
        boolean foreign = cur != null && uuid.equals(cur.callUuid())
            && !ctx.nodeId().equals(cur.ownerNode())
            && !(SlotRecord.REHOMING + ctx.nodeId()).equals(cur.ownerNode());
        if (foreign && parked.remove(uuid) != null) {
          log.info("call {} in {} is owned by {} now: letting go of it", uuid, mine.key(), cur.ownerNode());
          slots.remove(uuid);
          lettingGo.add(uuid);
          n++;
        }
      }
      return n;
    });
  }

  /** One bulk read of the records {@code seen} last saw, by key (the audit's read: no get per call). */
  private Future<Map<String, SlotRecord>> currentRecords(Map<String, SlotRecord> seen) {
    Set<String> keys = new java.util.HashSet<>();
    seen.values().forEach(r -> keys.add(r.key()));
    return ctx.store().getAll(keys);
  }

  /**
   * Finds parked calls whose socket this node holds but whose slot no longer names them — after a
   * split-brain merge kept the other half's record for the same slot (docs/cluster.md) — and parks
   * each again in a free slot of its lot, so no caller on hold is ever without a record (and so
   * without recall, retrieval or a lamp). A call must look orphaned on two audits in a row: a retrieve
   * deletes the record a moment before its bridge unparks the call. Completes with the number re-slotted.
   */
  Future<Integer> reslotOrphans() {
    Map<String, SlotRecord> seen = Map.copyOf(slots);
    return currentRecords(seen).compose(current -> {
      List<Future<Boolean>> reslots = new ArrayList<>();
      for (Map.Entry<String, SlotRecord> e : seen.entrySet()) {
        String uuid = e.getKey();
        SlotRecord mine = e.getValue();
        SlotRecord cur = current.get(mine.key());
        if (cur != null && uuid.equals(cur.callUuid())) {
          suspects.remove(uuid);
          slots.replace(uuid, mine, cur);
          continue;
        }
        if (suspects.add(uuid) || !parked.containsKey(uuid)) {
          continue;
        }
        suspects.remove(uuid);
        reslots.add(reslot(parked.get(uuid), mine));
      }
      return Future.join(reslots).map(cf -> (int) reslots.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> reslot(OutboundCall call, SlotRecord lost) {
    Lot lot = ctx.lots().get(lost.lot());
    if (lot == null || call == null) {
      return Future.succeededFuture(false);
    }
    return ctx.store().list(lot.name()).compose(records -> {
      List<String> free = SlotAllocator.candidates(lot.slots(), records.stream().map(SlotRecord::slot).toList(),
          Lot.Allocation.FIRST_FREE, null);
      return reslotInto(call, lost, lot, free, 0);
    });
  }

  private Future<Boolean> reslotInto(OutboundCall call, SlotRecord lost, Lot lot, List<String> free, int i) {
    if (i >= free.size()) {
      log.error("call {} lost its slot {} and lot {} is full: it stays on hold without a slot", call.uuid(),
          lost.key(), lot.name());
      return Future.succeededFuture(false);
    }
    long now = ctx.now();
    SlotRecord again = SlotRecord.parked(lot.name(), free.get(i), call.uuid(), lost.boxId(), lost.callerIdName(),
        lost.callerIdNumber(), lost.parker(), ctx.nodeId(), now, now + lot.firstWait().toMillis());
    return ctx.store().putIfAbsent(again).compose(holder -> {
      if (holder.isPresent()) {
        return reslotInto(call, lost, lot, free, i + 1);
      }
      slots.put(call.uuid(), again);
      // api, not sendmsg set: the music on hold holds event-lock, so a queued set would wait for it forever.
      call.api("uuid_setvar " + call.uuid() + " callpark_slot " + again.slot());
      call.api("uuid_setvar " + call.uuid() + " valet_lot_extension " + again.slot());
      ctx.publish(ParkEvent.Type.PARKED, again, null, "re-slotted: its record in " + lost.slot() + " was lost");
      return Future.succeededFuture(true);
    });
  }

  /**
   * Graceful shutdown: closes every parked call's socket without hanging up, so socket_resume sends
   * each through the dialplan to another node, which adopts it (docs/cluster.md).
   */
  void handOver() {
    for (Map.Entry<String, OutboundCall> e : parked.entrySet()) {
      lettingGo.add(e.getKey());
      e.getValue().close("node shutting down: handed over");
    }
  }

  private void onHangup(OutboundCall call, SlotRecord record, Arrival arrival, EslEvent hangup) {
    String cause = hangup.header("Hangup-Cause");
    current(record.lot(), record.slot(), call.uuid()).onSuccess(cur -> cur.ifPresent(r -> {
      Lot lot = ctx.lots().get(r.lot());
      if ("ATTENDED_TRANSFER".equals(cause) && arrival.sipCallId() != null && lot != null) {
        long now = ctx.now();
        SlotRecord reserved = new SlotRecord(r.lot(), r.slot(), SlotState.RESERVED, null, r.boxId(), null, null,
            r.parker(), arrival.sipCallId(), ctx.nodeId(), now, now + lot.attendedGrace().toMillis(), 0, 0,
            r.version() + 1);
        ctx.store().replace(r, reserved).onSuccess(won -> {
          if (won) {
            ctx.publish(ParkEvent.Type.RESERVED, reserved, null, "held for the caller replacing " + arrival.sipCallId());
          }
        });
        return;
      }
      ctx.store().remove(r).onSuccess(won -> {
        if (won) {
          ctx.publish(ParkEvent.Type.hangupOf(cause), r, null, "caller hung up: " + cause);
        }
      });
    }));
  }

  /**
   * The socket closed without a hangup: FreeSWITCH (or we) dropped it mid-park. If the channel is gone
   * the slot is freed; if it lives, socket_resume sends it back to a controller, which adopts it, so
   * the record stays (docs/parking.md, "Socket lost").
   */
  private void onSocketLost(OutboundCall call, SlotRecord record, String reason) {
    log.info("socket of parked call {} closed without hangup ({})", call.uuid(), reason);
    ctx.links().get(record.boxId()).ifPresentOrElse(link -> link.api("uuid_exists " + call.uuid())
        .onComplete(ar -> {
          boolean alive = ar.succeeded() && ar.result().trim().equals("true");
          if (!alive) {
            releaseIfStill(record, call.uuid(), "channel gone after its socket closed");
          }
        }), () -> log.warn("no link to box {} to check whether {} lives", record.boxId(), call.uuid()));
  }

  private void releaseIfStill(SlotRecord record, String uuid, String why) {
    current(record.lot(), record.slot(), uuid).onSuccess(cur -> cur.ifPresent(r -> ctx.store().remove(r)
        .onSuccess(won -> {
          if (won) {
            ctx.publish(ParkEvent.Type.ABANDONED, r, null, why);
          }
        })));
  }

  /**
   * A call that left park while its record, owned by this node, still names it: someone moved it
   * without going through the record — an escalation on another node that deleted the call's previous
   * record and transferred it while this node, adopting the resumed call, found no record and parked it
   * afresh. The record would hold a slot, a lamp and a timer for a caller who is elsewhere: it is
   * removed (conditionally) and the connection closed. Records another node owns (a frozen node waking to its calls re-homed) and
   * reservations (a call being moved between slots) are left alone.
   */
  private void releaseIfLeftBehind(SlotRecord record, OutboundCall call) {
    String uuid = call.uuid();
    if (!ctx.stall().trusted()) {
      // Woken from a stall: the survivors re-homed this call (so its socket app returned) and the record read
      // here may be this node's stale copy, still naming it as owner. Not ours to release.
      log.info("call {} left park while this node's view may be stale: its record {} is left alone", uuid,
          record.key());
      return;
    }
    current(record.lot(), record.slot(), uuid).onSuccess(cur -> cur
        .filter(r -> ctx.nodeId().equals(r.ownerNode()) && r.state() != SlotState.RESERVED)
        .ifPresent(r -> ctx.store().remove(r).onSuccess(won -> {
          if (won) {
            log.warn("call {} left park with its record {} still in place: released it", uuid, r.key());
            ctx.publish(ParkEvent.Type.RELEASED, r, null, "left park without its record being removed");
            // Nothing more to say to it; the connection would otherwise stay attached until it hangs up.
            lettingGo.add(uuid);
            parked.remove(uuid);
            call.close("left park elsewhere");
          }
        })));
  }

  /** The slot's record if it still names {@code uuid}. */
  private Future<Optional<SlotRecord>> current(String lot, String slot, String uuid) {
    return ctx.store().get(lot, slot).map(o -> o.filter(r -> uuid.equals(r.callUuid())));
  }
}
