package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import java.util.Map;

/**
 * Builds events with the headers real FreeSWITCH 1.11.1 puts on them, in its order (compare
 * outbound_esl_session.frames.json): the core block ({@code Event-Name}, {@code Core-UUID},
 * {@code FreeSWITCH-Hostname/-Switchname/-IPv4/-IPv6}, {@code Event-Date-*}, {@code Event-Calling-*},
 * {@code Event-Sequence} — monotonic per box), then for channel events the channel block
 * ({@code Channel-State} ... {@code Answer-State}, codecs), the {@code Caller-*} profile, the
 * {@code Other-Leg-*} profile of a bridged peer and the {@code variable_*} headers.
 *
 * <p>Not thread-safe: used on the box's context (the sequence counter is plain).
 */
final class EventFactory {
  private final SimConfig config;
  private final EventClock clock;
  private long sequence;

  EventFactory(SimConfig config, EventClock clock) {
    this.config = config;
    this.clock = clock;
    this.sequence = config.initialEventSequence;
  }

  /** The core block every event starts with. */
  EslHeaders.Builder core(String name, Src src) {
    EslHeaders.Builder b = EslHeaders.builder();
    addCore(b, name, src);
    return b;
  }

  void addCore(EslHeaders.Builder b, String name, Src src) {
    long now = clock.nowMicros();
    b.add("Event-Name", name)
        .add("Core-UUID", config.coreUuid)
        .add("FreeSWITCH-Hostname", config.hostname)
        .add("FreeSWITCH-Switchname", config.hostname)
        .add("FreeSWITCH-IPv4", config.ipv4)
        .add("FreeSWITCH-IPv6", config.ipv6)
        .add("Event-Date-Local", clock.local(now))
        .add("Event-Date-GMT", clock.gmt(now))
        .add("Event-Date-Timestamp", Long.toString(now))
        .add("Event-Calling-File", src.file())
        .add("Event-Calling-Function", src.function())
        .add("Event-Calling-Line-Number", Integer.toString(src.line()))
        .add("Event-Sequence", Long.toString(sequence++));
  }

  /** A non-channel event: core block, then {@code extra} name/value pairs. */
  EslEvent plain(String name, Src src, String body, String... extra) {
    EslHeaders.Builder b = core(name, src);
    pairs(b, extra);
    return new EslEvent(b.build(), body);
  }

  /**
   * A channel event: core block, {@code pre} pairs (e.g. Bridge-A-Unique-ID), channel block, caller
   * profile, other leg, variables if {@code withVars}, then {@code post} pairs (Application, DTMF-Digit ...).
   */
  EslEvent channelEvent(FakeChannel ch, String name, Src src, boolean withVars, String[] pre, String[] post) {
    EslHeaders.Builder b = core(name, src);
    if ("CHANNEL_HANGUP_COMPLETE".equals(name) && ch.hangupCause != null) {
      b.add("Hangup-Cause", ch.hangupCause);
    }
    pairs(b, pre);
    channelBlock(b, ch);
    profile(b, "Caller", ch, true);
    otherLeg(b, ch);
    if (withVars) {
      variables(b, ch);
    }
    pairs(b, post);
    return new EslEvent(b.build(), null);
  }

  /**
   * The outbound {@code connect} reply's header block (fact 10, 48): CHANNEL_DATA core, the profile as
   * {@code Channel-*}, the channel block, {@code Caller-*}, other leg, variables.
   */
  EslHeaders channelData(FakeChannel ch) {
    EslHeaders.Builder b = core("CHANNEL_DATA", Src.CHANNEL_DATA);
    profile(b, "Channel", ch, true);
    channelBlock(b, ch);
    profile(b, "Caller", ch, true);
    otherLeg(b, ch);
    variables(b, ch);
    return b.build();
  }

