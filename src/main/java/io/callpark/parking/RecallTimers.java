package io.callpark.parking;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires slot deadlines. Deadlines live in the records, not in this node's memory, so they survive a
 * restart; {@link #tick()} asks the store which are due — on a cluster only those whose partition this
 * member owns, so after a node dies its deadlines fire on the survivor that inherits the partition —
 * and moves each one on with a conditional write, so a deadline fires once even when two ticks race.
 *
 * <ul>
 *   <li>RESERVED past its grace (an attended transfer whose caller never came) → freed.</li>
 *   <li>PARKED, RECALLING or ESCALATING → the lot's escalation chain moves on ({@link Escalator}).</li>
 * </ul>
 *
 * <p>Each tick also plays the "still holding" prompt to the parked calls whose sockets this node holds
 * ({@link HoldingPrompts}). Time comes from the injected clock; tests call {@link #tick()} after
 * advancing it. Thread-safe; runs on the context that called {@link #start}.
 */
public final class RecallTimers {
  private static final Logger log = LoggerFactory.getLogger(RecallTimers.class);

  private final ParkingContext ctx;
  private final Escalator escalator;
  private final HoldingPrompts holding;
  private long timerId = -1;

  public RecallTimers(ParkingContext ctx, Escalator escalator, HoldingPrompts holding) {
    this.ctx = ctx;
    this.escalator = escalator;
    this.holding = holding;
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
    if (!ctx.stall().trusted()) {
      // Woken from a stall: the deadlines this member thinks it owns may be stale copies the survivors have
      // fired already, and the calls on its sockets may have been re-homed — a holding prompt broadcast there
      // would play to a call parked elsewhere now (fact 52). Both wait until this node can trust its view.
      return Future.succeededFuture(0);
    }
    holding.tick(now);
    return ctx.store().dueBy(now).compose(due -> {
      List<Future<Boolean>> fired = new ArrayList<>();
      for (SlotRecord r : due) {
        fired.add(fire(r).recover(e -> {
          log.warn("deadline of {} failed: {}", r.key(), e.toString());
          return Future.succeededFuture(false);
        }));
      }
      return Future.join(fired).map(cf -> (int) fired.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> fire(SlotRecord r) {
    Lot lot = ctx.lots().get(r.lot());
    if (lot == null) {
      log.warn("{} names lot {} which this node does not know: its deadline is left to a node that does", r.key(),
          r.lot());
      return Future.succeededFuture(false);
    }
    if (r.state() == SlotState.RESERVED) {
      return ctx.store().remove(r).map(won -> {
        if (won) {
          ctx.publish(ParkEvent.Type.RELEASED, r, null, "reservation expired");
        }
        return won;
      });
    }
    return escalator.deadline(lot, r);
  }
}
