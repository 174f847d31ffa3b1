package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.callpark.esl.codec.EslFrameParser.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed input: each case must give exactly one {@link EslProtocolException} to the error handler,
 * whose message quotes the offending bytes (at most 64, escaped), nothing thrown to the caller, every frame
 * before the bad one delivered, and everything after it ignored — however the bytes were chunked.
 */
class EslFrameParserErrorTest {
  private static final String GOOD = "Content-Type: command/reply\nReply-Text: +OK accepted\n\n";
  private static final String GOOD_WITH_BODY = "Content-Type: api/response\nContent-Length: 6\n\n+OK 1\n";
  private static final String AFTER = "Content-Type: auth/request\n\n";
  private static final Limits SMALL = new Limits(256, 4096);

  @Test
  void headerLineWithoutColonIsAProtocolErrorQuotingTheLine() {
    String msg = oneErrorThenSilence(GOOD + "Content-Type: command/reply\nthis line has no colon\n\n" + AFTER,
        Limits.DEFAULT, 1);
    assertThat(msg).contains("without a colon").contains("\"this line has no colon\"");
  }

  @Test
  void headerLineWithAnEmptyNameIsAProtocolErrorQuotingTheLine() {
    String msg = oneErrorThenSilence(GOOD + ": value\n\n" + AFTER, Limits.DEFAULT, 1);
    assertThat(msg).contains("empty name").contains("\": value\"");
  }

  @Test
  void nonNumericContentLengthIsAProtocolErrorQuotingTheValue() {
    String msg = oneErrorThenSilence(GOOD_WITH_BODY + "Content-Type: api/response\nContent-Length: 12x\n\n+OK\n" + AFTER,
        Limits.DEFAULT, 1);
    assertThat(msg).contains("Content-Length").contains("\"12x\"");
  }

  @Test
  void negativeContentLengthIsAProtocolErrorQuotingTheValue() {
    String msg = oneErrorThenSilence(GOOD + "Content-Type: api/response\nContent-Length: -5\n\n+OK\n" + AFTER,
        Limits.DEFAULT, 1);
    assertThat(msg).contains("Content-Length").contains("\"-5\"");
  }

  @Test
  void hugeContentLengthIsOverTheLimitNotMistakenForANonNumber() {
    String msg = oneErrorThenSilence(GOOD + "Content-Type: api/response\nContent-Length: 99999999999999999999\n\n" + AFTER,
        Limits.DEFAULT, 1);
    assertThat(msg).contains("over the limit of " + Limits.DEFAULT.maxBodyBytes()).contains("\"99999999999999999999\"");
  }

  @Test
  void oversizeBodyIsRefusedBeforeItIsBufferedQuotingTheContentLength() {
    String msg = oneErrorThenSilence(GOOD + "Content-Type: api/response\nContent-Length: 4097\n\n" + "x".repeat(4097) + AFTER,
        SMALL, 1);
    assertThat(msg).contains("over the limit of 4096").contains("\"4097\"");
  }

  @Test
  void bodyOfExactlyTheLimitIsAccepted() {
    String input = "Content-Type: api/response\nContent-Length: 4096\n\n" + "x".repeat(4096) + AFTER;
    for (FrameCollector c : everyChunking(input, SMALL)) {
      assertThat(c.errors).isEmpty();
      assertThat(c.frames).hasSize(2);
      assertThat(c.frames.get(0).body()).hasSize(4096);
    }
  }

  @Test
  void oversizeHeaderBlockWithoutABlankLineIsAProtocolErrorQuotingItsFirstBytes() {
    String block = "Content-Type: text/event-plain\n" + "X-Filler: " + "abcdefghij".repeat(40) + "\n";
    String msg = oneErrorThenSilence(GOOD + block, SMALL, 1);
    assertThat(msg).contains("header block longer than 256 bytes")
        .contains(EslProtocolException.quote(block.getBytes(StandardCharsets.UTF_8), 0, EslProtocolException.QUOTE_LIMIT)
            .replace("... (" + block.length() + " bytes)", ""));
  }

  /** The limit must not depend on how the bytes were read: one read holding the whole block is refused too. */
  @Test
  void oversizeHeaderBlockIsRefusedEvenWhenItArrivesCompleteInOneRead() {
    String block = "Content-Type: command/reply\nReply-Text: " + "y".repeat(300) + "\n\n";
    String msg = oneErrorThenSilence(GOOD + block + AFTER, SMALL, 1);
    assertThat(msg).contains("header block longer than 256 bytes").contains("\"Content-Type: command/reply\\nReply-Text: yyy");
  }

