package io.callpark.parking;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.outbound.OutboundCall;
import io.callpark.parking.ParkRequest.Park;
import io.callpark.parking.ParkRequest.Retrieve;
import io.callpark.parking.ParkRequest.SlotKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for every call FreeSWITCH hands to this node: decides from the channel data whether it
 * is a call coming back (socket_resume: adopt it), a call a slot was reserved for, a park, an in-call
 * park code, a retrieve, or another box's fetch leg ({@code fetch+<slot>}), and runs that flow.
 * Outcomes are {@link ParkResult}/{@link RetrieveResult}.
 *
 * <p>Thread-safe; each call's flow runs on that call's Vert.x context.
 */
public final class ParkingService {
  private static final Logger log = LoggerFactory.getLogger(ParkingService.class);

  private final ParkingContext ctx;
  private final CallTracker tracker;
  private final ParkFlow parkFlow;
  private final RetrieveFlow retrieveFlow;
  private final FetchFlow fetchFlow;
  private final Escalator escalator;
  private final RecallTimers timers;
  private final OperatorActions operator;
  private final SlotOccupancy occupancy;

  public ParkingService(ParkingContext ctx) {
    this.ctx = ctx;
    this.tracker = new CallTracker(ctx);
    this.occupancy = new SlotOccupancy(ctx.lots(), ctx.store());
    this.parkFlow = new ParkFlow(ctx, tracker, occupancy);
    this.retrieveFlow = new RetrieveFlow(ctx);
    this.fetchFlow = new FetchFlow(ctx);
    this.escalator = new Escalator(ctx);
    this.timers = new RecallTimers(ctx, escalator, new HoldingPrompts(ctx, tracker));
    this.operator = new OperatorActions(ctx, tracker);
  }

  /**
   * Starts following which slots are taken ({@link SlotOccupancy}), so parks choose a free slot without
   * reading the whole lot. Without it every park reads its lot from the store.
   */
  public void start(Vertx vertx) {
    occupancy.start(vertx);
  }

  public void stop() {
    occupancy.close();
  }

  /** Which slots this node believes taken (a hint for choosing free ones). */
  public SlotOccupancy occupancy() {
    return occupancy;
  }

  /** Park a live call, retrieve to an extension, hang up: what the HTTP API's operators do. */
  public OperatorActions operator() {
    return operator;
  }

  /** The deadline timers: escalation chains, reservations, holding prompts. */
  public RecallTimers timers() {
    return timers;
  }

  /**
   * Escalates a parked caller now (the API's "escalate"): a waiting caller's next step runs at once; a
   * ringing step is given up and the chain moves on. Works from any node: it is a conditional write
   * like every step.
   */
  public Future<EscalateResult> escalate(String lotName, String slot) {
    Lot lot = ctx.lots().get(lotName);
    if (lot == null) {
      return Future.succeededFuture(new EscalateResult.UnknownLot(Sanitize.headerValue(lotName)));
    }
    return ctx.store().get(lotName, slot).compose(cur -> {
      if (cur.isEmpty() || cur.get().state() == SlotState.RESERVED) {
        return Future.succeededFuture(new EscalateResult.NotParked(lotName, Sanitize.headerValue(slot)));
      }
      SlotRecord seen = cur.get();
      return escalator.now(lot, seen).map(won -> won ? new EscalateResult.Escalated(seen.key(),
          lot.chain().get(seen.step() < lot.chain().size() ? seen.step() : 0).name())
          : new EscalateResult.Raced(seen.key()));
    });
  }

  public ParkingContext context() {
    return ctx;
  }

  /** Parked calls whose sockets this node holds. */
  public int trackedCalls() {
    return tracker.size();
  }

  /** See {@code CallTracker.letGoOfForeignCalls}: run periodically and after a merge. */
  public Future<Integer> letGoOfForeignCalls() {
    return tracker.letGoOfForeignCalls();
  }

  /** See {@code CallTracker.reslotOrphans}: run periodically (and after a merge). */
  public Future<Integer> reslotOrphans() {
    return tracker.reslotOrphans();
  }

  /** Closes every parked call's socket without hangup, so they resume on other nodes (graceful shutdown). */
  public void handOverParkedCalls() {
    tracker.handOver();
  }

