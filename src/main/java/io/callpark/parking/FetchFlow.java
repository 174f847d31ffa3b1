package io.callpark.parking;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.link.FreeSwitchLink;
import io.callpark.esl.outbound.OutboundCall;
import io.callpark.parking.RetrieveResult.Rejected;
import io.callpark.parking.RetrieveResult.Retrieved;
import io.callpark.parking.RetrieveResult.SlotEmpty;
import io.callpark.parking.store.FetchTokens;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owning box's half of a cross-box retrieval: a SIP leg to {@code fetch+<slot>} that another box's
 * retriever was bridged to ({@link RetrieveFlow}; facts 32-33). Anything that reaches the box's SIP port
 * can dial that number, so the leg is refused ({@code CALL_REJECTED}, nothing answered, the caller stays
 * parked) unless all of this holds, in this order:
 * <ol>
 *   <li>the destination is {@code fetch+<digits>} and the leg's source address ({@code sip_network_ip},
 *       and {@code sip_received_ip} when set) is a configured box's SIP address;
 *   <li>it carries a well-formed {@code X-Callpark-Token}, which is consumed now: it works once, and a
 *       refused leg after this point has burnt it;
 *   <li>the token names this slot, this box, and the box the leg came from, and has not expired;
 *   <li>the slot still holds the call the token names; the record is then taken with a conditional delete.
 * </ol>
 * Then: answer the fetch leg first (without that the INVITE was refused, fact 32), {@code socket_resume
 * false} on the parked call, {@code uuid_bridge <fetch leg> <parked>} over the fetch leg's own socket.
 * If the fetch leg is gone before the bridge, the record is put back.
 *
 * <p>Stateless between calls; each fetch runs on its call's context.
 */
final class FetchFlow {
  private static final Logger log = LoggerFactory.getLogger(FetchFlow.class);
  private static final String PREFIX = "fetch+";
  private static final Pattern DESTINATION = Pattern.compile("fetch\\+([0-9]{1,9})");
  static final String TOKEN_VARIABLE = "sip_h_X-Callpark-Token";

  private final ParkingContext ctx;

  FetchFlow(ParkingContext ctx) {
    this.ctx = ctx;
  }

