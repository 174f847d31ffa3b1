package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.esl.codec.Fixtures.Chunk;
import io.callpark.esl.codec.Fixtures.Direction;
import io.callpark.esl.codec.Fixtures.Transcript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixture readers others build on (transcript replay server, benchmarks) read the captures exactly. */
class FixturesTest {

  static List<String> transcripts() {
    List<String> names = Fixtures.transcriptNames();
    assertThat(names).hasSizeGreaterThanOrEqualTo(40);
    return names;
  }

  static List<String> transcriptsWithRaw() {
    Set<String> raw = Set.copyOf(Fixtures.rawFixtureNames());
    List<String> names = Fixtures.transcriptNames().stream().filter(raw::contains).toList();
    assertThat(names).hasSize(13);
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcriptsWithRaw")
  void fsToClientChunksConcatenatedAreExactlyTheRawCapture(String name) {
    Transcript t = Fixtures.transcript(name);
    assertThat(t.concat(Direction.FS_TO_CLIENT)).isEqualTo(Fixtures.raw(name));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void everyTranscriptReadsToItsLastByteWithDescriptionAndBothDirections(String name) {
    Transcript t = Fixtures.transcript(name);
    assertThat(t.comments()).as("description lines").isNotEmpty();
    assertThat(t.chunks(Direction.FS_TO_CLIENT)).as("fs->client chunks").isNotEmpty();
    assertThat(t.chunks(Direction.CLIENT_TO_FS)).as("client->fs chunks").isNotEmpty();
    // Re-writing the transcript from what was read gives the file back byte for byte: nothing skipped.
    assertThat(render(t)).isEqualTo(Fixtures.bytes(name + ".txt"));
  }

  /** Every fs->client stream, also of the captures without a .raw, is whole frames our parser accepts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void fsToClientStreamOfEveryTranscriptIsWholeFrames(String name) {
    byte[] stream = Fixtures.transcript(name).concat(Direction.FS_TO_CLIENT);
    FrameCollector c = FrameCollector.whole(stream);
    assertThat(c.errors).isEmpty();
    assertThat(c.frames.stream().mapToInt(f -> Fixtures.wireBytes(f).length).sum())
        .as("bytes in whole frames").isEqualTo(stream.length);
  }

  /** What our side wrote in the captures is whole commands the simulator's request parser accepts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("transcripts")
  void clientToFsStreamOfEveryTranscriptIsWholeCommands(String name) {
    byte[] stream = Fixtures.transcript(name).concat(Direction.CLIENT_TO_FS);
    List<EslRequest> requests = new ArrayList<>();
    List<EslProtocolException> errors = new ArrayList<>();
    EslRequestParser parser = new EslRequestParser(requests::add, errors::add);
    parser.handle(io.vertx.core.buffer.Buffer.buffer(stream));
    assertThat(errors).isEmpty();
    assertThat(requests).isNotEmpty();
    assertThat(requests).extracting(EslRequest::verb).allMatch(v -> Set.of("auth", "connect", "api", "bgapi", "event",
        "myevents", "linger", "nolinger", "sendmsg", "sendevent", "filter", "nixevent", "noevents", "log", "nolog",
        "exit", "foo").contains(v), "a known command");
    // Re-encoding what was parsed gives the stream back: command line, headers, blank line, body.
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (EslRequest r : requests) {
      StringBuilder sb = new StringBuilder(r.line()).append('\n');
      r.headers().asPairs().forEach(p -> sb.append(p.get(0)).append(": ").append(p.get(1)).append('\n'));
      out.writeBytes(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      if (r.body() != null) {
        out.writeBytes(r.body());
      }
    }
    assertThat(out.toByteArray()).isEqualTo(stream);
  }

  @Test
  void aChunkNotEndingInLfHasTheAddedLfDropped() {
    Transcript t = Fixtures.parseTranscript(utf8("# demo\n# ---\n>>> client->fs (3 bytes)\nabc\n<<< fs->client (2 bytes)\nx\n"));
    assertThat(t.chunks()).extracting(Chunk::direction).containsExactly(Direction.CLIENT_TO_FS, Direction.FS_TO_CLIENT);
    assertThat(t.chunks().get(0).bytes()).isEqualTo(utf8("abc"));
    assertThat(t.chunks().get(1).bytes()).isEqualTo(utf8("x\n"));
    assertThat(t.comments()).containsExactly("demo");
  }

  @Test
  void chunksAreReadByByteCountSoMarkerLikeLinesInsideAChunkAreData() {
    String body = "<<< fs->client (99 bytes)\n# ---\n\n";
    Transcript t = Fixtures.parseTranscript(utf8("# x\n# ---\n<<< fs->client (" + body.length() + " bytes)\n" + body
        + ">>> client->fs (5 bytes)\nexit\n"));
    assertThat(t.chunks()).hasSize(2);
    assertThat(t.chunks().get(0).text()).isEqualTo(body);
    assertThat(t.chunks().get(1).text()).isEqualTo("exit\n");
  }

  @Test
  void byteCountsCountBytesNotCharacters() {
    String body = "Caller-Caller-ID-Name: Jos\u00e9\n"; // é is two bytes
    Transcript t = Fixtures.parseTranscript(utf8("# ---\n<<< fs->client (" + utf8(body).length + " bytes)\n" + body));
    assertThat(t.chunks().get(0).text()).isEqualTo(body);
  }

  @Test
  void theSipTranscriptsExtraBlankLineAfterAChunkIsSkipped() {
    Transcript t = Fixtures.parseTranscript(utf8("# sip\n# ---\n>>> phone->fs (5 bytes)\nA\r\n\r\n\n<<< fs->phone (3 bytes)\nB\r\n\n"));
    assertThat(t.chunks()).extracting(Chunk::direction).containsExactly(Direction.PHONE_TO_FS, Direction.FS_TO_PHONE);
    assertThat(t.chunks().get(0).text()).isEqualTo("A\r\n\r\n");
    assertThat(t.chunks().get(1).text()).isEqualTo("B\r\n");
  }

  @Test
  void aByteCountLongerThanTheFileIsRefusedNamingTheOffset() {
    assertThatThrownBy(() -> Fixtures.parseTranscript(utf8("# ---\n<<< fs->client (50 bytes)\nshort\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset 6").hasMessageContaining("50 bytes");
  }

  @Test
  void aMissingAddedLfIsRefused() {
    assertThatThrownBy(() -> Fixtures.parseTranscript(utf8("# ---\n<<< fs->client (2 bytes)\nabc\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("added LF");
  }

  @Test
  void aMarkerWithoutAByteCountIsRefused() {
    assertThatThrownBy(() -> Fixtures.parseTranscript(utf8("# ---\n<<< fs->phone\nNOTIFY sip:x SIP/2.0\r\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected a chunk marker");
  }

  @Test
  void aTranscriptWithoutTheSeparatorLineIsRefused() {
    assertThatThrownBy(() -> Fixtures.parseTranscript(utf8("# only comments\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("# ---");
  }

  @Test
  void expectedParseOfACaptureIsSelfConsistentWithItsRawBytes() {
    for (String name : Fixtures.rawFixtureNames()) {
      byte[] raw = Fixtures.raw(name);
      Fixtures.ExpectedParse parse = Fixtures.expectedParse(name);
      assertThat(parse.file()).isEqualTo(name + ".raw");
      assertThat(parse.toFrames(raw)).as(name).hasSize(parse.frameCount());
    }
  }

  @Test
  void anExpectedParseThatDoesNotMatchTheBytesIsRefused() {
    byte[] raw = Fixtures.raw("inbound_session");
    raw[40] ^= 1; // one bit in the second frame's header block
    assertThatThrownBy(() -> Fixtures.expectedParse("inbound_session").toFrames(raw))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("frame 1");
  }

  /** A transcript written back from its parts, as the capture tool wrote it. */
  private static byte[] render(Transcript t) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String c : t.comments()) {
      out.writeBytes(utf8(c.isEmpty() ? "#\n" : "# " + c + "\n"));
    }
    out.writeBytes(utf8("# ---\n"));
    for (Chunk c : t.chunks()) {
      out.writeBytes(utf8(c.direction().marker() + " (" + c.bytes().length + " bytes)\n"));
      out.writeBytes(c.bytes());
      if (c.bytes().length == 0 || c.bytes()[c.bytes().length - 1] != '\n') {
        out.writeBytes(utf8("\n"));
      }
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
