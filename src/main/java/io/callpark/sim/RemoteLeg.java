package io.callpark.sim;

/**
 * Ties a local outbound leg to a call placed into another {@link FakeFreeSwitch} box (the cross-box
 * retrieval of fact 32: box B bridges to {@code sofia/internal/fetch+6001@boxA}, which arrives at box A as a
 * new call running A's dialplan). The local leg answers when the remote channel answers; a hangup on
 * either side hangs up the other. All hops between the two boxes go through their thread-safe API and
 * back onto the right context.
 *
 * <p>Stateless; the callbacks run on the respective box's context.
 */
final class RemoteLeg {
  private RemoteLeg() {}

  static void connect(SimBox box, FakeChannel leg, SimEndpoint.Remote remote, Runnable onAnswered) {
    FakeFreeSwitch other = remote.box();
    other.placeCall(remote.call()).onComplete(ar -> box.runOnContext(() -> {
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
}