  /** Whether the call was sent to {@code fetch+...}: such a call is fetched or refused, never parked. */
  static boolean isFetchLeg(EslEvent channelData) {
    String dest = destination(channelData);
    return dest != null && dest.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  Future<RetrieveResult> fetch(OutboundCall call, String boxId) {
    EslEvent cd = call.channelData();
    String dest = destination(cd);
    Matcher m = DESTINATION.matcher(dest);
    if (!m.matches()) {
      return refuse(call, "destination '" + trunc(dest) + "' is not fetch+<slot>");
    }
    String slot = m.group(1);
    String source = cd.variable("sip_network_ip");
    String received = cd.variable("sip_received_ip");
    Optional<String> fromBox = boxAt(source);
    if (fromBox.isEmpty() || received != null && boxAt(received).isEmpty()) {
      return refuse(call, "fetch+" + slot + " from " + trunc(source) + " (received " + trunc(received)
          + "), which is no configured box's SIP address " + ctx.crossBox().boxes());
    }
    String token = cd.variable(TOKEN_VARIABLE);
    if (!FetchTokens.wellFormed(token)) {
      return refuse(call, "fetch+" + slot + " from box " + fromBox.get() + " without a valid X-Callpark-Token"
          + (token == null ? "" : " (got '" + trunc(token) + "')"));
    }
    return ctx.crossBox().tokens().consume(token, ctx.now()).compose(grant -> {
      if (grant.isEmpty()) {
        return refuse(call, "fetch+" + slot + " from box " + fromBox.get() + ": token " + hint(token)
            + " is unknown, used or expired");
      }
      FetchToken g = grant.get();
      BoxSip issuer = ctx.crossBox().sip(g.fromBox()).orElse(null);
      if (!g.slot().equals(slot) || !g.toBox().equals(boxId) || issuer == null || !issuer.isAddress(source)) {
        return refuse(call, "fetch+" + slot + " on box " + boxId + " from " + trunc(source) + ": the token was issued"
            + " for slot " + g.slot() + " on box " + g.toBox() + " to a retriever on box " + g.fromBox());
      }
      return take(call, g);
    });
  }

  private Future<RetrieveResult> take(OutboundCall call, FetchToken g) {
    return ctx.store().get(g.lot(), g.slot()).compose(found -> {
      SlotRecord r = found.orElse(null);
      if (r == null || r.state() == SlotState.RESERVED || !g.callUuid().equals(r.callUuid())
          || !g.toBox().equals(r.boxId())) {
        return refuse(call, "slot " + g.lot() + "/" + g.slot() + " no longer holds call " + g.callUuid()
            + " (retrieved, recalled or hung up meanwhile)");
      }
      return ctx.store().remove(r).compose(won -> won ? bridge(call, r, g)
          : refuse(call, "slot " + r.key() + " changed while being fetched (version " + r.version() + ")"));
    });
  }

  private Future<RetrieveResult> bridge(OutboundCall call, SlotRecord r, FetchToken g) {
    String parked = r.callUuid();
    return CallMedia.answer(call)
        .compose(v -> CallMedia.noResume(call, parked))
        .compose(v -> call.api("uuid_bridge " + call.uuid() + " " + parked))
        .compose(reply -> {
          if (reply.startsWith("+OK")) {
            ctx.publish(ParkEvent.Type.RETRIEVED, r, call.uuid(), "fetched by box " + g.fromBox(),
                Sanitize.extension(call.channelData().header("Caller-Caller-ID-Number")));
            return Future.succeededFuture((RetrieveResult) new Retrieved(r));
          }
          return call.api("uuid_exists " + parked).compose(exists -> {
            if (exists.trim().equals("true")) {
              return putBack(call, r, "uuid_bridge failed: " + reply.trim());
            }
            ctx.publish(ParkEvent.Type.ABANDONED, r, null, "parked call gone at fetch: " + reply.trim());
            return call.hangup("NORMAL_CLEARING").map(x -> (RetrieveResult) new SlotEmpty(r.lot(), r.slot()));
          });
        }, e -> putBack(call, r, "fetch leg lost before the bridge: " + e.getMessage()));
  }

  /**
   * The record was taken but the bridge did not happen while the caller is still there: give the slot back,
   * and the parked call its socket_resume (taken away before the bridge).
   */
  private Future<RetrieveResult> putBack(OutboundCall call, SlotRecord r, String why) {
    return ctx.store().putIfAbsent(r).compose(holder -> {
      if (holder.isEmpty()) {
        // Over the box's inbound link: the fetch leg's socket is often what was lost, and a parked call left
        // with socket_resume false is stranded when its own node dies later (regression/FetchLegLostRestoresResumeTest).
        String restore = "uuid_setvar " + r.callUuid() + " socket_resume true";
        ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected).map(l -> l.api(restore))
            .orElseGet(() -> call.api(restore))
            .onFailure(e -> log.warn("could not give {} its socket_resume back: {}", r.callUuid(), e.getMessage()));
      }
      log.warn("fetch of {} by {} failed ({}); record {}", r.key(), call.uuid(), why,
          holder.isEmpty() ? "put back" : "not put back: the slot was taken meanwhile");
      return call.hangup("NORMAL_TEMPORARY_FAILURE").recover(e -> Future.succeededFuture());
    }).map(v -> (RetrieveResult) new Rejected(why));
  }

  private Optional<String> boxAt(String ip) {
    return ctx.crossBox().boxes().entrySet().stream().filter(e -> e.getValue().isAddress(ip)).map(java.util.Map.Entry::getKey)
        .findFirst();
  }

  private Future<RetrieveResult> refuse(OutboundCall call, String reason) {
    log.warn("refused fetch leg {}: {}", call.uuid(), reason);
    return call.hangup("CALL_REJECTED").recover(e -> Future.succeededFuture())
        .map(v -> (RetrieveResult) new Rejected(reason));
  }

  private static String destination(EslEvent cd) {
    String d = cd.header("Caller-Destination-Number");
    return d != null ? d : cd.header("Channel-Destination-Number");
  }

  /** Enough of a token to tell two apart in the log, never the whole of it. */
  private static String hint(String token) {
    return token.substring(0, 6) + "...";
  }

  /** A far-end value for the log: controls removed, at most 40 characters. */
  private static String trunc(String s) {
    String v = Sanitize.headerValue(s);
    return v == null ? "none" : v.length() > 40 ? v.substring(0, 40) + "..." : v;
  }
}