  @Test
  void headerBlockOfExactlyTheLimitIsAcceptedWhateverTheChunking() {
    String head = "Content-Type: command/reply\nReply-Text: ";
    String block = head + "z".repeat(256 - head.length());
    assertThat(block).hasSize(256);
    for (FrameCollector c : everyChunking(block + "\n\n" + AFTER, SMALL)) {
      assertThat(c.errors).as("errors").isEmpty();
      assertThat(c.frames).hasSize(2);
    }
  }

  @Test
  void quotedBytesAreTruncatedTo64AndEscaped() {
    String line = "\t\"quoted\" \\ caf\u00e9 " + "w".repeat(200);
    String msg = oneErrorThenSilence(line + "\n\n", Limits.DEFAULT, 0);
    byte[] lineBytes = line.getBytes(StandardCharsets.UTF_8);
    String quote = msg.substring(msg.indexOf('"'));
    assertThat(quote).startsWith("\"\\t\\\"quoted\\\" \\\\ caf\\xC3\\xA9 www")
        .endsWith("\"... (" + lineBytes.length + " bytes)")
        .doesNotContain("\n", "\t", "\u00e9");
    // 64 bytes quoted: the tab, quotes, backslash and é's two bytes count once each before escaping
    assertThat(quote).contains("w".repeat(64 - 18) + "\"").doesNotContain("w".repeat(64 - 17));
  }

  @Test
  void anErrorIsReportedOnceEvenWhenMoreBadInputFollows() {
    FrameCollector c = new FrameCollector();
    byte[] bad = "no colon here\n\n".getBytes(StandardCharsets.UTF_8);
    c.parser.feed(bad, 0, bad.length);
    c.parser.feed(bad, 0, bad.length);
    byte[] more = ("Content-Length: nope\n\n" + GOOD).getBytes(StandardCharsets.UTF_8);
    c.parser.feed(more, 0, more.length);
    assertThat(c.errors).hasSize(1);
    assertThat(c.frames).isEmpty();
    assertThat(c.parser.failed()).isTrue();
  }

  @Test
  void strayBlankLinesBetweenFramesAreNotAnError() {
    for (FrameCollector c : everyChunking("\n\n\n" + GOOD + "\n\n" + GOOD_WITH_BODY + "\n" + AFTER, Limits.DEFAULT)) {
      assertThat(c.errors).isEmpty();
      assertThat(c.frames).extracting(EslFrame::kind)
          .containsExactly(FrameKind.COMMAND_REPLY, FrameKind.API_RESPONSE, FrameKind.AUTH_REQUEST);
    }
  }

  /**
   * Feeds {@code input} whole, a byte at a time, and in random chunks: each time exactly
   * {@code framesBefore} frames, then one error, the same message every time, nothing thrown, the parser
   * failed and deaf to more input. Returns the message.
   */
  private static String oneErrorThenSilence(String input, Limits limits, int framesBefore) {
    String message = null;
    for (FrameCollector c : everyChunking(input, limits)) {
      assertThat(c.frames).as("frames before the bad one").hasSize(framesBefore);
      assertThat(c.errors).as("errors").hasSize(1);
      assertThat(c.parser.failed()).isTrue();
      String m = c.errors.get(0).getMessage();
      assertThat(m).doesNotContain("\n");
      if (message != null) {
        assertThat(m).as("same message whatever the chunking").isEqualTo(message);
      }
      message = m;
      byte[] later = (GOOD + GOOD_WITH_BODY).getBytes(StandardCharsets.UTF_8);
      assertThatCode(() -> c.parser.feed(later, 0, later.length)).doesNotThrowAnyException();
      assertThat(c.frames).as("later input ignored").hasSize(framesBefore);
      assertThat(c.errors).as("no second error").hasSize(1);
    }
    return message;
  }

  /** The input parsed whole, byte by byte, and in a few random chunkings; none may throw. */
  private static List<FrameCollector> everyChunking(String input, Limits limits) {
    byte[] b = input.getBytes(StandardCharsets.UTF_8);
    List<FrameCollector> out = new ArrayList<>();
    FrameCollector whole = new FrameCollector(limits);
    assertThatCode(() -> whole.parser.feed(b, 0, b.length)).doesNotThrowAnyException();
    out.add(whole);
    FrameCollector bytewise = new FrameCollector(limits);
    assertThatCode(() -> {
      for (int i = 0; i < b.length; i++) {
        bytewise.parser.feed(b, i, 1);
      }
    }).doesNotThrowAnyException();
    out.add(bytewise);
    Random random = new Random(input.hashCode());
    for (int k = 0; k < 6; k++) {
      FrameCollector c = new FrameCollector(limits);
      int[] cuts = random.ints(1 + random.nextInt(5), 0, b.length + 1).sorted().toArray();
      assertThatCode(() -> c.feedSplitAt(b, cuts)).doesNotThrowAnyException();
      out.add(c);
    }
    return out;
  }
}
