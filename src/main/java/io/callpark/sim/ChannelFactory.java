package io.callpark.sim;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Creates channels the way they look in the captures and announces them (CHANNEL_STATE CS_INIT,
 * CHANNEL_CREATE, CS_ROUTING, ...): a SIP phone calling in ({@code sofia/internal/1000@127.0.0.1}, PCMU,
 * the sip_* variables of outbound_sip_auth_call), a loopback pair ({@code loopback/5000-a} parked,
 * {@code loopback/5000-b} running the dialplan, L16, as {@code originate loopback/5000/default &park()}),
 * and outbound legs for {@code bridge}/{@code originate}.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class ChannelFactory {
  private final SimBox box;

  ChannelFactory(SimBox box) {
    this.box = box;
  }

  /** A phone registered on the box calls {@code spec.destination}; its dialplan starts. */
  FakeChannel inboundSip(CallSpec spec) {
    String domain = box.config().domain;
    String user = spec.callerIdNumber;
    FakeChannel ch = newChannel(spec.uuid, true, "sofia/internal/" + user + "@" + domain, "inbound");
    ch.fromPeerBox = spec.peerLeg();
    CallerProfile p = ch.profile;
    p.username = user;
    p.dialplan = "XML";
    callerId(p, spec.callerIdName, spec.callerIdNumber);
    p.networkAddr = spec.peerIp != null ? spec.peerIp : domain;
    p.destination = spec.destination;
    p.context = spec.context;
    p.source = "mod_sofia";
    p.rdnis = spec.rdnis;
    p.transferSource = spec.transferSource;
    ch.presenceId = user + "@" + domain;
    String callId = UUID.randomUUID() + "@" + domain;
    String tag = shortId();
    String port = "5080";
    SipVariables.set(box, ch, spec, user, domain, callId, tag, port);
    extras(ch, spec);
    ch.setVar("call_uuid", ch.uuid);
    announceInbound(ch, spec.answered);
    DialplanRunner.start(box, ch);
    return ch;
  }

  /**
   * {@code loopback/<ext>/<ctx>}: the -a leg (returned first) and the -b leg running
   * {@code spec.destination}. Once the -b leg answered (which answers the -a leg too), {@code aOnAnswer}
   * decides what the -a leg does: see {@link #thenRun} and {@link #thenExtension}, or a bridge.
   */
  FakeChannel[] loopbackPair(CallSpec spec, String aUuid, Consumer<FakeChannel> aOnAnswer) {
    String ext = spec.destination;
    FakeChannel a = newChannel(aUuid, false, "loopback/" + ext + "-a", "outbound");
    FakeChannel b = newChannel(spec.uuid, false, "loopback/" + ext + "-b", "inbound");
    a.loopbackPeer = b;
    b.loopbackPeer = a;
    CallerProfile pa = a.profile;
    pa.dialplan = "xml";
    callerId(pa, spec.callerIdName, spec.callerIdNumber);
    pa.destination = ext;
    pa.context = spec.context;
    pa.source = "src/switch_ivr_originate.c";
    loopbackVars(a, spec, b, "A");
    CallerProfile pb = b.profile;
    pb.dialplan = "xml";
    callerId(pb, spec.callerIdName, spec.callerIdNumber);
    pb.calleeIdName = "Outbound Call";
    pb.calleeIdNumber = "default";
    pb.destination = ext;
    pb.context = spec.context;
    pb.source = "mod_loopback";
    pb.rdnis = spec.rdnis;
    pb.transferSource = spec.transferSource;
    loopbackVars(b, spec, a, "B");
    a.setState(ChannelState.CS_INIT);
    a.fire("CHANNEL_STATE", Src.STATE, false);
    a.fire("CHANNEL_CREATE", Src.CREATE, true);
    a.enterState(ChannelState.CS_ROUTING);
    a.enterState(ChannelState.CS_CONSUME_MEDIA);
    announceInbound(b, false);
    watchAnswer(b, () -> {
      if (a.up()) {
        aOnAnswer.accept(a);
      }
    });
    DialplanRunner.start(box, b);
    return new FakeChannel[] {a, b};
  }

  /** The -a leg runs one application ({@code &park()} of originate). */
  Consumer<FakeChannel> thenRun(String app, String data) {
    return a -> {
      a.enterState(ChannelState.CS_EXECUTE);
      DialplanRunner.startApp(box, a, app, data == null ? "" : data);
    };
  }

  /** The -a leg runs an extension of its context (originate's {@code <exten>} form). */
  Consumer<FakeChannel> thenExtension(String extension) {
    return a -> {
      a.enterState(ChannelState.CS_EXECUTE);
      a.profile.destination = extension;
      DialplanRunner.start(box, a);
    };
  }

  /** The far end of a bridge or originate: an outbound leg named after the dial-string target. */
  FakeChannel outboundLeg(String target, FakeChannel caller, Map<String, String> vars) {
    String user = target;
    String name;
    if (target.startsWith("user/")) {
      user = target.substring(5);
      if (!user.contains("@")) {
        user = user + "@" + box.config().domain;
      }
      name = "sofia/internal/" + user;
    } else if (target.startsWith("sofia/")) {
      name = target;
      String[] parts = target.split("/", 3);
      user = parts.length == 3 ? parts[2] : target;
    } else {
      name = target;
    }
    String dest = user.contains("@") ? user.substring(0, user.indexOf('@')) : user;
    FakeChannel leg = newChannel(vars.get("origination_uuid"), true, name, "outbound");
    CallerProfile p = leg.profile;
    p.dialplan = "XML";
    String cidName = vars.getOrDefault("origination_caller_id_name", caller == null ? "FreeSWITCH" : caller.profile.callerIdName);
    String cidNum = vars.getOrDefault("origination_caller_id_number", caller == null ? "0000000000" : caller.profile.callerIdNumber);
    callerId(p, cidName, cidNum);
    p.calleeIdName = "Outbound Call";
    p.calleeIdNumber = dest;
    p.destination = dest;
    p.context = caller == null ? "default" : caller.profile.context;
    p.source = "mod_sofia";
    leg.setVar("direction", "outbound");
    leg.setVar("uuid", leg.uuid);
    leg.setVar("session_id", Long.toString(box.nextSessionId()));
    leg.setVar("channel_name", leg.name);
    leg.setVar("sip_destination_url", "sip:" + user);
    for (Map.Entry<String, String> e : vars.entrySet()) {
      leg.setVar(e.getKey(), e.getValue());
    }
    if (caller != null) {
      leg.setVar("originator", caller.uuid);
      leg.setVar("originating_leg_uuid", caller.uuid);
    }
    leg.setVar("call_uuid", leg.uuid);
    leg.setState(ChannelState.CS_INIT);
    leg.fire("CHANNEL_STATE", Src.STATE, false);
    leg.fire("CHANNEL_OUTGOING", Src.OUTGOING, false);
    leg.fire("CHANNEL_CREATE", Src.CREATE, true);
    leg.enterState(ChannelState.CS_ROUTING);
    leg.enterState(ChannelState.CS_CONSUME_MEDIA);
    return leg;
  }

  private FakeChannel newChannel(String uuid, boolean sip, String name, String direction) {
    FakeChannel ch = new FakeChannel(box, uuid == null ? UUID.randomUUID().toString() : uuid, sip);
    ch.name = name;
    ch.direction = direction;
    ch.createdMicros = box.clock().nowMicros();
    CallerProfile p = ch.profile;
    p.direction = direction;
    p.logicalDirection = direction;
    p.channelName = name;
    p.profileCreatedMicros = ch.createdMicros;
    box.addChannel(ch);
    return ch;
  }

  private static void callerId(CallerProfile p, String name, String number) {
    p.callerIdName = name;
    p.callerIdNumber = number;
    p.origCallerIdName = name;
    p.origCallerIdNumber = number;
    p.ani = number;
  }

  private void loopbackVars(FakeChannel ch, CallSpec spec, FakeChannel other, String leg) {
    ch.setVar("direction", ch.direction);
    ch.setVar("uuid", ch.uuid);
    ch.setVar("session_id", Long.toString(box.nextSessionId()));
    ch.setVar("channel_name", ch.name);
    ch.setVar("read_codec", "L16");
    ch.setVar("read_rate", "8000");
    ch.setVar("write_codec", "L16");
    ch.setVar("write_rate", "8000");
    ch.setVar("origination_caller_id_name", spec.callerIdName);
    ch.setVar("origination_caller_id_number", spec.callerIdNumber);
    ch.setVar("other_loopback_leg_uuid", other.uuid);
    ch.setVar("loopback_leg", leg);
    if (leg.equals("B")) {
      extras(ch, spec);
    }
    ch.setVar("call_uuid", ch.uuid);
  }

  private static void extras(FakeChannel ch, CallSpec spec) {
    if (spec.transferSource != null) {
      ch.setVar("transfer_history", spec.transferSource);
      ch.setVar("transfer_source", spec.transferSource);
    }
    for (Map.Entry<String, String> e : spec.variables.entrySet()) {
      ch.setVar(e.getKey(), e.getValue());
    }
  }

  /** CS_INIT, CHANNEL_CREATE, CS_ROUTING, RINGING, CS_EXECUTE — an incoming leg reaching its dialplan. */
  private void announceInbound(FakeChannel ch, boolean answered) {
    ch.setState(ChannelState.CS_INIT);
    ch.fire("CHANNEL_STATE", Src.STATE, false);
    ch.fire("CHANNEL_CREATE", Src.CREATE, true);
    ch.enterState(ChannelState.CS_ROUTING);
    ch.enterCallState("RINGING");
    if (answered) {
      ch.answeredMicros = ch.createdMicros;
      ch.answerState = "answered";
      ch.callState = "ACTIVE";
    }
    ch.enterState(ChannelState.CS_EXECUTE);
  }

  /** Runs {@code then} once, on the tick after {@code ch} is answered. */
  private static void watchAnswer(FakeChannel ch, Runnable then) {
    ch.answerListeners.add(then);
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}
