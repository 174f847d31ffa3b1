package io.callpark.esl.codec;

import java.nio.charset.StandardCharsets;

/**
 * A command as FreeSWITCH receives it from a client: the command line ({@code api status},
 * {@code sendmsg}, {@code sendevent PRESENCE_IN} ...), the header lines after it and the body, if a
 * {@code Content-Length} header announced one. Used by {@code sim.FakeFreeSwitch} and by tests that
 * compare what was written with the transcripts.
 *
 * <p>Immutable; thread-safe.
 */
public record EslRequest(String line, EslHeaders headers, byte[] body) {

  /** The first word of the command line: {@code api}, {@code sendmsg}, {@code event} ... */
  public String verb() {
    int sp = line.indexOf(' ');
    return sp < 0 ? line : line.substring(0, sp);
  }

  /** Everything after the first word, or the empty string. */
  public String argument() {
    int sp = line.indexOf(' ');
    return sp < 0 ? "" : line.substring(sp + 1);
  }

  public String header(String name) {
    return headers.get(name);
  }

  public String bodyAsString() {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return line.startsWith("auth ") ? "EslRequest{auth ***}" : "EslRequest{" + line + ", " + headers.size() + " headers}";
  }
}
