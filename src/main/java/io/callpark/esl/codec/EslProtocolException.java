package io.callpark.esl.codec;

import java.nio.charset.StandardCharsets;

/**
 * Bytes that are not a valid event-socket frame, or a command we refuse to write (header injection).
 * The message names the offending input, truncated and escaped so that it is safe to log.
 */
public final class EslProtocolException extends RuntimeException {
  /** How much of an offending input a message quotes. */
  public static final int QUOTE_LIMIT = 64;

  public EslProtocolException(String message) {
    super(message);
  }

  /** {@code what} followed by the quoted, escaped, truncated input. */
  public static EslProtocolException of(String what, byte[] input, int off, int len) {
    return new EslProtocolException(what + ": " + quote(input, off, len));
  }

  public static EslProtocolException of(String what, String input) {
    byte[] b = input.getBytes(StandardCharsets.UTF_8);
    return of(what, b, 0, b.length);
  }

  /** Quotes up to {@link #QUOTE_LIMIT} bytes with CR, LF, tabs and non-printables escaped. */
  public static String quote(byte[] b, int off, int len) {
    StringBuilder sb = new StringBuilder(Math.min(len, QUOTE_LIMIT) + 16).append('"');
    int n = Math.min(len, QUOTE_LIMIT);
    for (int i = off; i < off + n; i++) {
      int c = b[i] & 0xFF;
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c >= 0x7F) {
            sb.append(String.format("\\x%02X", c));
          } else {
            sb.append((char) c);
          }
        }
      }
    }
    sb.append('"');
    if (len > n) {
      sb.append("... (").append(len).append(" bytes)");
    }
    return sb.toString();
  }
}
