package io.callpark.esl.inbound;

import java.time.Duration;

/**
 * One transition of an {@link InboundClient}'s {@link ConnectionState}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param boxId the box the client talks to ({@link InboundOptions#boxId()})
 * @param state the new state
 * @param cause why the link went down or was refused ({@code DISCONNECTED}, {@code AUTH_FAILED}); else null
 * @param retryIn when the next attempt is due ({@code DISCONNECTED}, {@code AUTH_FAILED}); else null
 */
public record ConnectionStateChange(String boxId, ConnectionState state, Throwable cause, Duration retryIn) {

  @Override
  public String toString() {
    return "ConnectionStateChange{" + boxId + " " + state
        + (cause != null ? ", cause=" + cause.getMessage() : "")
        + (retryIn != null ? ", retryIn=" + retryIn.toMillis() + "ms" : "") + "}";
  }
}
