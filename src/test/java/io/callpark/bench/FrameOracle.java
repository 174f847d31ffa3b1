package io.callpark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Frame and event counts from a capture's {@code .frames.json} (the independent expected parse beside
 * each {@code .raw}), so a benchmark can check that a decoder decoded the whole stream before timing it.
 * Stateless.
 */
final class FrameOracle {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FrameOracle() {}

  record Counts(long frames, long events) {}

  static Counts counts(Path dir, String capture) throws IOException {
    Path p = dir.resolve(capture + ".frames.json");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("expected parse missing: " + p);
    }
    JsonNode frames = JSON.readTree(p.toFile()).path("frames");
    long events = 0;
    for (JsonNode f : frames) {
      for (JsonNode h : f.path("headers")) {
        if (h.path(0).asText().equals("Content-Type") && h.path(1).asText().equals("text/event-plain")) {
          events++;
        }
      }
    }
    return new Counts(frames.size(), events);
  }

  /** Fails unless one pass of {@code decoder} over each stream yields the expected frames and events. */
  static void check(Path dir, List<CapturedStream> streams, StreamDecoder decoder) throws IOException {
    for (CapturedStream s : streams) {
      Counts want = counts(dir, s.name());
      for (CapturedStream.Chunking c : CapturedStream.Chunking.values()) {
        decoder.prepare(List.of(s), c);
        Tally got = decoder.pass();
        if (got.frames() != want.frames() || got.events() != want.events()) {
          throw new IllegalStateException(decoder.label() + " on " + s.name() + " (" + c.label() + "): "
              + got.frames() + " frames / " + got.events() + " events, the expected parse has "
              + want.frames() + " / " + want.events());
        }
      }
    }
  }
}
