package io.callpark.parking;

import io.callpark.esl.outbound.OutboundCall;
import io.callpark.parking.RetrieveResult.NotAllowed;
import io.callpark.parking.RetrieveResult.Rejected;
import io.callpark.parking.RetrieveResult.Retrieved;
import io.callpark.parking.RetrieveResult.SlotEmpty;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Comparator;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retrieves a parked call for whoever dialled its slot: check the lot's access list, take the record
 * with a conditional delete (so two retrievers, or a retriever and a recall, never both get the
 * caller), answer, then {@code uuid_bridge} the two over the retriever's own socket (api works there,
 * fact 51; bridge behaviour fact 30). An empty slot gets a tone, never silence. A call parked on another
 * box is fetched over SIP instead ({@link #fetch}; the other half is {@link FetchFlow}).
 *
 * <p>Stateless between calls; each retrieval runs on its call's context.
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
    return take(call, lot, slot, autoOutRange, boxId, 0).compose(r -> {
      if (r instanceof Retrieved) {
        ctx.timer().done(FlowTimer.Flow.RETRIEVE, lot.name(), call.acceptedAtNanos());
      }
      return finish(call, lot, r);
    });
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
        return fetch(call, r, boxId); // the record stays: the owning box's side takes it (FetchFlow)
      }
      if (boxId == null && r.boxId() != null && ctx.links().all().size() > 1) {
        return Future.succeededFuture(new Rejected("cannot tell which box this call is on (no callpark_box, and"
            + " FreeSWITCH-Switchname names no configured box), so slot " + r.slot() + " on box " + r.boxId()
            + " is left alone"));
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
            ctx.publish(ParkEvent.Type.RETRIEVED, r, call.uuid(), "by " + retriever(call),
                Sanitize.extension(retriever(call)));
            return Future.succeededFuture((RetrieveResult) new Retrieved(r));
          }
          log.info("uuid_bridge to parked {} failed: {}", r.callUuid(), reply.trim());
          ctx.publish(ParkEvent.Type.ABANDONED, r, null, "parked call gone at retrieval: " + reply.trim());
          return Future.succeededFuture((RetrieveResult) new SlotEmpty(r.lot(), r.slot()));
        });
  }

  /**
   * The call is parked on another box (facts 32-33): issue a one-time token naming that call, then bridge
   * the retriever over SIP to {@code fetch+<slot>} on the owning box, the token in a header and the codec
   * pinned (without it the loopback leg's L16 offer was refused, fact 32). The owning box's dialplan hands
   * that leg to a node ({@link FetchFlow}), which checks the token, takes the record and bridges the leg
   * to the parked call. Success shows here as CHANNEL_BRIDGE on the retriever; a refused or failed leg
   * ends the bridge app first, and the retriever hears the empty-slot tone while the caller stays parked.
   */
  private Future<RetrieveResult> fetch(OutboundCall call, SlotRecord r, String boxId) {
    CrossBox xbox = ctx.crossBox();
    Optional<BoxSip> owner = xbox.sip(r.boxId());
    Optional<BoxSip> here = xbox.sip(boxId);
    if (owner.isEmpty() || here.isEmpty()) {
      return Future.succeededFuture(new Rejected("slot " + r.slot() + " is parked on box " + r.boxId() + ", this call"
          + " is on " + boxId + ", and box " + (owner.isEmpty() ? r.boxId() : boxId) + " has no SIP address"
          + " (boxes[].sipAddress; its event socket host must be an IP address for the default)"));
    }
    long ttl = xbox.tokenTtl().toMillis();
    FetchToken grant = new FetchToken(r.lot(), r.slot(), r.callUuid(), r.version(), boxId, r.boxId(), ctx.now() + ttl);
    String target = owner.get().fetchTarget(here.get(), r.slot());
    return xbox.tokens().issue(grant).compose(token -> {
      String dial = "{absolute_codec_string=PCMU,sip_h_X-Callpark-Token=" + token + callerId(call)
          + ",originate_timeout=" + Math.max(1, ttl / 1000) + "}" + target;
      log.info("retrieving {} from box {}: bridging {} (box {}) to {}", r.key(), r.boxId(), call.uuid(), boxId, target);
      return CallMedia.answer(call).compose(v -> bridgeOver(call, r, dial, target));
    });
  }

  private Future<RetrieveResult> bridgeOver(OutboundCall call, SlotRecord r, String dial, String target) {
    Promise<RetrieveResult> outcome = Promise.promise();
    call.eventHandler(e -> {
      if ("CHANNEL_BRIDGE".equals(e.name()) && call.uuid().equals(e.uniqueId())) {
        outcome.tryComplete(new Retrieved(r));
      }
    });
    call.execute("bridge", dial, true).onComplete(ar -> {
      String why = ar.failed() ? ar.cause().toString() : firstOf(ar.result().variable("originate_disposition"),
          ar.result().variable("bridge_hangup_cause"), ar.result().header("Application-Response"));
      if (outcome.tryComplete(new SlotEmpty(r.lot(), r.slot()))) {
        log.info("fetch of {} from box {} via {} failed ({}): the caller stays parked there", r.key(), r.boxId(), target,
            Sanitize.headerValue(why));
      } else {
        call.hangup("NORMAL_CLEARING"); // the bridge ended after the two talked: the retriever's call is over
      }
    });
    return outcome.future();
  }

  /** The retriever's caller ID for the fetch leg, made safe for a {@code {...}} block; empty when there is none. */
  private static String callerId(OutboundCall call) {
    String name = Sanitize.dialStringValue(call.channelData().header("Caller-Caller-ID-Name"));
    String number = Sanitize.extension(call.channelData().header("Caller-Caller-ID-Number"));
    return (name.isEmpty() ? "" : ",origination_caller_id_name=" + name)
        + (number == null ? "" : ",origination_caller_id_number=" + number);
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return "no cause given";
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
