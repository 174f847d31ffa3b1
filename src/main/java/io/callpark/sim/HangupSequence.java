package io.callpark.sim;

import java.util.List;

/**
 * Tears a channel down with the events FreeSWITCH fires, in its order (outbound_esl_session, fact 15, 53):
 * CHANNEL_HANGUP; every running application ends (playback COMPLETE, CHANNEL_UNPARK, COMPLETE
 * {@code socket}); CHANNEL_STATE CS_HANGUP (+ CHANNEL_CALLSTATE HANGUP); CHANNEL_STATE CS_REPORTING;
 * CHANNEL_HANGUP_COMPLETE with the CDR variables. The outbound sockets get their disconnect notice (linger,
 * or the plain goodbye without linger) after HANGUP_COMPLETE — on SIP channels before CS_REPORTING, with
 * the last events still following it, as in outbound_sip_call ({@link SimConfig.LingerOrder}) — and are
 * closed after HANGUP_COMPLETE, before CHANNEL_DESTROY. A bridge partner and the other
 * loopback leg follow; CHANNEL_DESTROY comes last.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class HangupSequence {
  private final SimBox box;

  HangupSequence(SimBox box) {
    this.box = box;
  }

  void hangup(FakeChannel ch, String cause, AppCall.Interrupt why) {
    hangup(ch, cause, why, null);
  }

  /**
   * {@code afterHangupEvent} runs right after CHANNEL_HANGUP, where the thread that hung up goes on in
   * FreeSWITCH before the session's own thread tears the call down.
   */
  void hangup(FakeChannel ch, String cause, AppCall.Interrupt why, Runnable afterHangupEvent) {
    if (!ch.up()) {
      return;
    }
    ch.hungUp = true;
    ch.hangupCause = cause;
    ch.answerState = "hangup";
    ch.hangupMicros = box.clock().nowMicros();
    ch.stateNumber = ChannelState.CS_HANGUP.number;
    ch.fire("CHANNEL_HANGUP", Src.HANGUP, true);
    if (afterHangupEvent != null) {
      afterHangupEvent.run();
    }
    box.apps().interruptAll(ch, why);
    ch.lockedQueue.clear();
    ch.dtmfListeners.clear();
    ch.enterState(ChannelState.CS_HANGUP);
    ch.enterCallState("HANGUP");
    boolean early = noticeBeforeReporting(ch);
    if (early) {
      notifyControllers(ch);
    }
    ch.enterState(ChannelState.CS_REPORTING);
    cdrVariables(ch);
    ch.fire("CHANNEL_HANGUP_COMPLETE", Src.HANGUP_COMPLETE, true);
    if (!early) {
      notifyControllers(ch);
    }
    for (OutboundConnection c : List.copyOf(ch.controllers)) {
      c.hangupComplete();
    }
    box.bridging().partnerHungUp(ch);
    FakeChannel peer = ch.loopbackPeer;
    if (peer != null && peer.up()) {
      hangup(peer, cause, AppCall.Interrupt.HANGUP);
    }
    ch.stateNumber = ChannelState.CS_DESTROY.number;
    ch.fire("CHANNEL_DESTROY", Src.DESTROY, true);
    ch.enterState(ChannelState.CS_DESTROY);
    ch.destroyed = true;
    box.channelDestroyed(ch);
    for (Runnable r : List.copyOf(ch.destroyListeners)) {
      r.run();
    }
  }

  private boolean noticeBeforeReporting(FakeChannel ch) {
    SimConfig.LingerOrder o = box.config().lingerOrder;
    return o == SimConfig.LingerOrder.BEFORE_REPORTING || (o == SimConfig.LingerOrder.BY_ENDPOINT && ch.sip);
  }

  private void notifyControllers(FakeChannel ch) {
    for (OutboundConnection c : List.copyOf(ch.controllers)) {
      c.hangupNotice();
    }
  }

  /** The variables switch_core_session_reporting_state adds (see CHANNEL_HANGUP_COMPLETE in the captures). */
  private void cdrVariables(FakeChannel ch) {
    EventClock clock = box.clock();
    long start = ch.createdMicros;
    long answer = ch.answeredMicros;
    long end = ch.hangupMicros;
    long profileStart = ch.profile.profileCreatedMicros;
    ch.setVar("hangup_cause", ch.hangupCause);
    ch.setVar("hangup_cause_q850", Integer.toString(Q850.code(ch.hangupCause)));
    if (ch.digitsDialed.length() > 0) {
      ch.setVar("digits_dialed", ch.digitsDialed.toString());
    }
    ch.setVar("start_stamp", clock.local(start));
    ch.setVar("profile_start_stamp", clock.local(profileStart));
    if (answer != 0) {
      ch.setVar("answer_stamp", clock.local(answer));
    }
    if (ch.bridgedMicros != 0) {
      ch.setVar("bridge_stamp", clock.local(ch.bridgedMicros));
    }
    ch.setVar("end_stamp", clock.local(end));
    epochs(ch, "start", start);
    epochs(ch, "profile_start", profileStart);
    epochs(ch, "answer", answer);
    epochs(ch, "bridge", ch.bridgedMicros);
    epochs(ch, "last_hold", 0);
    ch.setVar("hold_accum_seconds", "0");
    ch.setVar("hold_accum_usec", "0");
    ch.setVar("hold_accum_ms", "0");
    epochs(ch, "resurrect", 0);
    epochs(ch, "progress", ch.progressMicros);
    epochs(ch, "progress_media", ch.progressMediaMicros);
    epochs(ch, "end", end);
    if (ch.lastApp != null) {
      ch.setVar("last_app", ch.lastApp);
      ch.setVar("last_arg", ch.lastArg);
    }
    ch.setVar("caller_id", "\"" + ch.profile.callerIdName + "\" <" + ch.profile.callerIdNumber + ">");
    long dur = end - start;
    long bill = answer == 0 ? 0 : end - answer;
    long answerWait = answer == 0 ? 0 : answer - start;
    long wait = answer == 0 ? dur : answerWait;
    ch.setVar("duration", Long.toString(dur / 1_000_000));
    ch.setVar("billsec", Long.toString(bill / 1_000_000));
    ch.setVar("progresssec", "0");
    ch.setVar("answersec", Long.toString(answerWait / 1_000_000));
    ch.setVar("waitsec", Long.toString(wait / 1_000_000));
    ch.setVar("progress_mediasec", "0");
    ch.setVar("flow_billsec", Long.toString(dur / 1_000_000));
    ch.setVar("mduration", Long.toString(dur / 1_000));
    ch.setVar("billmsec", Long.toString(bill / 1_000));
    ch.setVar("progressmsec", "0");
    ch.setVar("answermsec", Long.toString(answerWait / 1_000));
    ch.setVar("waitmsec", Long.toString(wait / 1_000));
    ch.setVar("progress_mediamsec", "0");
    ch.setVar("flow_billmsec", Long.toString(dur / 1_000));
    ch.setVar("uduration", Long.toString(dur));
    ch.setVar("billusec", Long.toString(bill));
    ch.setVar("progressusec", "0");
    ch.setVar("answerusec", Long.toString(answerWait));
    ch.setVar("waitusec", Long.toString(wait));
    ch.setVar("progress_mediausec", "0");
    ch.setVar("flow_billusec", Long.toString(dur));
    if (!ch.sip) {
      ch.setVar("is_loopback", "1");
    }
  }

  private static void epochs(FakeChannel ch, String name, long micros) {
    ch.setVar(name + "_epoch", Long.toString(micros / 1_000_000));
    ch.setVar(name + "_uepoch", Long.toString(micros));
  }
}
