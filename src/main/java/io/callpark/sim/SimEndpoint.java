package io.callpark.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * The far end of a {@code bridge} application or an {@code originate} to anything but {@code loopback/}:
 * decides, per dial-string target ({@code user/1001@127.0.0.1}, {@code sofia/internal/fetch+6001@host:5062},
 * ...), whether the simulated phone answers, rejects, or whether the leg really is a call into another
 * {@link FakeFreeSwitch} box (the cross-box retrieval of fact 32).
 *
 * <p>Called on the box's event loop; implementations must not block and should be thread-safe.
 */
@FunctionalInterface
public interface SimEndpoint {

  Outcome dial(String target);

  /** What the far end does. */
  sealed interface Outcome permits Answer, Reject, Remote {}

  /** Answers after {@code delay}. */
  record Answer(Duration delay) implements Outcome {
    public Answer {
      Objects.requireNonNull(delay);
    }
  }

  /** Fails with a hangup cause such as {@code USER_BUSY}, {@code NO_ANSWER}, {@code DESTINATION_OUT_OF_ORDER}. */
  record Reject(String cause) implements Outcome {
    public Reject {
      Objects.requireNonNull(cause);
    }
  }

  /**
   * The leg arrives at another box as a new call (its dialplan runs there, e.g. {@code fetch+6001} →
   * socket → that box's controller). It counts as answered when the remote channel answers; a hangup on
   * either side ends both. The leg's {@code sip_h_X-*}/{@code sip_h_P-*} dial-string variables arrive as
   * variables of the remote call, as custom SIP headers do (fact 33); {@code call}'s own variables win.
   */
  record Remote(FakeFreeSwitch box, CallSpec call) implements Outcome {
    public Remote {
      Objects.requireNonNull(box);
      Objects.requireNonNull(call);
    }
  }

  static SimEndpoint answering(Duration delay) {
    Answer answer = new Answer(delay);
    return target -> answer;
  }

  static SimEndpoint rejecting(String cause) {
    Reject reject = new Reject(cause);
    return target -> reject;
  }
}
