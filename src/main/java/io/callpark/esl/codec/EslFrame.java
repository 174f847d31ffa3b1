package io.callpark.esl.codec;

import java.nio.charset.StandardCharsets;

/**
 * One frame off the event socket: the outer header block exactly as on the wire (values not
 * URL-decoded) and the {@code Content-Length} bytes that followed it.
 *
 * <p>Immutable; the body array is owned by the frame and must not be modified. Thread-safe.
 */
public record EslFrame(EslHeaders headers, byte[] body) {
  private static final byte[] NO_BODY = new byte[0];

  public EslFrame {
    body = body == null ? NO_BODY : body;
  }

  public static EslFrame of(EslHeaders headers) {
    return new EslFrame(headers, NO_BODY);
  }

  public String contentType() {
    return headers.get("Content-Type");
  }

  public FrameKind kind() {
    return FrameKind.of(contentType());
  }

  /** The {@code Reply-Text} of a command/reply, URL-decoded (the outbound connect reply encodes it: fact 10). */
  public String replyText() {
    String raw = headers.get("Reply-Text");
    return raw == null ? null : UrlCodec.decode(raw);
  }

  /** True for a command/reply or api/response that FreeSWITCH marked as a failure ({@code -ERR ...}). */
  public boolean isError() {
    if (kind() == FrameKind.API_RESPONSE) {
      return bodyAsString().startsWith("-ERR");
    }
    String reply = replyText();
    return reply != null && reply.startsWith("-ERR");
  }

  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EslFrame f && headers.equals(f.headers) && java.util.Arrays.equals(body, f.body);
  }

  @Override
  public int hashCode() {
    return headers.hashCode() * 31 + java.util.Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "EslFrame{" + kind() + ", headers=" + headers.size() + ", body=" + body.length + "B}";
  }
}
