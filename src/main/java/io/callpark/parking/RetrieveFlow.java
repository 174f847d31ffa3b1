package io.callpark.parking;

import io.callpark.esl.outbound.OutboundCall;
import io.callpark.parking.RetrieveResult.NotAllowed;
import io.callpark.parking.RetrieveResult.Rejected;
import io.callpark.parking.RetrieveResult.Retrieved;
import io.callpark.parking.RetrieveResult.SlotEmpty;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves a parked call for whoever dialled its slot: check the lot's access list, take the record
 * with a conditional delete (so two retrievers, or a retriever and a recall, never both get the
 * caller), answer, then {@code uuid_bridge} the two over the retriever's own socket (api works there,
 * fact 51; bridge behaviour fact 30). An empty slot gets a tone, never silence.
 */
final class RetrieveFlow {
  private static final Logger log = LoggerFactory.getLogger(RetrieveFlow.class);
  private static final int MAX_RACES = 3;

  private final ParkingContext ctx;

  RetrieveFlow(ParkingContext ctx) {
    this.ctx = ctx;
  }

  Future<RetrieveResult> retrieve(OutboundCall call, Lot lot, String slot, SlotRange autoOutRange, String boxId) {
    String who = retriever(call);
    if (!lot.retrieveAccess().allows(who)) {
      return finish(call, lot, new NotAllowed(lot.name(), who));
    }
    if (slot != null && !lot.slots().contains(slot)) {
      return finish(call, lot, new Rejected("slot " + slot + " is not in lot " + lot.name()));
    }
    return take(call, lot, slot, autoOutRange, boxId, 0).compose(r -> finish(call, lot, r));
  }

  private Future<RetrieveResult> take(OutboundCall call, Lot lot, String slot, SlotRange range, String boxId, int race) {
    Future<Optional<SlotRecord>> found = slot != null
        ? ctx.store().get(lot.name(), slot)
        : ctx.store().list(lot.name()).map(all -> all.stream()
            .filter(r -> r.callUuid() != null && r.state() != SlotState.RESERVED)
            .filter(r -> range == null || range.contains(r.slot()))
            .min(Comparator.comparingLong(SlotRecord::parkedAtMillis)));
    return found.compose(o -> {
      if (o.isEmpty() || o.get().state() == SlotState.RESERVED || o.get().callUuid() == null) {
        return Future.succeededFuture(new SlotEmpty(lot.name(), slot == null ? "auto" : slot));
      }
      SlotRecord r = o.get();
      if (r.callUuid().equals(call.uuid())) {
        return Future.succeededFuture(new Rejected("a call cannot retrieve itself"));
      }
      if (boxId != null && r.boxId() != null && !boxId.equals(r.boxId())) {
        return Future.succeededFuture(new Rejected("slot " + r.slot() + " is parked on box " + r.boxId()
            + ", this call is on " + boxId + ": cross-box retrieval is not available on this node"));
      }
      return ctx.store().remove(r).compose(won -> {
        if (!won) {
          return race + 1 < MAX_RACES ? take(call, lot, slot, range, boxId, race + 1)
              : Future.succeededFuture(new SlotEmpty(lot.name(), r.slot()));
        }
        return bridge(call, r);
      });
    });
  }

  private Future<RetrieveResult> bridge(OutboundCall call, SlotRecord r) {
    return CallMedia.answer(call)
        .compose(v -> CallMedia.noResume(call, r.callUuid()))
        .compose(v -> call.api("uuid_bridge " + call.uuid() + " " + r.callUuid()))
        .compose(reply -> {
          if (reply.startsWith("+OK")) {
            ctx.publish(ParkEvent.Type.RETRIEVED, r, call.uuid(), "by " + retriever(call));
            return Future.succeededFuture((RetrieveResult) new Retrieved(r));
          }
          log.info("uuid_bridge to parked {} failed: {}", r.callUuid(), reply.trim());
          ctx.publish(ParkEvent.Type.ABANDONED, r, null, "parked call gone at retrieval: " + reply.trim());
          return Future.succeededFuture((RetrieveResult) new SlotEmpty(r.lot(), r.slot()));
        });
  }

  private Future<RetrieveResult> finish(OutboundCall call, Lot lot, RetrieveResult result) {
    if (result instanceof Retrieved) {
      return Future.succeededFuture(result);
    }
    log.info("retrieve by {} from lot {}: {}", call.uuid(), lot.name(), result);
    String prompt = result instanceof SlotEmpty ? lot.emptySlotPrompt() : lot.occupiedPrompt();
    return CallMedia.answer(call)
        .compose(v -> CallMedia.play(call, prompt))
        .compose(v -> call.hangup("NORMAL_CLEARING"))
        .map(v -> result)
        .recover(e -> Future.succeededFuture(result));
  }

  /** Who is retrieving: the authenticated SIP user when there is one, else the caller ID number. */
  static String retriever(OutboundCall call) {
    String user = call.channelData().variable("sip_auth_username");
    if (user == null) {
      user = call.channelData().variable("user_name");
    }
    return user != null ? user : call.channelData().header("Caller-Caller-ID-Number");
  }
}
