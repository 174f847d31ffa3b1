package io.callpark.sim;

import io.callpark.esl.codec.EslRequest;
import java.time.Instant;

/**
 * One command the fake received, as MockWebServer's {@code RecordedRequest}: which connection sent it
 * (see {@link ConnectionInfo}), whether that was an inbound client or an outbound-socket controller, the
 * channel the connection controls (outbound only), the parsed request, a box-wide sequence number and
 * when it arrived ({@code nanoTime} is monotonic, for ordering and latency assertions).
 *
 * <p>Immutable; thread-safe.
 */
public record RecordedRequest(long connectionId, ConnectionInfo.Kind kind, String channelUuid, EslRequest request,
    long sequence, long nanoTime, Instant receivedAt) {

  /** The command line: {@code api status}, {@code sendmsg}, {@code sendevent PRESENCE_IN} ... */
  public String line() {
    return request.line();
  }

  /** The first word of the command line. */
  public String verb() {
    return request.verb();
  }

  public String header(String name) {
    return request.header(name);
  }

  public String body() {
    return request.bodyAsString();
  }

  @Override
  public String toString() {
    return "RecordedRequest{#" + sequence + " conn=" + connectionId + " " + kind + " " + request + "}";
  }
}
