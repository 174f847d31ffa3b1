package io.callpark.esl.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.EslFrameParser.Limits;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's side: commands as a client writes them, with the same error discipline as the frame parser. */
class EslRequestParserTest {
  private static final Limits SMALL = new Limits(128, 1024);

  @Test
  void commandWithHeadersAndBodyIsOneRequestWhateverTheChunking() {
    String sendmsg = "sendmsg 2b7cc713\ncall-command: execute\nexecute-app-name: playback\ncontent-type: text/plain\n"
        + "Content-Length: 11\n\nline1\n\nline\napi status\n\n";
    for (int chunk : new int[] {1, 2, 5, 1000}) {
      Parsed p = parse(sendmsg, Limits.DEFAULT, chunk);
      assertThat(p.errors).isEmpty();
      assertThat(p.requests).extracting(EslRequest::line).containsExactly("sendmsg 2b7cc713", "api status");
      assertThat(p.requests.get(0).bodyAsString()).isEqualTo("line1\n\nline");
      assertThat(p.requests.get(0).verb()).isEqualTo("sendmsg");
      assertThat(p.requests.get(0).argument()).isEqualTo("2b7cc713");
    }
  }

  @Test
  void commandLongerThanTheLimitIsOneErrorQuotingItsStartWhateverTheChunking() {
    String big = "api " + "x".repeat(200) + "\n\napi status\n\n";
    String message = null;
    for (int chunk : new int[] {1, 3, 64, 1000}) {
      Parsed p = parse("exit\n\n" + big, SMALL, chunk);
      assertThat(p.requests).extracting(EslRequest::line).containsExactly("exit");
      assertThat(p.errors).hasSize(1);
      String m = p.errors.get(0).getMessage();
      assertThat(m).startsWith("command longer than 128 bytes: \"api xxx");
      if (message != null) {
        assertThat(m).isEqualTo(message);
      }
      message = m;
    }
  }

  @Test
  void badContentLengthInACommandIsOneErrorAndLaterCommandsAreIgnored() {
    Parsed p = parse("sendevent CUSTOM\nContent-Length: -3\n\nabc\n\nexit\n\n", Limits.DEFAULT, 4);
    assertThat(p.requests).isEmpty();
    assertThat(p.errors).singleElement().extracting(Throwable::getMessage).asString().contains("\"-3\"");
  }

  @Test
  void authLineIsNotShownWhenARequestIsPrinted() {
    Parsed p = parse("auth ClueCon\n\n", Limits.DEFAULT, 100);
    assertThat(p.requests.get(0).toString()).doesNotContain("ClueCon");
  }

  private record Parsed(List<EslRequest> requests, List<EslProtocolException> errors) {}

  private static Parsed parse(String input, Limits limits, int chunk) {
    Parsed p = new Parsed(new ArrayList<>(), new ArrayList<>());
    EslRequestParser parser = new EslRequestParser(limits, p.requests::add, p.errors::add);
    byte[] b = input.getBytes(StandardCharsets.UTF_8);
    for (int off = 0; off < b.length; off += chunk) {
      parser.handle(Buffer.buffer().appendBytes(b, off, Math.min(chunk, b.length - off)));
    }
    return p;
  }
}