  void channelBlock(EslHeaders.Builder b, FakeChannel ch) {
    b.add("Channel-State", ch.state.name())
        .add("Channel-Call-State", ch.callState)
        .add("Channel-State-Number", Integer.toString(ch.stateNumber))
        .add("Channel-Name", ch.name)
        .add("Unique-ID", ch.uuid)
        .add("Call-Direction", ch.direction)
        .add("Presence-Call-Direction", ch.direction)
        .add("Channel-HIT-Dialplan", Boolean.toString(ch.hitDialplan));
    if (ch.presenceId != null) {
      b.add("Channel-Presence-ID", ch.presenceId);
    }
    b.add("Channel-Call-UUID", ch.uuid)
        .add("Answer-State", ch.answerState);
    if (ch.hangupCause != null) {
      b.add("Hangup-Cause", ch.hangupCause);
    }
    String rate = "8000";
    String bits = Integer.toString(ch.codecBitRate);
    b.add("Channel-Read-Codec-Name", ch.codec).add("Channel-Read-Codec-Rate", rate).add("Channel-Read-Codec-Bit-Rate", bits)
        .add("Channel-Write-Codec-Name", ch.codec).add("Channel-Write-Codec-Rate", rate).add("Channel-Write-Codec-Bit-Rate", bits);
  }

  /** The caller profile under {@code prefix} ({@code Caller}, {@code Channel} or {@code Other-Leg}). */
  void profile(EslHeaders.Builder b, String prefix, FakeChannel ch, boolean withIndex) {
    CallerProfile p = ch.profile;
    String x = prefix + "-";
    b.add(x + "Direction", p.direction).add(x + "Logical-Direction", p.logicalDirection);
    opt(b, x + "Username", p.username);
    b.add(x + "Dialplan", p.dialplan)
        .add(x + "Caller-ID-Name", p.callerIdName).add(x + "Caller-ID-Number", p.callerIdNumber)
        .add(x + "Orig-Caller-ID-Name", p.origCallerIdName).add(x + "Orig-Caller-ID-Number", p.origCallerIdNumber);
    opt(b, x + "Callee-ID-Name", p.calleeIdName);
    opt(b, x + "Callee-ID-Number", p.calleeIdNumber);
    opt(b, x + "Network-Addr", p.networkAddr);
    b.add(x + "ANI", p.ani).add(x + "Destination-Number", p.destination).add(x + "Unique-ID", ch.uuid)
        .add(x + "Source", p.source);
    opt(b, x + "Transfer-Source", p.transferSource);
    b.add(x + "Context", p.context);
    opt(b, x + "RDNIS", p.rdnis);
    b.add(x + "Channel-Name", p.channelName);
    if (withIndex) {
      b.add(x + "Profile-Index", Integer.toString(p.profileIndex));
    }
    b.add(x + "Profile-Created-Time", Long.toString(p.profileCreatedMicros))
        .add(x + "Channel-Created-Time", Long.toString(ch.createdMicros))
        .add(x + "Channel-Answered-Time", Long.toString(ch.answeredMicros))
        .add(x + "Channel-Progress-Time", Long.toString(ch.progressMicros))
        .add(x + "Channel-Progress-Media-Time", Long.toString(ch.progressMediaMicros))
        .add(x + "Channel-Hangup-Time", Long.toString(ch.hangupMicros))
        .add(x + "Channel-Transfer-Time", Long.toString(ch.transferMicros))
        .add(x + "Channel-Resurrect-Time", "0")
        .add(x + "Channel-Bridged-Time", Long.toString(ch.bridgedMicros))
        .add(x + "Channel-Last-Hold", "0")
        .add(x + "Channel-Hold-Accum", "0")
        .add(x + "Screen-Bit", "true")
        .add(x + "Privacy-Hide-Name", "false")
        .add(x + "Privacy-Hide-Number", "false");
  }

  private void otherLeg(EslHeaders.Builder b, FakeChannel ch) {
    FakeChannel peer = ch.bridgedTo;
    if (peer != null && ch.otherType != null) {
      b.add("Other-Type", ch.otherType);
      profile(b, "Other-Leg", peer, false);
    }
  }

  void variables(EslHeaders.Builder b, FakeChannel ch) {
    for (Map.Entry<String, String> e : ch.vars.entrySet()) {
      b.add("variable_" + e.getKey(), e.getValue());
    }
  }

  private static void opt(EslHeaders.Builder b, String name, String value) {
    if (value != null) {
      b.add(name, value);
    }
  }

  static void pairs(EslHeaders.Builder b, String[] pairs) {
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      if (pairs[i + 1] != null) {
        b.add(pairs[i], pairs[i + 1]);
      }
    }
  }
}
