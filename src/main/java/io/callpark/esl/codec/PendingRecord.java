package io.callpark.esl.codec;

import io.vertx.core.buffer.Buffer;

/**
 * The header block a {@code RecordParser} is still accumulating: how many bytes it holds and its first
 * {@link EslProtocolException#QUOTE_LIMIT} bytes, so that a block over the size limit is refused the same
 * way however the stream was chunked, with a message quoting its start.
 *
 * <p>Why not {@code RecordParser.maxRecordSize}: it checks only what is left buffered after a read, so a
 * too-long block that arrived whole in one read was accepted, one of exactly the limit was refused when its
 * first delimiter LF arrived alone, and its exception carries none of the bytes.
 *
 * <p>Not thread-safe: owned by one parser.
 */
final class PendingRecord {
  private final byte[] head = new byte[EslProtocolException.QUOTE_LIMIT];
  private int headLength;
  private long fed;
  private long consumed;

  /** Call before handing {@code chunk} to the RecordParser; returns the chunk's offset in the stream. */
  long beforeFeed(Buffer chunk) {
    long start = fed;
    fed += chunk.length();
    return start;
  }

  /** The RecordParser handed out a record that, with its delimiter, took {@code bytes} of the stream. */
  void taken(int bytes) {
    consumed += bytes;
    headLength = 0;
  }

  /** Call after the RecordParser has handled {@code chunk}: keeps the first bytes of the record in progress. */
  void afterFeed(Buffer chunk, long chunkStart) {
    long next = consumed + headLength;
    if (headLength == head.length || next >= fed) {
      return;
    }
    // Invariant: bytes of the record before this chunk were captured after the previous one, so next >= chunkStart.
    int from = (int) (next - chunkStart);
    int n = (int) Math.min(head.length - headLength, fed - next);
    chunk.getBytes(from, from + n, head, headLength);
    headLength += n;
  }

  /**
   * True when the record in progress is longer than {@code max} bytes. It may end in the first LF of its
   * {@code "\n\n"}, so only more than {@code max + 1} buffered bytes prove that.
   */
  boolean over(int max) {
    return fed - consumed > max + 1L;
  }

  /** {@code what: "<first bytes>"...}; the same text whether the record was complete or not. */
  EslProtocolException tooLong(String what) {
    return tooLong(what, head, headLength);
  }

  static EslProtocolException tooLong(String what, byte[] start, int length) {
    return new EslProtocolException(what + ": " + EslProtocolException.quote(start, 0, Math.min(length, EslProtocolException.QUOTE_LIMIT)) + "...");
  }
}