  /**
   * An event from a box's inbound link. A parked channel that hangs up while no socket watches it (its
   * controller died and socket_resume was off: the call played music uncontrolled, fact 55) still ends
   * with CHANNEL_HANGUP_COMPLETE, carrying the {@code callpark_lot}/{@code callpark_slot} we set: free
   * that slot if it still names the channel, so nothing is left behind.
   */
  public void onBoxEvent(EslEvent event) {
    if (!"CHANNEL_HANGUP_COMPLETE".equals(event.name())) {
      return;
    }
    String lot = event.variable("callpark_lot");
    String slot = event.variable("callpark_slot");
    String uuid = event.uniqueId();
    if (lot == null || slot == null || uuid == null || !ctx.lots().containsKey(lot)) {
      return;
    }
    ctx.store().get(lot, slot).onSuccess(cur -> cur.filter(r -> uuid.equals(r.callUuid()))
        .ifPresent(r -> ctx.store().remove(r).onSuccess(won -> {
          if (won) {
            ctx.publish(ParkEvent.Type.hangupOf(event.header("Hangup-Cause")), r, null,
                "hung up: " + event.header("Hangup-Cause"));
          }
        })));
  }

  /** Handles one call; the future says how it ended (a ParkResult, a RetrieveResult, or an adoption). */
  public Future<Object> handle(OutboundCall call) {
    EslEvent cd = call.channelData();
    String boxId = ctx.links().boxOf(cd);
    if (FetchFlow.isFetchLeg(cd)) {
      // Another box's retriever collecting a call parked here (facts 32-33): fetched or refused, nothing else.
      return fetchFlow.fetch(call, boxId).map(x -> (Object) x)
          .onFailure(e -> log.error("fetch leg {} failed: {}", call.uuid(), e.toString()));
    }
    String markedLot = cd.variable("callpark_lot");
    String markedSlot = cd.variable("callpark_slot");
    Future<Optional<SlotRecord>> mine = markedLot != null && markedSlot != null && ctx.lots().containsKey(markedLot)
        ? ctx.store().get(markedLot, markedSlot).map(o -> o.filter(r -> call.uuid().equals(r.callUuid())))
        : Future.succeededFuture(Optional.empty());
    return mine.compose(record -> {
      if (record.isPresent()) {
        SlotRecord r = record.get();
        Lot lot = ctx.lots().get(r.lot());
        if (r.state() == SlotState.RESERVED) {
          return parkFlow.claim(call, lot, r, boxId).map(x -> (Object) (x == null ? new ParkResult.Rejected("reservation lost") : x));
        }
        return adopt(call, lot, r).map(x -> x == null
            ? (Object) new ParkResult.Rejected("not adopted: its record went, or another node is moving it")
            : (Object) x);
      }
      return dispatch(call, boxId);
    }).onFailure(e -> log.error("call {} failed in parking: {}", call.uuid(), e.toString()));
  }

  private Future<Object> dispatch(OutboundCall call, String boxId) {
    EslEvent cd = call.channelData();
    ParkRequest request;
    try {
      request = ParkRequest.parse(cd.variable("callpark_request"), ctx.defaultLot());
    } catch (IllegalArgumentException e) {
      return refuse(call, e.getMessage());
    }
    Lot lot = ctx.lots().get(request.lot());
    if (lot == null) {
      String name = request.lot().length() > 40 ? request.lot().substring(0, 40) + "..." : request.lot();
      return refuse(call, "unknown lot '" + name + "' in callpark_request (lots: " + ctx.lots().keySet() + ")");
    }
    Arrival arrival = Arrival.of(cd);
    if (request instanceof SlotKey k) {
      boolean transferred = arrival.way() == WayIn.BLIND_TRANSFER || arrival.way() == WayIn.ATTENDED_TRANSFER;
      request = transferred ? new Park(k.lot(), new ParkRequest.Explicit(k.slot())) : new Retrieve(k.lot(), k.slot(), null);
    }
    if (request instanceof Retrieve r) {
      return retrieveFlow.retrieve(call, lot, r.slot(), r.range(), boxId).map(x -> (Object) x);
    }
    Park p = (Park) request;
    if (arrival.way() == WayIn.IN_CALL) {
      return parkPartner(call, lot, p, arrival, boxId).map(x -> (Object) x);
    }
    return parkFlow.park(call, lot, p.choice(), arrival, boxId).map(x -> (Object) x);
  }

