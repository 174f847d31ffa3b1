package io.callpark.parking;

import io.callpark.esl.outbound.OutboundCall;
import io.callpark.parking.ParkRequest.Ask;
import io.callpark.parking.ParkRequest.Auto;
import io.callpark.parking.ParkRequest.Choice;
import io.callpark.parking.ParkRequest.Explicit;
import io.callpark.parking.ParkResult.LotFull;
import io.callpark.parking.ParkResult.Parked;
import io.callpark.parking.ParkResult.Rejected;
import io.callpark.parking.ParkResult.SlotOccupied;
import io.callpark.parking.SlotOccupancy.Candidates;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks one call: choose the slot, take it with a conditional write, then answer, mark the channel,
 * announce and play music on hold (docs/parking.md, "Park"). Runs on the call's context.
 *
 * <p>The slot is taken before anything is played: a slot is never promised that the store has not
 * granted, and a taken slot is never shared — the newcomer is refused or moved, never bridged to the
 * caller already there (valet_park's bug, fact 23).
 */
final class ParkFlow {
  /**
   * Channel data a held call still needs once parked (the rest, ~200 headers of a SIP call, is dropped:
   * with 10,000 held it was most of the node's heap).
   */
  static final java.util.Set<String> HELD_CALL_DATA = java.util.Set.of("Unique-ID", "Channel-Name",
      "Caller-Caller-ID-Name", "Caller-Caller-ID-Number", "Caller-Destination-Number", "Caller-Context",
      "variable_sip_auth_username", "variable_user_name", "variable_callpark_lot", "variable_callpark_slot");
  private static final Logger log = LoggerFactory.getLogger(ParkFlow.class);

  /** Batches of lost races after which the occupancy hint is set aside and the lot read from the store. */
  static final int MAX_HINT_ROUNDS = 4;

  private final ParkingContext ctx;
  private final CallTracker tracker;
  private final SlotOccupancy occupancy;

  ParkFlow(ParkingContext ctx, CallTracker tracker, SlotOccupancy occupancy) {
    this.ctx = ctx;
    this.tracker = tracker;
    this.occupancy = occupancy;
  }

  Future<ParkResult> park(OutboundCall call, Lot lot, Choice choice, Arrival arrival, String boxId) {
    if (arrival.way() == WayIn.ATTENDED_TRANSFER) {
      return claimReservation(call, lot, arrival, boxId).compose(claimed -> claimed.isPresent()
          ? Future.succeededFuture(claimed.get())
          : choose(call, lot, choice, arrival, boxId));
    }
    return choose(call, lot, choice, arrival, boxId);
  }

  private Future<ParkResult> choose(OutboundCall call, Lot lot, Choice choice, Arrival arrival, String boxId) {
    if (choice instanceof Ask ask) {
      return askSlot(call, lot, ask).compose(slot -> slot == null
          ? finish(call, lot, arrival, new Rejected("no valid slot keyed in"))
          : choose(call, lot, new Explicit(slot), arrival, boxId));
    }
    if (choice instanceof Explicit e && !lot.slots().contains(e.slot())) {
      return finish(call, lot, arrival, new Rejected("slot " + e.slot() + " is not in lot " + lot.name()
          + " (" + lot.slots() + ")"));
    }
    SlotRange range = choice instanceof Auto a && a.range() != null ? a.range() : lot.slots();
    if (!lot.slots().containsRange(range)) {
      return finish(call, lot, arrival, new Rejected("range " + range + " is outside lot " + lot.name()));
    }
    Future<ParkResult> result;
    if (choice instanceof Explicit e) {
      boolean refuse = lot.occupied() == Lot.OccupiedPolicy.REFUSE;
      // The slot asked for first; under NEXT_FREE then the lot's free slots after it, round-robin.
      result = tryClaim(call, lot, arrival, boxId, new Candidates(List.of(e.slot()), true), 0, refuse, 0)
          .compose(r -> r instanceof LotFull && !refuse
              ? claimFree(call, lot, arrival, boxId, lot.slots(), Lot.Allocation.ROUND_ROBIN, e.slot(), 0)
              : Future.succeededFuture(r));
    } else {
      result = claimFree(call, lot, arrival, boxId, range, lot.allocation(), tracker.lastTaken(lot.name()), 0);
    }
    return result.compose(r -> finish(call, lot, arrival, r));
  }

  /** Takes a free slot of {@code range}, asking {@link SlotOccupancy} which to try. */
  private Future<ParkResult> claimFree(OutboundCall call, Lot lot, Arrival arrival, String boxId, SlotRange range,
      Lot.Allocation allocation, String after, int round) {
    Future<Candidates> next = round < MAX_HINT_ROUNDS ? occupancy.candidates(lot, range, allocation, after)
        : occupancy.fromStore(lot, range, allocation, after);
    return next.compose(c -> {
      log.debug("park {} in {}: {} candidates{}, first {}", call.uuid(), lot.name(), c.slots().size(),
          c.complete() ? " (read from the store)" : "", c.slots().isEmpty() ? "-" : c.slots().get(0));
      return tryClaim(call, lot, arrival, boxId, c, 0, false, round).compose(r -> r instanceof LotFull && !c.complete()
          ? claimFree(call, lot, arrival, boxId, range, allocation, after, round + 1)
          : Future.succeededFuture(r));
    });
  }

  /**
   * Tries candidates in order with putIfAbsent. A lost race moves on to the next candidate; an explicit
   * slot under REFUSE has just one candidate and reports it occupied. Running out is {@link LotFull}:
   * final when the candidates were {@link Candidates#complete() complete}, else the caller asks again
   * ({@link #claimFree}: after {@value #MAX_HINT_ROUNDS} batches lost, from the store).
   */
  private Future<ParkResult> tryClaim(OutboundCall call, Lot lot, Arrival arrival, String boxId, Candidates c,
      int i, boolean refuseIfTaken, int round) {
    List<String> candidates = c.slots();
    if (i >= candidates.size()) {
      return Future.succeededFuture(refuseIfTaken && !candidates.isEmpty()
          ? new SlotOccupied(lot.name(), candidates.get(0)) : new LotFull(lot.name()));
    }
    String slot = candidates.get(i);
    long now = ctx.now();
    SlotRecord record = SlotRecord.parked(lot.name(), slot, call.uuid(), boxId,
        call.channelData().header("Caller-Caller-ID-Name"), call.channelData().header("Caller-Caller-ID-Number"),
        Sanitize.extension(arrival.parker()), ctx.nodeId(), now, now + lot.firstWait().toMillis());
    return ctx.store().putIfAbsent(record).compose(holder -> {
      if (holder.isEmpty()) {
        occupancy.taken(record);
        tracker.taken(lot.name(), slot);
        return Future.succeededFuture(new Parked(record));
      }
      occupancy.seen(holder.get());
      if (refuseIfTaken) {
        return Future.succeededFuture(new SlotOccupied(lot.name(), slot));
      }
      return tryClaim(call, lot, arrival, boxId, c, i + 1, false, round);
    });
  }

  /** Way 2: the slot announced to the consultation call waits for the caller whose REFER replaces it. */
  private Future<Optional<ParkResult>> claimReservation(OutboundCall call, Lot lot, Arrival arrival, String boxId) {
    return ctx.store().list(lot.name()).compose(records -> {
      Optional<SlotRecord> reserved = records.stream()
          .filter(r -> r.state() == SlotState.RESERVED && arrival.replacesCallId().equals(r.reservation()))
          .findFirst();
      if (reserved.isEmpty()) {
        log.info("attended transfer replacing {} found no reserved slot in {}: parking as a new call",
            arrival.replacesCallId(), lot.name());
        return Future.succeededFuture(Optional.<ParkResult>empty());
      }
      return claim(call, lot, reserved.get(), boxId).map(Optional::ofNullable);
    });
  }

  /** Claims a RESERVED record for this call; null when the reservation was lost meanwhile. */
  Future<ParkResult> claim(OutboundCall call, Lot lot, SlotRecord reserved, String boxId) {
    long now = ctx.now();
    SlotRecord parked = reserved.claimedBy(call.uuid(), boxId, call.channelData().header("Caller-Caller-ID-Name"),
        call.channelData().header("Caller-Caller-ID-Number"), ctx.nodeId(), now, now + lot.firstWait().toMillis());
    return ctx.store().replace(reserved, parked).compose(won -> {
      if (!won) {
        return Future.succeededFuture(null);
      }
      Arrival silent = new Arrival(WayIn.BLIND_TRANSFER, parked.parker(), null, null, null);
      return finish(call, lot, silent, new Parked(parked));
    });
  }

  /** Media and events for a result; the caller is never left in silence. */
  private Future<ParkResult> finish(OutboundCall call, Lot lot, Arrival arrival, ParkResult result) {
    if (result instanceof Parked p && call.socketAppReturned()) {
      // Transferred or bridged away while the slot was being chosen (an escalation on another node that
      // deleted the call's previous record): what we sent now would act on it wherever it is (fact 52).
      SlotRecord r = p.record();
      log.info("call {} left its socket application before it was parked: giving {} back", call.uuid(), r.key());
      return ctx.store().remove(r).compose(won -> call.close("left before it was parked"))
          .map(v -> (ParkResult) new Rejected("the call left before it was parked"))
          .recover(e -> Future.succeededFuture(new Rejected("the call left before it was parked")));
    }
    if (result instanceof Parked p) {
      SlotRecord r = p.record();
      tracker.track(call, r, arrival);
      Future<Void> answered = CallMedia.answer(call);
      java.util.LinkedHashMap<String, String> marks = new java.util.LinkedHashMap<>();
      marks.put("callpark_lot", r.lot());
      marks.put("callpark_slot", r.slot());
      marks.put("valet_lot_extension", r.slot());
      marks.put("callpark_node", ctx.nodeId());
      CallMedia.setAll(call, marks);
      boolean someoneListening = arrival.way() == WayIn.DIRECT;
      if (lot.announce() && someoneListening) {
        CallMedia.announce(call, r.slot());
      }
      long started = call.acceptedAtNanos();
      CallMedia.holdMusic(call, lot.holdMusic())
          .onSuccess(v -> ctx.timer().done(FlowTimer.Flow.PARK, r.lot(), started));
      ctx.publish(ParkEvent.Type.PARKED, r, null, arrival.way().name().toLowerCase(java.util.Locale.ROOT));
      call.retainChannelData(HELD_CALL_DATA);
      if (arrival.way() == WayIn.BLIND_TRANSFER && ctx.messageParker() && r.parker() != null) {
        messageParker(r);
      }
      return answered.map(v -> result).recover(e -> Future.succeededFuture(result));
    }
    String prompt;
    String reason;
    if (result instanceof SlotOccupied o) {
      prompt = lot.occupiedPrompt();
      reason = "slot " + o.slot() + " is taken";
    } else if (result instanceof LotFull) {
      prompt = lot.fullPrompt();
      reason = "lot " + lot.name() + " is full";
    } else {
      prompt = lot.occupiedPrompt();
      reason = ((Rejected) result).reason();
    }
    log.info("park of {} refused: {}", call.uuid(), reason);
    ctx.events().publish(new ParkEvent(ParkEvent.Type.REFUSED, lot.name(),
        result instanceof SlotOccupied o ? o.slot() : "", call.uuid(), null,
        call.channelData().header("Caller-Caller-ID-Name"), reason, ctx.now()));
    return CallMedia.answer(call)
        .compose(v -> CallMedia.play(call, prompt))
        .compose(v -> backToParker(call, arrival))
        .map(v -> result)
        .recover(e -> Future.succeededFuture(result));
  }

  /**
   * After a refusal: a blind-transferred caller goes back to whoever parked it (it has nobody else);
   * anyone else returns to the dialplan after {@code socket} (socket_resume=true, fact 57).
   */
  private Future<Void> backToParker(OutboundCall call, Arrival arrival) {
    String parker = Sanitize.extension(arrival.parker());
    if (arrival.way() == WayIn.BLIND_TRANSFER && parker != null) {
      String context = Optional.ofNullable(call.channelData().header("Caller-Context")).orElse(ctx.dialplan().context());
      CallMedia.set(call, "socket_resume", "false");
      return call.execute("transfer", parker + " XML " + Sanitize.extension(context), true).mapEmpty();
    }
    return call.close("refused, back to the dialplan");
  }

  /** valet_park's ask: prompt for digits, read them back with uuid_getvar. Null when none valid. */
  private Future<String> askSlot(OutboundCall call, Lot lot, Ask ask) {
    SlotRange range = ask.range() != null ? ask.range() : lot.slots();
    int digits = Integer.toString(range.to()).length();
    String arg = digits + " " + digits + " 3 " + ask.timeoutMillis() + " # tone_stream://%(200,0,600) "
        + "tone_stream://%(250,250,480,620) callpark_asked_slot \\d+";
    return CallMedia.answer(call)
        .compose(v -> call.execute("play_and_get_digits", arg, true))
        .compose(done -> call.api("uuid_getvar " + call.uuid() + " callpark_asked_slot"))
        .map(v -> {
          String s = v == null ? "" : v.trim();
          return range.contains(s) ? s : null;
        });
  }

  /** Tells a parker who blind-transferred where the call went, by SIP MESSAGE (mod_sms {@code chat}). */
  private void messageParker(SlotRecord r) {
    ctx.links().get(r.boxId()).ifPresent(link -> {
      String text = "Parked " + Sanitize.headerValue(nameOf(r)) + " in " + r.slot();
      String to = r.parker() + "@" + link.domain();
      link.api("chat sip|callpark@" + link.domain() + "|" + to + "|" + text.replace('|', ' '))
          .onFailure(e -> log.debug("message to parker {} failed: {}", to, e.getMessage()));
    });
  }

  private static String nameOf(SlotRecord r) {
    return r.callerIdName() != null ? r.callerIdName() : r.callerIdNumber() != null ? r.callerIdNumber() : "a call";
  }

}
