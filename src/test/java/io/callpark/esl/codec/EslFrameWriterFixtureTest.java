package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.Fixtures.Direction;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator speaks FreeSWITCH's exact wire format: every frame FreeSWITCH wrote in the captures (the
 * fs-&gt;client stream of every transcript) is re-created byte for byte by {@link EslFrameWriter} from what
 * our parser decoded out of it — event-plain events from their URL-decoded headers and body, the outbound
 * connect reply from its decoded channel data, replies, api responses, notices.
 */
class EslFrameWriterFixtureTest {
  /** The headers {@link EslFrameWriter#connectReply} appends after the channel data (fact 10). */
  private static final List<List<String>> CONNECT_REPLY_TAIL = List.of(
      List.of("Content-Type", "command/reply"), List.of("Reply-Text", "%2BOK%0A"),
      List.of("Socket-Mode", "async"), List.of("Control", "full"));
  /** Kinds the writer has no method for (the simulator does not send them). */
  private static final Set<FrameKind> NOT_WRITTEN = Set.of(FrameKind.EVENT_JSON, FrameKind.EVENT_XML, FrameKind.LOG_DATA);

  static List<String> transcripts() {
    return Fixtures.transcriptNames();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void everyFrameTheSimulatorCanSendIsWrittenExactlyAsFreeSwitchWroteIt(String name) {
    Map<FrameKind, Integer> counts = rewriteAll(name);
    assertThat(counts).as("frames re-created").isNotEmpty();
  }

  @Test
  void theCapturesExerciseEveryWriterMethod() {
    Map<FrameKind, Integer> total = new EnumMap<>(FrameKind.class);
    int connectReplies = 0;
    int eventsWithBody = 0;
    Set<String> notices = new java.util.TreeSet<>();
    for (String name : Fixtures.transcriptNames()) {
      rewriteAll(name).forEach((k, v) -> total.merge(k, v, Integer::sum));
      for (EslFrame f : frames(name)) {
        connectReplies += isConnectReply(f) ? 1 : 0;
        eventsWithBody += f.kind() == FrameKind.EVENT_PLAIN && EslEvent.from(f).body() != null ? 1 : 0;
        if (f.kind() == FrameKind.DISCONNECT_NOTICE) {
          notices.add(String.valueOf(f.headers().get("Content-Disposition")));
        }
      }
    }
    assertThat(notices).as("goodbye (no disposition), linger and disconnect notices").containsExactly("disconnect", "linger", "null");
    assertThat(total.keySet()).contains(FrameKind.AUTH_REQUEST, FrameKind.COMMAND_REPLY, FrameKind.API_RESPONSE,
        FrameKind.EVENT_PLAIN, FrameKind.DISCONNECT_NOTICE);
    assertThat(total.get(FrameKind.EVENT_PLAIN)).isGreaterThan(800);
    assertThat(connectReplies).as("outbound connect replies").isEqualTo(12);
    assertThat(eventsWithBody).as("events with their own body (BACKGROUND_JOB, sendevent)").isPositive();
  }

  @Test
  void channelDataOfTheConnectReplyIsTheHeaderBlockDecoded() {
    EslFrame reply = frames("outbound_session").get(0);
    EslEvent data = EslEvent.fromChannelData(reply);
    assertThat(data.name()).isEqualTo("CHANNEL_DATA");
    assertThat(data.header("Reply-Text")).isEqualTo("+OK\n");
    assertThat(data.header("Event-Date-GMT")).isEqualTo("Tue, 24 Nov 2026 20:32:36 GMT");
    assertThat(data.uniqueId()).isNotBlank();
    assertThat(data.header("Caller-Caller-ID-Name")).isEqualTo("Alice");
  }

  /** Re-creates every frame of the transcript's fs->client stream; returns how many of each kind. */
  private static Map<FrameKind, Integer> rewriteAll(String name) {
    Map<FrameKind, Integer> counts = new EnumMap<>(FrameKind.class);
    List<EslFrame> frames = frames(name);
    for (int i = 0; i < frames.size(); i++) {
      EslFrame f = frames.get(i);
      if (NOT_WRITTEN.contains(f.kind())) {
        continue;
      }
      byte[] written = write(f);
      assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
          .as(name + " frame " + i + " (" + f.contentType() + ")")
          .isEqualTo(new String(Fixtures.wireBytes(f), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(written).isEqualTo(Fixtures.wireBytes(f));
      counts.merge(f.kind(), 1, Integer::sum);
    }
    return counts;
  }

  private static byte[] write(EslFrame f) {
    EslHeaders h = f.headers();
    switch (f.kind()) {
      case AUTH_REQUEST:
        return EslFrameWriter.authRequest();
      case EVENT_PLAIN: {
        EslEvent event = EslEvent.from(f);
        return EslFrameWriter.eventPlain(event.headers(), event.body());
      }
      case API_RESPONSE:
        return EslFrameWriter.apiResponse(f.bodyAsString());
      case DISCONNECT_NOTICE:
        if (!h.contains("Controlled-Session-UUID")) {
          return EslFrameWriter.goodbyeNotice();
        }
        return "linger".equals(h.get("Content-Disposition"))
            ? EslFrameWriter.lingerNotice(h.get("Controlled-Session-UUID"), h.get("Channel-Name"))
            : EslFrameWriter.disconnectNotice(h.get("Controlled-Session-UUID"));
      case COMMAND_REPLY: {
        if (isConnectReply(f)) {
          List<List<String>> pairs = h.asPairs();
          EslHeaders.Builder channelData = EslHeaders.builder();
          // Pass only the channel data, decoded; the writer encodes it and appends the reply's own tail.
          for (List<String> p : pairs.subList(0, pairs.size() - CONNECT_REPLY_TAIL.size())) {
            channelData.add(p.get(0), UrlCodec.decode(p.get(1)));
          }
          return EslFrameWriter.connectReply(channelData.build());
        }
        assertThat(h.name(0)).isEqualTo("Content-Type");
        assertThat(h.name(1)).isEqualTo("Reply-Text");
        String[] extras = new String[2 * (h.size() - 2)];
        for (int i = 2; i < h.size(); i++) {
          extras[2 * (i - 2)] = h.name(i);
          extras[2 * (i - 2) + 1] = h.value(i);
        }
        return EslFrameWriter.commandReply(h.value(1), extras);
      }
      default:
        throw new AssertionError("a frame kind the captures should not hold: " + f.contentType());
    }
  }

  private static boolean isConnectReply(EslFrame f) {
    List<List<String>> pairs = f.headers().asPairs();
    return f.kind() == FrameKind.COMMAND_REPLY && pairs.size() > CONNECT_REPLY_TAIL.size()
        && pairs.subList(pairs.size() - CONNECT_REPLY_TAIL.size(), pairs.size()).equals(CONNECT_REPLY_TAIL);
  }

  private static List<EslFrame> frames(String transcript) {
    FrameCollector c = FrameCollector.whole(Fixtures.transcript(transcript).concat(Direction.FS_TO_CLIENT));
    assertThat(c.errors).isEmpty();
    return c.frames;
  }
}