  /**
   * Way 3: the parker's leg came here while bridged. Reserve a slot for the partner, mark the partner
   * with it and send it to the park extension (where it claims the slot), tell the parker the slot,
   * then hang the parker up — what valet_park's auto mode does with a partner.
   */
  private Future<ParkResult> parkPartner(OutboundCall call, Lot lot, Park p, Arrival arrival, String boxId) {
    String partner = arrival.partnerUuid();
    return ctx.store().list(lot.name()).compose(records -> {
      List<String> occupied = records.stream().map(SlotRecord::slot).toList();
      SlotRange range = p.choice() instanceof ParkRequest.Auto a && a.range() != null ? a.range() : lot.slots();
      List<String> candidates = p.choice() instanceof ParkRequest.Explicit e ? List.of(e.slot())
          : SlotAllocator.candidates(range, occupied, lot.allocation(), tracker.lastTaken(lot.name()));
      return reserve(lot, candidates, 0, partner, boxId, Sanitize.extension(arrival.parker()));
    }).compose(reserved -> {
      if (reserved == null) {
        return CallMedia.play(call, lot.fullPrompt())
            .compose(v -> call.close("lot full: in-call park refused, back to the dialplan"))
            .map(v -> (ParkResult) new ParkResult.LotFull(lot.name()));
      }
      tracker.taken(lot.name(), reserved.slot());
      ctx.publish(ParkEvent.Type.RESERVED, reserved, call.uuid(), "in-call park by " + arrival.parker());
      return call.api("uuid_setvar " + partner + " callpark_lot " + lot.name())
          .compose(v -> call.api("uuid_setvar " + partner + " callpark_slot " + reserved.slot()))
          .compose(v -> call.api("uuid_transfer " + partner + " " + ctx.dialplan().parkExtension() + " XML "
              + ctx.dialplan().context()))
          .compose(v -> CallMedia.answer(call))
          .compose(v -> CallMedia.announce(call, reserved.slot()))
          .compose(v -> call.hangup("NORMAL_CLEARING"))
          .map(v -> (ParkResult) new ParkResult.Parked(reserved));
    });
  }

  private Future<SlotRecord> reserve(Lot lot, List<String> candidates, int i, String partner, String boxId, String parker) {
    if (i >= candidates.size()) {
      return Future.succeededFuture(null);
    }
    long now = ctx.now();
    SlotRecord r = SlotRecord.reserved(lot.name(), candidates.get(i), partner, partner, boxId, parker, ctx.nodeId(), now,
        now + lot.attendedGrace().toMillis());
    return ctx.store().putIfAbsent(r).compose(holder -> holder.isEmpty() ? Future.succeededFuture(r)
        : reserve(lot, candidates, i + 1, partner, boxId, parker));
  }

  /** A parked call came back (socket_resume after its controller died): take it over and restore MOH. */
  private Future<SlotRecord> adopt(OutboundCall call, Lot lot, SlotRecord r) {
    SlotRecord mine = r.withOwner(ctx.nodeId());
    return ctx.store().replace(r, mine).compose(won -> {
      if (!won) {
        // Changed while we adopted: a timer step, or a retrieve / escalation on another node that then
        // moved the call. Only a record that still names this call is adopted; a vanished one means the
        // call was taken elsewhere, and parking it afresh would hold a caller who is already bridged or
        // transferred (seen as a second park of the same call after a fallback transfer).
        log.info("call {} came back but its record {} changed meanwhile; re-reading", call.uuid(), r.key());
        return ctx.store().get(r.lot(), r.slot()).compose(now -> {
          String owner = now.map(SlotRecord::ownerNode).orElse("");
          if (now.isPresent() && call.uuid().equals(now.get().callUuid()) && owner.startsWith(SlotRecord.REHOMING)
              && !owner.equals(SlotRecord.REHOMING + ctx.nodeId())) {
            // A survivor claimed it to re-home it (it took this call for one left behind by a frozen node) and
            // its uuid_transfer is on the way: adopting now would have that transfer pull the call out from
            // under us, and our tracker release its record. Its transfer brings it to whoever adopts it next.
            log.info("call {}: {} is being re-homed by {}; leaving it to that transfer", call.uuid(), r.key(),
                owner.substring(SlotRecord.REHOMING.length()));
            call.eventHandler(e -> {
              if (call.socketAppReturned()) {
                call.close("re-homed by " + owner);
              }
            });
            return Future.succeededFuture((SlotRecord) null);
          }
          if (now.isPresent() && call.uuid().equals(now.get().callUuid())) {
            return adopt(call, lot, now.get());
          }
          log.info("call {}: its record {} went while adopting (retrieved or moved on elsewhere); letting go",
              call.uuid(), r.key());
          return call.close("record " + r.key() + " removed while adopting").map(v -> (SlotRecord) null);
        });
      }
      log.info("adopted parked call {} in {} from node {}", call.uuid(), r.key(), r.ownerNode());
      tracker.track(call, mine, new Arrival(WayIn.BLIND_TRANSFER, r.parker(), null, null, null));
      CallMedia.set(call, "callpark_node", ctx.nodeId());
      CallMedia.holdMusic(call, lot.holdMusic());
      call.retainChannelData(ParkFlow.HELD_CALL_DATA);
      return Future.succeededFuture(mine);
    });
  }

  private Future<Object> refuse(OutboundCall call, String reason) {
    log.warn("call {} refused: {}", call.uuid(), reason);
    return CallMedia.answer(call)
        .compose(v -> CallMedia.play(call, Lot.DEFAULT_OCCUPIED_PROMPT))
        .compose(v -> call.close("refused: " + reason))
        .map(v -> (Object) new ParkResult.Rejected(reason))
        .recover(e -> Future.succeededFuture(new ParkResult.Rejected(reason)));
  }
}
