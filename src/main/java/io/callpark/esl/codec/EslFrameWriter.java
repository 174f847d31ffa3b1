package io.callpark.esl.codec;

import java.nio.charset.StandardCharsets;

/**
 * The server side of the codec: writes frames byte for byte as FreeSWITCH 1.11.1 does (compare
 * ../shared/freeswitch/*.raw). Used by {@code sim.FakeFreeSwitch}; callpark itself never sends frames.
 *
 * <p>Stateless and thread-safe.
 */
public final class EslFrameWriter {
  /** mod_event_socket's goodbye after {@code exit} (fact 46). */
  public static final String GOODBYE = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";

  private EslFrameWriter() {}

  public static byte[] authRequest() {
    return ascii("Content-Type: auth/request\n\n");
  }

  /** {@code command/reply} with {@code Reply-Text} and any extra headers (e.g. bgapi's Job-UUID). */
  public static byte[] commandReply(String replyText, String... extraNamesAndValues) {
    StringBuilder sb = new StringBuilder(64).append("Content-Type: command/reply\nReply-Text: ").append(replyText).append('\n');
    for (int i = 0; i + 1 < extraNamesAndValues.length; i += 2) {
      sb.append(extraNamesAndValues[i]).append(": ").append(extraNamesAndValues[i + 1]).append('\n');
    }
    return utf8(sb.append('\n').toString());
  }

  public static byte[] apiResponse(String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return concat(ascii("Content-Type: api/response\nContent-Length: " + b.length + "\n\n"), b);
  }

  /**
   * {@code text/event-plain}: URL-encoded header lines, then either a blank line, or — when the event has
   * a body — its {@code Content-Length}, a blank line and the body (fact 3).
   *
   * <p>With a body, only a {@code Content-Length} that is the last header is taken for the body's own
   * (switch_event_serialize writes that one after all headers) and written afresh; any earlier one is an
   * ordinary header: a {@code sendevent} with a body keeps the client's {@code Content-Length} among its
   * headers (inbound_session.raw frame 26, fact 8).
   */
  public static byte[] eventPlain(EslHeaders eventHeaders, String body) {
    StringBuilder sb = new StringBuilder(2048);
    int last = eventHeaders.size() - 1;
    for (int i = 0; i < eventHeaders.size(); i++) {
      if (body != null && i == last && eventHeaders.name(i).equalsIgnoreCase("Content-Length")) {
        continue;
      }
      sb.append(eventHeaders.name(i)).append(": ").append(UrlCodec.encodeLikeFreeSwitch(eventHeaders.value(i))).append('\n');
    }
    byte[] inner;
    if (body != null) {
      byte[] bb = body.getBytes(StandardCharsets.UTF_8);
      sb.append("Content-Length: ").append(bb.length).append("\n\n");
      inner = concat(utf8(sb.toString()), bb);
    } else {
      inner = utf8(sb.append('\n').toString());
    }
    return concat(ascii("Content-Length: " + inner.length + "\nContent-Type: text/event-plain\n\n"), inner);
  }

  /**
   * The outbound {@code connect} reply: channel data as the header block, URL-encoded, no
   * Content-Length, Content-Type near the end (fact 10, 48).
   */
  public static byte[] connectReply(EslHeaders channelData) {
    StringBuilder sb = new StringBuilder(4096);
    for (int i = 0; i < channelData.size(); i++) {
      sb.append(channelData.name(i)).append(": ").append(UrlCodec.encodeLikeFreeSwitch(channelData.value(i))).append('\n');
    }
    sb.append("Content-Type: command/reply\nReply-Text: %2BOK%0A\nSocket-Mode: async\nControl: full\n\n");
    return utf8(sb.toString());
  }

  /** The linger notice after a controlled channel hangs up (fact 53). */
  public static byte[] lingerNotice(String uuid, String channelName) {
    return utf8("Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + uuid
        + "\nContent-Disposition: linger\nChannel-Name: " + channelName + "\nLinger-Time: -1\nContent-Length: 0\n\n");
  }

  /**
   * The notice when FreeSWITCH drops an outbound socket whose client did not ask for {@code linger}: the
   * goodbye text with {@code Content-Disposition: disconnect} (outbound_event_lock_true.txt, _false.txt).
   */
  public static byte[] disconnectNotice(String uuid) {
    byte[] b = ascii(GOODBYE);
    return concat(utf8("Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + uuid
        + "\nContent-Disposition: disconnect\nContent-Length: " + b.length + "\n\n"), b);
  }

  /** The notice after {@code exit} (fact 46). */
  public static byte[] goodbyeNotice() {
    byte[] b = ascii(GOODBYE);
    return concat(ascii("Content-Type: text/disconnect-notice\nContent-Length: " + b.length + "\n\n"), b);
  }

  /** What mod_event_socket writes to a client its ACL refuses, before closing. */
  public static byte[] rudeRejection() {
    byte[] b = ascii("Access Denied, go away.\n");
    return concat(ascii("Content-Type: text/rude-rejection\nContent-Length: " + b.length + "\n\n"), b);
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
