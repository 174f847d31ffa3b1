package io.callpark.parking;

import io.callpark.esl.link.FreeSwitchLink;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires slot deadlines. Deadlines live in the records, not in this node's memory, so they survive a
 * restart; {@link #tick()} asks the store which are due (on a cluster: only those this member owns,
 * issue 5) and moves each one on with a conditional write, so a deadline fires once even when two
 * ticks race.
 *
 * <ul>
 *   <li>PARKED past {@code parking_time} → RECALLING: ring the parker ({@code originate} with a caller ID
 *       naming the slot and the caller, {@code originate_timeout = recall_time}); answered → take the
 *       record with a conditional delete and {@code uuid_bridge}; a retriever who got there first wins
 *       and the recall leg is hung up.</li>
 *   <li>Recall not answered, parker unknown or box unreachable → {@link RecallFallback}: the lot's
 *       fallback extension, or back into the slot with a fresh {@code parking_time} (the hook the
 *       escalation chain of issue 7 replaces).</li>
 *   <li>RESERVED past its grace → freed.</li>
 *   <li>RECALLING past its guard (the node ringing died mid-recall) → treated as not answered.</li>
 * </ul>
 *
 * <p>Time comes from the injected clock; tests call {@link #tick()} after advancing it. Thread-safe;
 * runs on the context that called {@link #start}.
 */
public final class RecallTimers {
  private static final Logger log = LoggerFactory.getLogger(RecallTimers.class);
  /** Extra time a RECALLING record is given beyond recall_time before a survivor takes over. */
  static final Duration RECALL_GUARD = Duration.ofSeconds(10);

  private final ParkingContext ctx;
  private final RecallFallback fallback;
  private long timerId = -1;

  public RecallTimers(ParkingContext ctx, RecallFallback fallback) {
    this.ctx = ctx;
    this.fallback = fallback;
  }

  public RecallTimers(ParkingContext ctx) {
    this(ctx, new RecallFallback(ctx));
  }

  public void start(Vertx vertx, Duration period) {
    vertx.runOnContext(v -> timerId = vertx.setPeriodic(period.toMillis(), id -> tick()));
  }

  public void stop(Vertx vertx) {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
    }
  }

  /** Fires everything due now; completes with the number of deadlines this tick won. */
  public Future<Integer> tick() {
    long now = ctx.now();
    return ctx.store().dueBy(now).compose(due -> {
      List<Future<Boolean>> fired = new ArrayList<>();
      for (SlotRecord r : due) {
        fired.add(fire(r, now).recover(e -> {
          log.warn("deadline of {} failed: {}", r.key(), e.toString());
          return Future.succeededFuture(false);
        }));
      }
      return Future.join(fired).map(cf -> (int) fired.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> fire(SlotRecord r, long now) {
    Lot lot = ctx.lots().get(r.lot());
    if (lot == null) {
      return Future.succeededFuture(false);
    }
    switch (r.state()) {
      case RESERVED: {
        return ctx.store().remove(r).map(won -> {
          if (won) {
            ctx.publish(ParkEvent.Type.RELEASED, r, null, "reservation expired");
          }
          return won;
        });
      }
      case PARKED: {
        SlotRecord recalling = r.withState(SlotState.RECALLING,
            now + lot.recallTime().toMillis() + RECALL_GUARD.toMillis(), r.step() + 1);
        return ctx.store().replace(r, recalling).map(won -> {
          if (won) {
            ctx.publish(ParkEvent.Type.TIMEOUT, recalling, null, "parked for " + lot.parkingTime().toSeconds() + " s");
            recall(lot, recalling);
          }
          return won;
        });
      }
      case RECALLING:
        return fallback.recallFailed(lot, r, "recall never concluded (its node may have died)").map(x -> true);
      default:
        return Future.succeededFuture(false);
    }
  }

  private void recall(Lot lot, SlotRecord r) {
    String parker = Sanitize.extension(r.parker());
    Optional<FreeSwitchLink> link = ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected);
    if (parker == null || link.isEmpty()) {
      fallback.recallFailed(lot, r, parker == null ? "no parker known" : "box " + r.boxId() + " not connected");
      return;
    }
    String who = r.callerIdName() != null ? r.callerIdName() : r.callerIdNumber() != null ? r.callerIdNumber() : "caller";
    String vars = "{origination_caller_id_name=" + Sanitize.dialStringValue("Parked " + r.slot() + ": " + who)
        + ",origination_caller_id_number=" + r.slot()
        + ",originate_timeout=" + Math.max(1, lot.recallTime().toSeconds())
        + ",callpark_recall=" + r.lot() + "/" + r.slot() + "}";
    ctx.publish(ParkEvent.Type.RECALL, r, null, "ringing " + parker);
    link.get().bgapi("originate " + vars + "user/" + parker + "@" + link.get().domain() + " &park()",
            lot.recallTime().plus(RECALL_GUARD))
        .onComplete(ar -> {
          String out = ar.succeeded() ? ar.result().trim() : "-ERR " + ar.cause().getMessage();
          if (out.startsWith("+OK ")) {
            answered(lot, r, out.substring(4).trim(), link.get());
          } else {
            fallback.recallFailed(lot, r, "recall of " + parker + " not answered: " + out);
          }
        });
  }

  private void answered(Lot lot, SlotRecord r, String legUuid, FreeSwitchLink link) {
    ctx.store().get(r.lot(), r.slot()).compose(cur -> {
      if (cur.isEmpty() || !cur.get().sameVersionAs(r)) {
        return Future.succeededFuture(false);
      }
      return ctx.store().remove(r);
    }).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        link.api("uuid_setvar " + r.callUuid() + " socket_resume false")
            .compose(v -> link.api("uuid_bridge " + legUuid + " " + r.callUuid())).onSuccess(reply ->
            ctx.publish(ParkEvent.Type.RECALL_ANSWERED, r, legUuid, reply.trim()));
      } else {
        log.info("recall of {} answered but the slot was taken meanwhile: hanging the recall leg up", r.key());
        link.api("uuid_kill " + legUuid);
      }
    });
  }
}
