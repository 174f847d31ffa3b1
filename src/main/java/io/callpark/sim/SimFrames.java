package io.callpark.sim;

import io.callpark.esl.codec.EslFrameWriter;
import java.nio.charset.StandardCharsets;

/**
 * Frames the codec's {@link EslFrameWriter} does not write, byte for byte as mod_event_socket.c does.
 *
 * <p>Stateless; thread-safe.
 */
final class SimFrames {
  private SimFrames() {}

  /** A {@code log/data} frame (fact 44): headers, then the formatted line as body. */
  static byte[] logData(int level, String file, String func, int line, String userData, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    String head = "Content-Type: log/data\nContent-Length: " + body.length + "\nLog-Level: " + level
        + "\nText-Channel: 3\nLog-File: " + file + "\nLog-Func: " + func + "\nLog-Line: " + line
        + "\nUser-Data: " + (userData == null ? "" : userData) + "\n\n";
    return EslFrameWriter.concat(head.getBytes(StandardCharsets.UTF_8), body);
  }

  /** What the malformed-frame knob sends: a header line without a colon. */
  static byte[] malformed() {
    return "Content-Type: command/reply\nthis line has no colon\n\n".getBytes(StandardCharsets.US_ASCII);
  }
}
