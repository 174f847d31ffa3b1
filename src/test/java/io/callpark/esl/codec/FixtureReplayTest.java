package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.callpark.esl.codec.Fixtures.ExpectedEvent;
import io.callpark.esl.codec.Fixtures.ExpectedFrame;
import io.callpark.esl.codec.Fixtures.ExpectedParse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every FreeSWITCH capture ({@code fixtures/*.raw}) into {@link EslFrameParser}, whole, a byte at
 * a time, split in two at every byte boundary (sampled on the big captures) and in random chunks, and
 * compares what comes out with the capture's independent expected parse ({@code *.frames.json}): frame
 * count, offsets, outer headers in wire order, body length and SHA-256, and for events the decoded headers
 * in order, name, subclass, Unique-ID, sequence and inner body length. Where they disagree the fixture wins.
 */
class FixtureReplayTest {
  /** Captures up to this size are split in two at every byte boundary, each time parsing the whole file. */
  private static final int EVERY_BOUNDARY_LIMIT = 32 * 1024;
  /** Whole-file two-chunk splits at random boundaries for the bigger captures. */
  private static final int SAMPLED_WHOLE_FILE_SPLITS = 48;
  private static final int RANDOM_CHUNKINGS = 8;
  private static final long SEED = 0x5EED_CA11L;

  static List<String> captures() {
    List<String> names = Fixtures.rawFixtureNames();
    assertThat(names).as("captures with .raw and .frames.json on the test classpath").hasSizeGreaterThanOrEqualTo(13);
    return names;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void wholeCaptureInOneChunkGivesExactlyTheExpectedFrames(String name) {
    byte[] raw = Fixtures.raw(name);
    ExpectedParse expected = Fixtures.expectedParse(name);
    FrameCollector c = FrameCollector.whole(raw);

    assertThat(c.errors).as("protocol errors").isEmpty();
    assertThat(c.frames).as("frame count").hasSize(expected.frameCount()).hasSize(expected.frames().size());
    long offset = 0;
    for (int i = 0; i < c.frames.size(); i++) {
      EslFrame frame = c.frames.get(i);
      ExpectedFrame e = expected.frames().get(i);
      String at = name + " frame " + i;
      assertThat(offset).as(at + " offset").isEqualTo(e.offset());
      assertThat(frame.headers().asPairs()).as(at + " outer headers in wire order").isEqualTo(e.headers());
      assertThat(frame.body().length).as(at + " body length").isEqualTo(e.bodyLength());
      assertThat(Fixtures.sha256(frame.body(), 0, frame.body().length)).as(at + " body SHA-256").isEqualTo(e.bodySha256());
      assertThat(frame.kind()).as(at + " kind of " + frame.contentType()).isNotEqualTo(FrameKind.UNKNOWN);
      offset += Fixtures.wireBytes(frame).length;
    }
    assertThat(offset).as("frames cover the capture to its last byte").isEqualTo(raw.length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void framesWrittenBackAsOnTheWireReproduceTheCaptureByteForByte(String name) {
    byte[] raw = Fixtures.raw(name);
    FrameCollector c = FrameCollector.whole(raw);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
    c.frames.forEach(f -> out.writeBytes(Fixtures.wireBytes(f)));
    // Nothing is lost or normalised: header values are kept as on the wire, not trimmed or decoded.
    assertThat(out.toByteArray()).isEqualTo(raw);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void eventsDecodeToTheExpectedHeadersNameSubclassUniqueIdSequenceAndInnerBody(String name) {
    byte[] raw = Fixtures.raw(name);
    ExpectedParse expected = Fixtures.expectedParse(name);
    List<EslFrame> frames = FrameCollector.whole(raw).frames;
    int events = 0;
    for (int i = 0; i < frames.size(); i++) {
      EslFrame frame = frames.get(i);
      ExpectedEvent e = expected.frames().get(i).event();
      String at = name + " frame " + i + " (" + frame.contentType() + ")";
      if (!frame.kind().isEvent()) {
        assertThat(e).as(at + ": frames.json has no event for a non-event frame").isNull();
        continue;
      }
      events++;
      EslEvent event = EslEvent.from(frame);
      assertThat(event.name()).as(at + " name").isNotBlank();
      if (e == null) {
        continue; // inbound_events_xml.frames.json (Section B) records no event fields at all
      }
      if (e.has("headers_decoded")) {
        assertThat(event.headers().asPairs()).as(at + " decoded headers in order").isEqualTo(e.headersDecoded());
      }
      if (e.has("name")) {
        assertThat(event.name()).as(at + " name").isEqualTo(e.name());
      }
      if (e.has("subclass")) {
        assertThat(event.subclass()).as(at + " subclass").isEqualTo(e.subclass());
      }
      if (e.has("unique_id")) {
        assertThat(event.uniqueId()).as(at + " Unique-ID").isEqualTo(e.uniqueId());
      }
      if (e.has("sequence")) {
        assertThat(event.sequence()).as(at + " sequence").isEqualTo(e.sequence());
      }
      if (e.has("inner_body_length")) {
        Integer length = event.body() == null ? null : event.body().getBytes(StandardCharsets.UTF_8).length;
        assertThat(length).as(at + " inner body length in bytes").isEqualTo(e.innerBodyLength());
      }
      if (e.has("header_count")) {
        // Plain: every header line, duplicates included (PRESENCE_PROBE's two `expires`, blf_esl_events_2).
        // Json: the generator loaded the object into a map, so a name FreeSWITCH sends twice counts once
        // (CODEC's Channel-Write-Codec-Name, inbound_esl_session_json frame 5); _body is one of the fields.
        int count = frame.kind() == FrameKind.EVENT_JSON
            ? (int) event.headers().asPairs().stream().map(p -> p.get(0)).distinct().count() + (event.body() != null ? 1 : 0)
            : event.headers().size();
        assertThat(count).as(at + " header count").isEqualTo(e.headerCount());
      }
    }
    long expectedEvents = frames.stream().filter(f -> f.kind().isEvent()).count();
    assertThat(events).isEqualTo((int) expectedEvents);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void byteAtATimeGivesExactlyTheExpectedFrames(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> expected = Fixtures.expectedParse(name).toFrames(raw);
    assertSameFrames(FrameCollector.byteAtATime(raw), expected, "byte at a time");
  }

  /**
   * Two chunks, split at every byte boundary of the small captures. On the big ones: every boundary in and
   * around each frame's first bytes, its blank line and its last bytes (the parser's state changes there),
   * fed as a window of the previous, the split and the next frame — the parser is back in its start state
   * after every frame, so the frames before the window cannot change the outcome — plus a sample of
   * whole-file splits at random boundaries.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void twoChunksSplitAtAnyBoundaryGiveExactlyTheExpectedFrames(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> expected = Fixtures.expectedParse(name).toFrames(raw);
    if (raw.length <= EVERY_BOUNDARY_LIMIT) {
      for (int cut = 0; cut <= raw.length; cut++) {
        assertSameFrames(FrameCollector.splitAt(raw, cut), expected, "split at " + cut);
      }
      return;
    }
    int[] starts = frameStarts(expected);
    for (int f = 0; f < expected.size(); f++) {
      int from = starts[Math.max(0, f - 1)];
      int to = f + 2 < starts.length ? starts[f + 2] : raw.length;
      byte[] window = java.util.Arrays.copyOfRange(raw, from, to);
      List<EslFrame> windowFrames = expected.subList(Math.max(0, f - 1), Math.min(expected.size(), f + 2));
      for (int cut : interestingCuts(expected.get(f), starts[f] - from)) {
        assertSameFrames(FrameCollector.splitAt(window, cut), windowFrames, "frame " + f + " window split at " + cut);
      }
    }
    Random random = new Random(SEED ^ name.hashCode());
    for (int i = 0; i < SAMPLED_WHOLE_FILE_SPLITS; i++) {
      int cut = random.nextInt(raw.length + 1);
      assertSameFrames(FrameCollector.splitAt(raw, cut), expected, "split at " + cut);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("captures")
  void randomChunkingsGiveExactlyTheExpectedFrames(String name) {
    byte[] raw = Fixtures.raw(name);
    List<EslFrame> expected = Fixtures.expectedParse(name).toFrames(raw);
    for (int i = 0; i < RANDOM_CHUNKINGS; i++) {
      long seed = SEED + 31L * i + name.hashCode();
      int maxChunk = new int[] {3, 17, 64, 256, 1500, 4096, 16384, 65536}[i % 8];
      assertSameFrames(FrameCollector.randomChunks(raw, new Random(seed), maxChunk), expected,
          "random chunks up to " + maxChunk + " bytes, seed " + seed);
    }
  }

  /** Offsets in a frame where a split is most likely to go wrong: its edges and its blank line. */
  private static TreeSet<Integer> interestingCuts(EslFrame frame, int start) {
    int headerLength = Fixtures.headerBlock(frame.headers().asPairs()).length;
    int end = start + headerLength + frame.body().length;
    TreeSet<Integer> cuts = new TreeSet<>();
    for (int d = 0; d <= 3; d++) {
      cuts.add(start + d);
      cuts.add(start + headerLength - 1 - d); // the "\n\n" ends the header block
      cuts.add(start + headerLength + d);
      cuts.add(end - d);
    }
    // Plus a stride through the rest, so every part of every frame is cut somewhere.
    for (int p = start; p < end; p += 97) {
      cuts.add(p);
    }
    cuts.removeIf(c -> c < start || c > end);
    return cuts;
  }

  private static int[] frameStarts(List<EslFrame> frames) {
    int[] starts = new int[frames.size()];
    int pos = 0;
    for (int i = 0; i < frames.size(); i++) {
      starts[i] = pos;
      pos += Fixtures.wireBytes(frames.get(i)).length;
    }
    return starts;
  }

  static void assertSameFrames(FrameCollector actual, List<EslFrame> expected, String how) {
    if (!actual.errors.isEmpty()) {
      fail(how + ": protocol error " + actual.errors.get(0).getMessage());
    }
    List<EslFrame> frames = actual.frames;
    if (frames.equals(expected)) {
      return; // the fast path: thousands of splits per capture
    }
    for (int i = 0; i < Math.min(frames.size(), expected.size()); i++) {
      assertThat(frames.get(i).headers().asPairs()).as(how + ": frame " + i + " headers").isEqualTo(expected.get(i).headers().asPairs());
      assertThat(frames.get(i).body()).as(how + ": frame " + i + " body").isEqualTo(expected.get(i).body());
    }
    assertThat(new ArrayList<>(frames)).as(how + ": frame count").hasSameSizeAs(expected);
  }
}
