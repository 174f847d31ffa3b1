package io.callpark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fuzz benchmark's bookkeeping (not its speed): what it counts as frames, events, errors and escapes. */
class CodecFuzzBenchmarkTest {
  private static CodecFuzzBenchmark.Outcome feed(String s) {
    return CodecFuzzBenchmark.feed(s.getBytes(StandardCharsets.ISO_8859_1), new SplittableRandom(1));
  }

  @Test
  void aWellFormedEventIsOneFrameAndOneEventWithNothingEscaping() {
    String body = "Event-Name: HEARTBEAT\nCore-UUID: x\n\n";
    CodecFuzzBenchmark.Outcome o = feed("Content-Length: " + body.length() + "\nContent-Type: text/event-plain\n\n" + body);
    assertThat(o.frames).isEqualTo(1);
    assertThat(o.events).isEqualTo(1);
    assertThat(o.protocolErrors).isZero();
    assertThat(o.escaped).isZero();
  }

  @Test
  void aBadContentLengthIsAReportedProtocolErrorNotAnEscape() {
    CodecFuzzBenchmark.Outcome o = feed("Content-Type: command/reply\nContent-Length: -1\n\n");
    assertThat(o.protocolErrors).isEqualTo(1);
    assertThat(o.escaped).isZero();
    assertThat(o.firstEscape).isNull();
  }
}
