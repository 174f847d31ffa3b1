package io.callpark.parking;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.outbound.OutboundCall;
import io.vertx.core.Future;
import java.util.Map;
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
    if (parked.put(call.uuid(), call) != null) {
      return; // already watched (re-adopted on the same connection)
    }
    boolean[] hungUp = {false};
    call.eventHandler(e -> {
      if ("CHANNEL_HANGUP".equals(e.name()) && !hungUp[0]) {
        hungUp[0] = true;
        onHangup(call, record, arrival, e);
      }
    });
    call.closeHandler(reason -> {
      parked.remove(call.uuid());
      if (!hungUp[0]) {
        onSocketLost(call, record, reason);
      }
    });
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
