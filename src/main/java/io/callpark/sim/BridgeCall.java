package io.callpark.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run of the {@code bridge} application: parses the dial string ({@code {var=val,...}} /
 * {@code [var=val]} prefixes, the first of several {@code ,}/{@code |} targets), asks the configured
 * {@link SimEndpoint} what the far end does, creates the outbound leg, and bridges when it answers (fires
 * CHANNEL_BRIDGE on the caller's channel, answering it first if needed). A rejected call sets
 * {@code originate_disposition}/{@code bridge_hangup_cause} and the application returns; so does the end
 * of the bridge when the far end hangs up.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class BridgeCall {
  private final SimBox box;
  private final Bridging bridging;
  private final AppCall call;
  private final FakeChannel caller;
  private FakeChannel leg;
  private long answerTimer = -1;

  BridgeCall(SimBox box, Bridging bridging, AppCall call) {
    this.box = box;
    this.bridging = bridging;
    this.call = call;
    this.caller = call.channel;
  }

  void start() {
    Map<String, String> vars = new LinkedHashMap<>();
    String target = parseDialString(call.data, vars);
    call.onInterrupt(why -> {
      cancelTimer();
      if (leg != null && leg.up() && leg.bridgedTo == null) {
        box.hangups().hangup(leg, "ORIGINATOR_CANCEL", AppCall.Interrupt.HANGUP);
      }
      call.finish("_none_", AppCall.Next.STOP);
    });
    if (target.startsWith("error/")) {
      fail(target.substring("error/".length()));
      return;
    }
    if (target.startsWith("loopback/")) {
      // a leg into this box's own dialplan: bridged when that extension answers
      String[] p = target.split("/");
      CallSpec spec = CallSpec.builder(p.length > 1 ? p[1] : "").context(p.length > 2 ? p[2] : caller.profile.context)
          .from(caller.profile.callerIdName, caller.profile.callerIdNumber).loopback().build();
      leg = box.channelFactory().loopbackPair(spec, vars.get("origination_uuid"), a -> answered())[0];
      watchLeg();
      return;
    }
    SimEndpoint.Outcome outcome = box.config().endpoint.dial(target);
    if (outcome instanceof SimEndpoint.Reject r) {
      fail(r.cause());
      return;
    }
    leg = box.channelFactory().outboundLeg(target, caller, vars);
    watchLeg();
    if (outcome instanceof SimEndpoint.Answer a) {
      long ms = a.delay().toMillis();
      if (ms <= 0) {
        box.vertx().runOnContext(v -> answered());
      } else {
        answerTimer = box.vertx().setTimer(ms, id -> answered());
      }
    } else if (outcome instanceof SimEndpoint.Remote remote) {
      RemoteLeg.connect(box, leg, remote, this::answered);
    }
  }

  /** The far end hung up before the bridge: the application returns with its cause. */
  private void watchLeg() {
    FakeChannel l = leg;
    l.destroyListeners.add(() -> {
      if (!call.finished() && caller.bridgedTo == null) {
        cancelTimer();
        fail(l.hangupCause == null ? "NORMAL_CLEARING" : l.hangupCause);
      }
    });
  }

  private void answered() {
    answerTimer = -1;
    if (call.finished() || leg == null || !leg.up() || !caller.up()) {
      return;
    }
    leg.answer();
    caller.answer();
    caller.setVar("originate_disposition", "SUCCESS");
    bridging.link(caller, leg, "bridge");
    bridging.fireBridgeEvent(caller, leg, "CHANNEL_BRIDGE", Src.BRIDGE);
    leg.enterState(ChannelState.CS_EXCHANGE_MEDIA);
  }

  private void fail(String cause) {
    caller.setVar("originate_disposition", cause);
    caller.setVar("bridge_hangup_cause", cause);
    caller.setVar("DIALSTATUS", cause);
    call.finish("_none_");
  }

  private void cancelTimer() {
    if (answerTimer >= 0) {
      box.vertx().cancelTimer(answerTimer);
      answerTimer = -1;
    }
  }

  /** Strips {@code {..}} and {@code [..]} variable blocks into {@code vars}; returns the first target. */
  static String parseDialString(String data, Map<String, String> vars) {
    String s = data.trim();
    while (!s.isEmpty() && (s.charAt(0) == '{' || s.charAt(0) == '[' || s.charAt(0) == '<')) {
      char close = s.charAt(0) == '{' ? '}' : s.charAt(0) == '[' ? ']' : '>';
      int end = s.indexOf(close);
      if (end < 0) {
        break;
      }
      for (String kv : s.substring(1, end).split(",")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          vars.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
      }
      s = s.substring(end + 1).trim();
    }
    int cut = s.length();
    for (char c : new char[] {',', '|', ':'}) {
      int i = c == ':' ? s.indexOf(":_:") : s.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return s.substring(0, cut).trim();
  }
}
