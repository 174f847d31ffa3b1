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
    call.eventHandler(e -> {
      if ("CHANNEL_HANGUP".equals(e.name()) && !hungUp[0] && !lettingGo.contains(call.uuid())) {
        hungUp[0] = true;
        onHangup(call, record, arrival, e);
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
    List<Future<Boolean>> checks = new ArrayList<>();
    for (Map.Entry<String, SlotRecord> e : slots.entrySet()) {
      String uuid = e.getKey();
      SlotRecord mine = e.getValue();
      checks.add(ctx.store().get(mine.lot(), mine.slot()).map(cur -> {
        boolean foreign = cur.isPresent() && uuid.equals(cur.get().callUuid())
            && !ctx.nodeId().equals(cur.get().ownerNode())
            && !("rehoming:" + ctx.nodeId()).equals(cur.get().ownerNode());
        if (foreign && parked.remove(uuid) != null) {
          log.info("call {} in {} is owned by {} now: letting go of it", uuid, mine.key(), cur.get().ownerNode());
          slots.remove(uuid);
          lettingGo.add(uuid);
          return true;
        }
        return false;
      }));
    }
    return Future.join(checks).map(cf -> (int) checks.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
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
            r.parker(), arrival.sipCallId(), ctx.nodeId(), now, now + lot.attendedGrace().toMillis(), 0,
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
          ctx.publish(ParkEvent.Type.ABANDONED, r, null, "caller hung up: " + cause);
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

  /** The slot's record if it still names {@code uuid}. */
  private Future<Optional<SlotRecord>> current(String lot, String slot, String uuid) {
    return ctx.store().get(lot, slot).map(o -> o.filter(r -> uuid.equals(r.callUuid())));
  }
}
