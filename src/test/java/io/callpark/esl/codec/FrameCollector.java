package io.callpark.esl.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helper: an {@link EslFrameParser} whose frames and errors are collected in lists, with ways to
 * feed a byte array in chunks. Not thread-safe.
 */
final class FrameCollector {
  final List<EslFrame> frames = new ArrayList<>();
  final List<EslProtocolException> errors = new ArrayList<>();
  final EslFrameParser parser;

  FrameCollector() {
    this(EslFrameParser.Limits.DEFAULT);
  }

  FrameCollector(EslFrameParser.Limits limits) {
    parser = new EslFrameParser(limits, frames::add, errors::add);
  }

  /** Parses {@code bytes} in one chunk. */
  static FrameCollector whole(byte[] bytes) {
    FrameCollector c = new FrameCollector();
    c.parser.feed(bytes, 0, bytes.length);
    return c;
  }

  /** Parses {@code bytes} split into chunks at the given ascending offsets (0 and length allowed). */
  static FrameCollector splitAt(byte[] bytes, int... cuts) {
    FrameCollector c = new FrameCollector();
    c.feedSplitAt(bytes, cuts);
    return c;
  }

  void feedSplitAt(byte[] bytes, int... cuts) {
    int from = 0;
    for (int cut : cuts) {
      parser.feed(bytes, from, cut - from);
      from = cut;
    }
    parser.feed(bytes, from, bytes.length - from);
  }

  static FrameCollector byteAtATime(byte[] bytes) {
    FrameCollector c = new FrameCollector();
    for (int i = 0; i < bytes.length; i++) {
      c.parser.feed(bytes, i, 1);
    }
    return c;
  }

  /**
   * Parses {@code bytes} in random chunks of 1 to {@code maxChunk} bytes (and now and then an empty one),
   * drawn from {@code random}.
   */
  static FrameCollector randomChunks(byte[] bytes, Random random, int maxChunk) {
    FrameCollector c = new FrameCollector();
    int pos = 0;
    while (pos < bytes.length) {
      int n = random.nextInt(20) == 0 ? 0 : 1 + random.nextInt(Math.min(maxChunk, bytes.length - pos));
      c.parser.feed(bytes, pos, n);
      pos += n;
    }
    return c;
  }
}
