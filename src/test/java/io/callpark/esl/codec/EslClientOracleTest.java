package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.EslClientDecoder.Mode;
import io.callpark.esl.codec.EslClientDecoder.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.freeswitch.esl.client.transport.message.EslHeaders.Name;
import org.freeswitch.esl.client.transport.message.EslMessage;
import org.jboss.netty.handler.codec.frame.TooLongFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential oracle: esl-client 0.9.2 (org.freeswitch.esl.client, the Java library FreeSWITCH's own
 * tree once shipped) decodes every capture, and must agree with {@link EslFrameParser} frame for frame,
 * once its representation is normalised. Each normalisation and each place where it cannot decode a
 * capture is asserted here, so a change on either side fails this test; the findings are written up in
 * {@code fixtures/ESL_CLIENT_FINDINGS.md}.
 *
 * <p>Normalisations (esl-client's representation, not a disagreement about the bytes):
 * <ol>
 *   <li>Headers: {@code EslMessage.getHeaders()} is a {@code HashMap} keyed by a six-value enum
 *       ({@code Content-Type, Content-Length, Reply-Text, Job-UUID, Socket-Mode, Control}, matched ignoring
 *       case): order is lost, a repeated name keeps its last value, and values are trimmed of whitespace
 *       ({@code HeaderParser.splitHeader}). We compare our headers folded the same way.</li>
 *   <li>Header lines with any other name: in its outbound mode they are appended to the body lines, whole
 *       ({@code "Name: value"}), and their value is also put under the {@code null} key (so the null key
 *       holds the last one's value). In its inbound mode they throw (see {@link #inboundModeStopsAtTheFirstHeaderOutsideItsSixNames}).</li>
 *   <li>Body: {@code getBodyLines()}: the {@code Content-Length} bytes split at LF, each byte cast to a
 *       char ({@code (char) byte}: sign-extended, so a byte 0xC3 becomes U+FFC3, not even ISO-8859-1), no
 *       empty last line for a trailing LF. Header lines are read the same way. We split our body bytes
 *       like that.</li>
 * </ol>
 */
class EslClientOracleTest {

  static List<String> captures() {
    return Fixtures.rawFixtureNames();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void outboundModeDecodesTheSameFramesHeadersAndBodiesAsOurParser(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> ours = FrameCollector.whole(raw).frames;
    for (int chunk : new int[] {raw.length, 1, 7, 1460}) {
      Result esl = EslClientDecoder.decode(raw, Mode.OUTBOUND, chunk);
      String how = name + " in chunks of " + chunk;
      assertThat(esl.failure()).as(how + ": esl-client failure").isNull();
      assertThat(esl.messages()).as(how + ": frame count").hasSameSizeAs(ours);
      for (int i = 0; i < ours.size(); i++) {
        assertSameAsEslClient(ours.get(i), esl.messages().get(i), how + " frame " + i);
      }
    }
  }

  /**
   * Known difference: esl-client's inbound pipeline ({@code new EslFrameDecoder(8192)}) throws
   * {@code IllegalStateException("Unhandled ESL header [X]")} at the first header line whose name is not
   * one of its six: the {@code log/data} frame's {@code Log-Level} (inbound_esl_session frame 86) and the
   * outbound {@code connect} reply's {@code Event-Name} (frame 0 of every outbound capture). Frames before
   * it decode normally.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void inboundModeStopsAtTheFirstHeaderOutsideItsSixNames(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> ours = FrameCollector.whole(raw).frames;
    int firstUnknown = -1;
    String unknownName = null;
    for (int i = 0; i < ours.size() && firstUnknown < 0; i++) {
      for (List<String> h : ours.get(i).headers().asPairs()) {
        if (Name.fromLiteral(h.get(0)) == null) {
          firstUnknown = i;
          unknownName = h.get(0);
          break;
        }
      }
    }
    Result esl = EslClientDecoder.decode(raw, Mode.INBOUND, raw.length);
    if (firstUnknown < 0) {
      assertThat(esl.failure()).isNull();
      assertThat(esl.messages()).hasSameSizeAs(ours);
      return;
    }
    assertThat(esl.failure()).isInstanceOf(IllegalStateException.class)
        .hasMessage("Unhandled ESL header [" + unknownName + "]");
    assertThat(esl.messages()).as("frames decoded before the failure").hasSize(firstUnknown);
    for (int i = 0; i < firstUnknown; i++) {
      assertSameAsEslClient(ours.get(i), esl.messages().get(i), name + " frame " + i);
    }
    String where = name + "#" + firstUnknown + ":" + unknownName;
    assertThat(where).as("where esl-client's inbound decoder stops (recorded in ESL_CLIENT_FINDINGS.md)")
        .isIn("inbound_esl_session#86:Log-Level", "outbound_esl_session#0:Event-Name", "outbound_session#0:Event-Name",
            "outbound_sip_auth_call#0:Event-Name", "outbound_sip_call#0:Event-Name");
  }

  @Test
  void inboundModeAlsoStopsAtTheLingerDisconnectNotice() {
    EslFrame linger = FrameCollector.whole(Fixtures.raw("outbound_session")).frames.stream()
        .filter(f -> f.kind() == FrameKind.DISCONNECT_NOTICE).findFirst().orElseThrow();
    assertThat(linger.headers().get("Content-Disposition")).isEqualTo("linger");
    Result esl = EslClientDecoder.decode(Fixtures.wireBytes(linger), Mode.INBOUND, Integer.MAX_VALUE);
    assertThat(esl.failure()).hasMessage("Unhandled ESL header [Controlled-Session-UUID]");
  }

  /**
   * esl-client's event decoding ({@code transport.event.EslEvent}, URL-decoding as its outbound handler
   * does) agrees with {@link EslEvent#parsePlain} on every event-plain frame, as a map, except where an
   * event carries a {@code Content-Length} before its last header: a sendevent with a body keeps the
   * client's Content-Length among its headers (inbound_session frame 26), and esl-client takes the first
   * one for the start of the body, so every later header (Event-UUID, Event-Name, Core-UUID ...) lands in
   * its body lines and the event has no name. Normalised: the blank line that ends a body-less event's
   * headers becomes an entry {@code "" -> ""} in its map.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void plainEventsDecodeToTheSameHeadersExceptAfterAnEarlyContentLength(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> ours = FrameCollector.whole(raw).frames;
    List<EslMessage> esl = EslClientDecoder.decode(raw);
    int early = 0;
    for (int i = 0; i < ours.size(); i++) {
      if (ours.get(i).kind() != FrameKind.EVENT_PLAIN) {
        continue;
      }
      EslEvent event = EslEvent.from(ours.get(i));
      org.freeswitch.esl.client.transport.event.EslEvent theirs =
          new org.freeswitch.esl.client.transport.event.EslEvent(esl.get(i), true);
      List<List<String>> pairs = event.headers().asPairs();
      int firstContentLength = -1;
      for (int h = 0; h < pairs.size() && firstContentLength < 0; h++) {
        firstContentLength = pairs.get(h).get(0).equals("Content-Length") ? h : -1;
      }
      String at = name + " frame " + i;
      if (firstContentLength >= 0 && firstContentLength < pairs.size() - 1) {
        early++;
        assertThat(theirs.getEventHeaders()).as(at + ": esl-client stops at the first Content-Length")
            .isEqualTo(lastWins(pairs.subList(0, firstContentLength + 1)));
        assertThat(theirs.getEventName()).isNull();
        assertThat(theirs.getEventBodyLines()).as(at + ": the rest became body lines")
            .startsWith(wireLine(pairs.get(firstContentLength + 1)));
        continue;
      }
      Map<String, String> expected = lastWins(pairs);
      if (event.body() == null) {
        expected.put("", ""); // the blank line after the headers, split as a header
      }
      assertThat(theirs.getEventHeaders()).as(at + " headers as a map").isEqualTo(expected);
      // Its event body: the lines after the blank line, empty ones dropped.
      List<String> bodyLines = event.body() == null ? List.of()
          : eslLines(event.body().getBytes(StandardCharsets.UTF_8)).stream().filter(l -> !l.isEmpty()).toList();
      assertThat(theirs.getEventBodyLines()).as(at + " body lines").isEqualTo(bodyLines);
    }
    assertThat(early).as("events with an early Content-Length").isEqualTo(name.equals("inbound_session") ? 1 : 0);
  }

  /** Known difference: esl-client cannot make events of text/event-json or text/event-xml frames. */
  @Test
  void jsonAndXmlEventsCannotBecomeEslClientEvents() {
    for (String name : List.of("inbound_esl_session_json", "inbound_esl_session_xml")) {
      List<EslMessage> esl = EslClientDecoder.decode(Fixtures.raw(name));
      List<EslFrame> ours = FrameCollector.whole(Fixtures.raw(name)).frames;
      int events = 0;
      for (int i = 0; i < ours.size(); i++) {
        FrameKind kind = ours.get(i).kind();
        if (!kind.isEvent()) {
          continue;
        }
        events++;
        assertThat(EslEvent.from(ours.get(i)).name()).isNotBlank();
        EslMessage m = esl.get(i);
        assertThatThrownBy(() -> new org.freeswitch.esl.client.transport.event.EslEvent(m))
            .isInstanceOf(IllegalStateException.class)
            .hasMessage(kind == FrameKind.EVENT_XML ? "XML events are not yet supported"
                : "Unexpected EVENT content-type: text/event-json");
      }
      assertThat(events).isEqualTo(47);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Differences on inputs the captures do not hold, each asserted on both decoders.

  @Test
  void eslClientReadsBodiesByteAsCharSoUtf8TextIsGarbled() {
    byte[] frame = EslFrameWriter.apiResponse("+OK Jos\u00e9\n");
    // é is C3 A9 in UTF-8; (char) of those signed bytes gives U+FFC3 U+FFA9.
    assertThat(EslClientDecoder.decode(frame).get(0).getBodyLines()).containsExactly("+OK Jos\uffc3\uffa9");
    assertThat(FrameCollector.whole(frame).frames.get(0).bodyAsString()).isEqualTo("+OK Jos\u00e9\n");
  }

  @Test
  void eslClientBodyLinesLoseWhetherTheBodyEndedInANewline() {
    // fact 6: uuid_getvar of an unset variable answers "_undef_" with no newline; errors end in one.
    byte[] noNewline = EslFrameWriter.apiResponse("_undef_");
    byte[] newline = EslFrameWriter.apiResponse("_undef_\n");
    assertThat(EslClientDecoder.decode(noNewline).get(0).getBodyLines())
        .isEqualTo(EslClientDecoder.decode(newline).get(0).getBodyLines());
    assertThat(FrameCollector.whole(noNewline).frames.get(0).body())
        .isNotEqualTo(FrameCollector.whole(newline).frames.get(0).body());
  }

  @Test
  void eslClientTrimsHeaderValuesWeKeepThemAsSent() {
    byte[] frame = "Content-Type: command/reply\nReply-Text: +OK \n\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(EslClientDecoder.decode(frame).get(0).getHeaderValue(Name.REPLY_TEXT)).isEqualTo("+OK");
    assertThat(FrameCollector.whole(frame).frames.get(0).headers().get("Reply-Text")).isEqualTo("+OK ");
  }

  @Test
  void eslClientBuffersAnyContentLengthWeRefuseOneOverTheLimit() {
    byte[] frame = "Content-Type: api/response\nContent-Length: 2147483647\n\nsome".getBytes(StandardCharsets.US_ASCII);
    Result esl = EslClientDecoder.decode(frame, Mode.OUTBOUND, frame.length);
    assertThat(esl.failure()).isNull();
    assertThat(esl.messages()).isEmpty(); // and it would keep buffering up to 2 GiB
    FrameCollector ours = FrameCollector.whole(frame);
    assertThat(ours.errors).singleElement().extracting(Throwable::getMessage).asString().contains("over the limit");
  }

  @Test
  void eslClientThrowsANumberFormatExceptionOnANonNumericContentLength() {
    byte[] frame = "Content-Type: api/response\nContent-Length: 12x\n\n+OK\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(EslClientDecoder.decode(frame, Mode.OUTBOUND, frame.length).failure()).isInstanceOf(NumberFormatException.class);
    assertThat(FrameCollector.whole(frame).errors).singleElement().extracting(Throwable::getMessage).asString().contains("\"12x\"");
  }

  @Test
  void eslClientRefusesAChannelVariableLineLongerThan8092BytesWeDoNot() {
    // A long channel variable (a big SIP header, a JSON blob set by the dialplan) in the connect reply.
    EslHeaders data = EslHeaders.of("Event-Name", "CHANNEL_DATA", "Unique-ID", "u-1", "variable_blob", "x".repeat(9000));
    byte[] reply = EslFrameWriter.connectReply(data);
    assertThat(EslClientDecoder.decode(reply, Mode.OUTBOUND, reply.length).failure()).isInstanceOf(TooLongFrameException.class);
    FrameCollector ours = FrameCollector.whole(reply);
    assertThat(ours.errors).isEmpty();
    assertThat(EslEvent.fromChannelData(ours.frames.get(0)).variable("blob")).hasSize(9000);
  }

  // ---------------------------------------------------------------------------------------------

  private static void assertSameAsEslClient(EslFrame ours, EslMessage theirs, String at) {
    Map<Name, String> known = new HashMap<>();
    List<String> unknownLines = new ArrayList<>();
    String lastUnknownValue = null;
    for (List<String> h : ours.headers().asPairs()) {
      Name n = Name.fromLiteral(h.get(0));
      if (n != null) {
        known.put(n, h.get(1).strip());
      } else {
        unknownLines.add(wireLine(h));
        lastUnknownValue = h.get(1).strip();
      }
    }
    Map<Name, String> theirHeaders = new HashMap<>(theirs.getHeaders());
    String nullKey = theirHeaders.remove(null);
    assertThat(theirHeaders).as(at + ": known headers").isEqualTo(known);
    assertThat(nullKey).as(at + ": the null key holds the last unknown header's value").isEqualTo(lastUnknownValue);
    List<String> lines = new ArrayList<>(unknownLines);
    lines.addAll(eslLines(ours.body()));
    assertThat(theirs.getBodyLines()).as(at + ": body lines").isEqualTo(lines);
  }

  /** A header line as esl-client holds it: the wire bytes, each cast to a char. */
  private static String wireLine(List<String> header) {
    byte[] b = (header.get(0) + ": " + header.get(1)).getBytes(StandardCharsets.UTF_8);
    return byteCast(b, 0, b.length);
  }

  /** {@code bytes} split at LF the way esl-client's readLine does: {@code (char) byte}, no empty last line. */
  private static List<String> eslLines(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(byteCast(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(byteCast(bytes, start, bytes.length));
    }
    return out;
  }

  private static String byteCast(byte[] b, int from, int to) {
    StringBuilder sb = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      sb.append((char) b[i]);
    }
    return sb.toString();
  }

  private static Map<String, String> lastWins(List<List<String>> pairs) {
    Map<String, String> m = new HashMap<>();
    pairs.forEach(p -> m.put(p.get(0), p.get(1)));
    return m;
  }
}
