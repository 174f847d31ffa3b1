package io.callpark.parking;

import io.callpark.esl.link.FreeSwitchLink;
import io.callpark.parking.EscalationStep.Hangup;
import io.callpark.parking.EscalationStep.Queue;
import io.callpark.parking.EscalationStep.Recall;
import io.callpark.parking.EscalationStep.Remind;
import io.callpark.parking.EscalationStep.Ring;
import io.callpark.parking.EscalationStep.Transfer;
import io.callpark.parking.EscalationStep.Voicemail;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a parked caller down its lot's escalation chain (docs/escalation.md), one step per deadline.
 *
 * <p>Every step begins with a conditional write of the record version it saw — moving the record to
 * the step's state and next deadline, or deleting it for a step that hands the caller on — and acts
 * only if that write won. So a step runs once however many ticks, nodes or manual escalations race for
 * it. The write comes first: a node that dies between the write and the act leaves a record whose
 * deadline a survivor fires, and the chain goes on (a ringing step counts as not answered; a reminder
 * is not repeated; a hand-on step whose transfer was never sent leaves the caller on hold without a
 * record, which the socket owner's orphan audit parks again — docs/escalation.md, "A node dies mid-step").
 *
 * <p>Ringing steps ({@link Recall}, {@link Ring}) hold the record in RECALLING / ESCALATING with a guard
 * deadline of ring time + {@link #RING_GUARD}; answered → the record is taken with a conditional delete
 * and the two legs bridged, so a retriever racing the answer gets the caller or the answerer does,
 * never both. Thread-safe; stateless apart from the context.
 */
public final class Escalator {
  private static final Logger log = LoggerFactory.getLogger(Escalator.class);
  /** Extra time a ringing step's record is given beyond the ring time before a survivor moves it on. */
  public static final Duration RING_GUARD = Duration.ofSeconds(10);
  /** How long a step waits for a box link that is down before it tries again. */
  static final Duration RETRY_WHEN_UNREACHABLE = Duration.ofSeconds(5);

  private final ParkingContext ctx;

  public Escalator(ParkingContext ctx) {
    this.ctx = ctx;
  }

  /** The deadline of {@code r} (PARKED, RECALLING or ESCALATING) has come. Completes true when this call won it. */
  Future<Boolean> deadline(Lot lot, SlotRecord r) {
    return switch (r.state()) {
      case PARKED -> run(lot, r);
      case RECALLING, ESCALATING -> stepFailed(lot, r, "ringing never concluded (its node may have died)");
      case RESERVED -> Future.succeededFuture(false);
    };
  }

  /**
   * Manual escalation: a parked caller's next step runs now; a ringing step is given up and the chain
   * moves on. Completes true when this call moved the record on (false: it changed meanwhile).
   */
  Future<Boolean> now(Lot lot, SlotRecord seen) {
    return switch (seen.state()) {
      case PARKED -> run(lot, seen);
      case RECALLING, ESCALATING -> stepFailed(lot, seen, "escalated by hand");
      case RESERVED -> Future.succeededFuture(false);
    };
  }

  /** Runs the step {@code r} is due for. */
  private Future<Boolean> run(Lot lot, SlotRecord r) {
    List<EscalationStep> chain = lot.chain();
    int index = r.step() < chain.size() ? r.step() : 0;
    EscalationStep step = chain.get(index);
    long now = ctx.now();
    if (step instanceof Voicemail v && mailbox(v, r) == null) {
      SlotRecord next = advanced(lot, r, index, now);
      return write(r, next, () -> {
        announceStart(r, index);
        ctx.publish(ParkEvent.Type.ESCALATED, r, null, "voicemail skipped: no mailbox named and no parker known");
        continueNow(lot, next);
      });
    }
    if (step.handsOn()) {
      return handOn(lot, r, step);
    }
    Optional<FreeSwitchLink> link = connectedLink(r);
    if (step instanceof Remind remind) {
      boolean again = r.attempt() + 1 < remind.times();
      SlotRecord next = again ? r.at(SlotState.PARKED, index, r.attempt() + 1, now + remind.every().toMillis())
          : advanced(lot, r, index, now);
      return write(r, next, () -> {
        announceStart(r, index);
        remind(remind, r, link);
        continueNow(lot, next);
      });
    }
    Duration ringFor = step instanceof Recall recall ? recall.ringFor() : ((Ring) step).ringFor();
    SlotState ringing = step instanceof Recall ? SlotState.RECALLING : SlotState.ESCALATING;
    SlotRecord next = r.at(ringing, index, r.attempt(), now + ringFor.plus(RING_GUARD).toMillis());
    return write(r, next, () -> {
      announceStart(r, index);
      if (step instanceof Recall) {
        ring(lot, next, link, parkerDial(next, link), ringFor, ParkEvent.Type.RECALL_RINGING,
            ParkEvent.Type.RECALL_ANSWERED, next.parker());
      } else {
        Ring ring = (Ring) step;
        ctx.publish(ParkEvent.Type.ESCALATED, next, null, "ring " + ring.target());
        String dial = Sanitize.extension(ring.target()) == null ? null
            : "loopback/" + ring.target() + "/" + ctx.dialplan().context();
        ring(lot, next, link, dial, ringFor, ParkEvent.Type.ESCALATED, ParkEvent.Type.RING_ANSWERED, ring.target());
      }
    });
  }

  /** The first step of a round is the caller's timeout: said once per round of the chain. */
  private void announceStart(SlotRecord r, int index) {
    if (index == 0 && r.attempt() == 0) {
      ctx.publish(ParkEvent.Type.TIMEOUT, r, null, "parked for " + (ctx.now() - r.parkedAtMillis()) / 1000 + " s");
    }
  }

  /** The record after step {@code index} is done: the next step due after its wait, or the chain over again. */
  private SlotRecord advanced(Lot lot, SlotRecord r, int index, long now) {
    List<EscalationStep> chain = lot.chain();
    int next = index + 1 < chain.size() ? index + 1 : 0;
    return r.at(SlotState.PARKED, next, 0, now + chain.get(next).after().toMillis());
  }

  /**
   * A ringing step ended unanswered (or its node died, or it was escalated by hand): on to the next
   * step, with a conditional write of the version seen so it happens once.
   */
  Future<Boolean> stepFailed(Lot lot, SlotRecord seen, String why) {
    return ctx.store().get(seen.lot(), seen.slot()).compose(cur -> {
      if (cur.isEmpty() || !cur.get().sameVersionAs(seen)) {
        return Future.succeededFuture(false); // retrieved, answered or moved on meanwhile
      }
      int index = seen.step() < lot.chain().size() ? seen.step() : 0;
      SlotRecord next = advanced(lot, seen, index, ctx.now());
      return write(seen, next, () -> {
        ctx.publish(seen.state() == SlotState.RECALLING ? ParkEvent.Type.RECALL_FAILED : ParkEvent.Type.RING_FAILED,
            seen, null, why);
        continueNow(lot, next);
      });
    });
  }

  /**
   * A next step with no wait runs at once rather than on the next tick. Terminates: within a round each
   * step runs at most once, and the first step of a round always waits (config requires it to).
   */
  private void continueNow(Lot lot, SlotRecord next) {
    if (next.state() == SlotState.PARKED && next.deadlineMillis() <= ctx.now()) {
      run(lot, next).onFailure(e -> log.warn("escalation of {} failed: {}", next.key(), e.toString()));
    }
  }

  private Future<Boolean> write(SlotRecord seen, SlotRecord next, Runnable onWin) {
    return ctx.store().replace(seen, next).map(won -> {
      if (won) {
        onWin.run();
      }
      return won;
    });
  }

  private Optional<FreeSwitchLink> connectedLink(SlotRecord r) {
    return ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected);
  }

  /** {@code user/<parker>@<domain>}, or null when no parker is known. */
  private static String parkerDial(SlotRecord r, Optional<FreeSwitchLink> link) {
    String parker = Sanitize.extension(r.parker());
    return parker == null || link.isEmpty() ? null : "user/" + parker + "@" + link.get().domain();
  }

  private String callerIdVars(SlotRecord r, Duration ringFor, String mark) {
    String who = r.callerIdName() != null ? r.callerIdName() : r.callerIdNumber() != null ? r.callerIdNumber() : "caller";
    return "{origination_caller_id_name=" + Sanitize.dialStringValue("Parked " + r.slot() + ": " + who)
        + ",origination_caller_id_number=" + r.slot()
        + ",originate_timeout=" + Math.max(1, ringFor.toSeconds())
        + "," + mark + "=" + r.lot() + "/" + r.slot() + "}";
  }

  private void remind(Remind remind, SlotRecord r, Optional<FreeSwitchLink> link) {
    String dial = parkerDial(r, link);
    if (dial == null) {
      ctx.publish(ParkEvent.Type.REMIND, r, null, "skipped: " + (link.isEmpty() ? "box " + r.boxId()
          + " not connected" : "no parker known"));
      return;
    }
    ctx.publish(ParkEvent.Type.REMIND, r, null, "reminding " + r.parker() + " (" + (r.attempt() + 1) + " of "
        + remind.times() + ")");
    Duration ringFor = Duration.ofSeconds(15);
    link.get().bgapi("originate " + callerIdVars(r, ringFor, "callpark_remind") + dial + " &playback("
        + remind.prompt() + ")", ringFor.plus(RING_GUARD)).onComplete(ar -> {
          if (ar.failed() || !ar.result().startsWith("+OK")) {
            log.info("reminder for {} not answered: {}", r.key(), ar.failed() ? ar.cause().getMessage()
                : ar.result().trim());
          }
        });
  }

  /** Rings {@code dial}; answered → bridged to the caller if the slot still holds {@code r}; else → next step. */
  private void ring(Lot lot, SlotRecord r, Optional<FreeSwitchLink> link, String dial, Duration ringFor,
      ParkEvent.Type ringing, ParkEvent.Type answeredType, String who) {
    if (dial == null || link.isEmpty()) {
      stepFailed(lot, r, link.isEmpty() ? "box " + r.boxId() + " not connected" : "nobody to ring (no parker known)");
      return;
    }
    if (ringing == ParkEvent.Type.RECALL_RINGING) {
      ctx.publish(ringing, r, null, "ringing " + r.parker());
    }
    link.get().bgapi("originate " + callerIdVars(r, ringFor, "callpark_recall") + dial + " &park()",
            ringFor.plus(RING_GUARD))
        .onComplete(ar -> {
          String out = ar.succeeded() ? ar.result().trim() : "-ERR " + ar.cause().getMessage();
          if (out.startsWith("+OK ")) {
            answered(r, out.substring(4).trim(), link.get(), answeredType, dial, who);
          } else {
            stepFailed(lot, r, dial + " not answered: " + out);
          }
        });
  }

  private void answered(SlotRecord r, String legUuid, FreeSwitchLink link, ParkEvent.Type type, String dial,
      String who) {
    ctx.store().get(r.lot(), r.slot()).compose(cur -> {
      if (cur.isEmpty() || !cur.get().sameVersionAs(r)) {
        return Future.succeededFuture(false);
      }
      return ctx.store().remove(r);
    }).onComplete(ar -> {
      if (ar.succeeded() && ar.result()) {
        link.api("uuid_setvar " + r.callUuid() + " socket_resume false")
            .compose(v -> link.api("uuid_bridge " + legUuid + " " + r.callUuid()))
            .onSuccess(reply -> ctx.publish(type, r, legUuid, dial + ": " + reply.trim(), who));
      } else {
        log.info("{} answered for {} but the slot was taken meanwhile: hanging that leg up", dial, r.key());
        link.api("uuid_kill " + legUuid);
      }
    });
  }

  /**
   * A step that takes the caller out of park: the record is deleted first (conditionally), then the
   * caller is sent to freeswitch-conf's extension for the step with the step's target in channel
   * variables. With the box unreachable nothing is deleted; the step is tried again shortly.
   */
  private Future<Boolean> handOn(Lot lot, SlotRecord r, EscalationStep step) {
    Optional<FreeSwitchLink> link = connectedLink(r);
    if (link.isEmpty()) {
      SlotRecord later = r.at(r.state(), r.step(), r.attempt(), ctx.now() + RETRY_WHEN_UNREACHABLE.toMillis());
      return write(r, later, () -> log.warn("escalation of {} waits: box {} is not connected", r.key(), r.boxId()))
          .map(x -> false);
    }
    Destination d = destination(step, r);
    return ctx.store().remove(r).map(won -> {
      if (won) {
        announceStart(r, r.step());
        ctx.publish(ParkEvent.Type.ESCALATED, r, null, d.describe());
        send(link.get(), r, d).onComplete(ar -> {
          String out = ar.succeeded() ? ar.result().trim() : "-ERR " + ar.cause().getMessage();
          ctx.publish(step instanceof Hangup ? ParkEvent.Type.GAVE_UP : ParkEvent.Type.FALLBACK, r, null,
              "to " + d.describe() + (out.startsWith("+OK") ? "" : " failed: " + out));
        });
      }
      return won;
    });
  }

  /** Where a hand-on step sends the caller: an extension and the variables it reads. */
  private record Destination(String extension, String varName, String varValue, String target) {
    String describe() {
      return target;
    }
  }

  private Destination destination(EscalationStep step, SlotRecord r) {
    if (step instanceof Transfer t) {
      return new Destination(t.extension(), null, null, "extension " + t.extension());
    }
    if (step instanceof Queue q) {
      return new Destination(EXT_QUEUE, "callpark_queue", q.queue(), "queue " + q.queue());
    }
    if (step instanceof Voicemail v) {
      String box = mailbox(v, r);
      return new Destination(EXT_VOICEMAIL, "callpark_mailbox", box, "voicemail " + box);
    }
    Hangup h = (Hangup) step;
    return new Destination(EXT_HANGUP, "callpark_prompt", h.prompt(), "hangup after " + h.prompt());
  }

  /** The step's mailbox, else the parker's; null when neither is known. */
  private static String mailbox(Voicemail v, SlotRecord r) {
    return v.mailbox() != null ? v.mailbox() : Sanitize.extension(r.parker());
  }

  /** freeswitch-conf/dialplan/callpark.xml's extensions for the hand-on steps. */
  public static final String EXT_QUEUE = "callpark_escalate_queue";
  public static final String EXT_VOICEMAIL = "callpark_escalate_voicemail";
  public static final String EXT_HANGUP = "callpark_escalate_hangup";

  private Future<String> send(FreeSwitchLink link, SlotRecord r, Destination d) {
    Future<String> vars = link.api("uuid_setvar " + r.callUuid() + " socket_resume false");
    if (d.varName() != null) {
      vars = vars.compose(x -> link.api("uuid_setvar " + r.callUuid() + " " + d.varName() + " " + d.varValue()));
    }
    return vars.compose(x -> link.api("uuid_transfer " + r.callUuid() + " " + d.extension() + " XML "
        + ctx.dialplan().context()));
  }
}
