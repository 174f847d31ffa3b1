package io.callpark.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ties a local outbound leg to a call placed into another {@link FakeFreeSwitch} box (the cross-box
 * retrieval of fact 32: box B bridges to {@code sofia/internal/fetch+6001@boxA}, which arrives at box A as a
 * new call running A's dialplan). The remote call carries the leg's caller ID and custom SIP headers
 * ({@link #headers}); a loopback originator without {@code absolute_codec_string} is refused as fact 32 saw.
 * The local leg answers when the remote channel answers; a hangup on either side hangs up the other. All
 * hops between the two boxes go through their thread-safe API and back onto the right context.
 *
 * <p>Stateless; the callbacks run on the respective box's context.
 */
final class RemoteLeg {
  private RemoteLeg() {}

  static void connect(SimBox box, FakeChannel leg, SimEndpoint.Remote remote, Runnable onAnswered) {
    FakeChannel originator = box.channel(leg.vars.get("originator"));
    if (originator != null && "L16".equals(originator.codec) && leg.vars.get("absolute_codec_string") == null) {
      // Fact 32: without absolute_codec_string the loopback leg's L16 offer was refused.
      box.vertx().runOnContext(v -> box.hangups().hangup(leg, "INCOMPATIBLE_DESTINATION", AppCall.Interrupt.HANGUP));
      return;
    }
    FakeFreeSwitch other = remote.box();
    CallSpec call = remote.call().asPeerLeg(leg.profile.callerIdName, leg.profile.callerIdNumber, headers(leg));
    other.placeCall(call).onComplete(ar -> box.runOnContext(() -> {
      if (ar.failed()) {
        box.hangups().hangup(leg, "DESTINATION_OUT_OF_ORDER", AppCall.Interrupt.HANGUP);
        return;
      }
      String remoteUuid = ar.result();
      if (!leg.up()) {
        other.hangup(remoteUuid, "ORIGINATOR_CANCEL");
        return;
      }
      leg.setVar("sim_remote_uuid", remoteUuid);
      box.publish(leg);
      boolean[] answered = {false};
      other.watchChannel(remoteUuid, snap -> box.runOnContext(() -> {
        if (snap.ended()) {
          if (leg.up()) {
            String cause = snap.hangupCause() == null ? "NORMAL_CLEARING" : snap.hangupCause();
            box.hangups().hangup(leg, cause, AppCall.Interrupt.HANGUP);
          }
          return;
        }
        if (!answered[0] && "answered".equals(snap.answerState())) {
          answered[0] = true;
          onAnswered.run();
        }
      }));
      leg.destroyListeners.add(() -> other.hangup(remoteUuid, "NORMAL_CLEARING"));
    }));
  }

  /**
   * The custom headers the leg's INVITE carries, as the receiving box names them: sofia sends each
   * {@code sip_h_<Name>} variable of the outbound leg as header {@code <Name>}, and the receiving sofia
   * sets {@code sip_h_<Name>} for headers starting {@code X-} (but not {@code X-FS-}) or {@code P-}
   * (sofia_glue.c, sofia_glue_set_extra_headers; fact 33 saw {@code sip_h_X-Callpark-Token} arrive).
   */
  static Map<String, String> headers(FakeChannel leg) {
    Map<String, String> out = new LinkedHashMap<>();
    leg.vars.forEach((name, value) -> {
      if (!name.startsWith("sip_h_") || value == null || value.isEmpty()) {
        return;
      }
      String header = name.substring("sip_h_".length());
      boolean x = header.regionMatches(true, 0, "X-", 0, 2) && !header.regionMatches(true, 0, "X-FS-", 0, 5);
      if (x || header.regionMatches(true, 0, "P-", 0, 2)) {
        out.put(name, value);
      }
    });
    return out;
  }
}
