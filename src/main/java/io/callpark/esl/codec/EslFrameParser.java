package io.callpark.esl.codec;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;

/**
 * Incremental event-socket frame parser: a header block up to the blank line, then exactly
 * {@code Content-Length} bytes of body if that header is present (fact 1 and 38; mod_event_socket.c
 * writes {@code "%s: %s\n"} per header and one bare {@code "\n"} after the block).
 *
 * <p>Bytes may arrive in any chunking: many frames per read and a frame split anywhere both occur in
 * the transcripts. Built on Vert.x's {@link RecordParser}: delimited mode on {@code "\n\n"} for the
 * header block, {@code fixedSizeMode(Content-Length)} for the body, switched by an explicit
 * {@link State}.
 *
 * <p>Malformed input — a header line without a colon, a Content-Length that is not a decimal number
 * within {@link Limits#maxBodyBytes()}, a header block over {@link Limits#maxHeaderBytes()} — goes to the
 * error handler once, as an {@link EslProtocolException} quoting the offending bytes, and the parser
 * then ignores everything that follows: the connection's owner closes that one connection. Nothing is
 * thrown through the caller's event loop.
 *
 * <p>Not thread-safe: one parser per connection, fed from that connection's context.
 */
public final class EslFrameParser implements Handler<Buffer> {

  /** Size limits; a frame over them is a protocol error, not an out-of-memory. */
  public record Limits(int maxHeaderBytes, int maxBodyBytes) {
    /** 256 KiB of headers (a connect reply with every variable is a few KiB); 8 MiB of body. */
    public static final Limits DEFAULT = new Limits(256 * 1024, 8 * 1024 * 1024);

    public Limits {
      if (maxHeaderBytes < 64 || maxBodyBytes < 0) {
        throw new IllegalArgumentException("limits too small: headers=" + maxHeaderBytes + " body=" + maxBodyBytes);
      }
    }
  }

  private enum State { HEADERS, BODY, FAILED }

  private final Limits limits;
  private final Handler<EslFrame> frameHandler;
  private final Handler<EslProtocolException> errorHandler;
  private final RecordParser records;
  private State state = State.HEADERS;
  private EslHeaders pendingHeaders;
  private final PendingRecord pending = new PendingRecord();

  public EslFrameParser(Handler<EslFrame> frameHandler, Handler<EslProtocolException> errorHandler) {
    this(Limits.DEFAULT, frameHandler, errorHandler);
  }

  public EslFrameParser(Limits limits, Handler<EslFrame> frameHandler, Handler<EslProtocolException> errorHandler) {
    this.limits = limits;
    this.frameHandler = frameHandler;
    this.errorHandler = errorHandler;
    // No RecordParser.maxRecordSize: the header limit is enforced by PendingRecord, whatever the chunking.
    this.records = RecordParser.newDelimited("\n\n", this::onRecord);
  }

  /** Feeds the next chunk of bytes, however it was split. */
  @Override
  public void handle(Buffer chunk) {
    if (state == State.FAILED) {
      return;
    }
    long chunkStart = pending.beforeFeed(chunk);
    records.handle(chunk);
    if (state != State.HEADERS) {
      return; // failed, or a body the RecordParser holds until complete (bounded by Limits.maxBodyBytes)
    }
    pending.afterFeed(chunk, chunkStart);
    if (pending.over(limits.maxHeaderBytes())) {
      fail(pending.tooLong(tooLongMessage()));
    }
  }

  private String tooLongMessage() {
    return "header block longer than " + limits.maxHeaderBytes() + " bytes";
  }

  /** Convenience for tests and benchmarks. */
  public void feed(byte[] bytes, int off, int len) {
    handle(Buffer.buffer().appendBytes(bytes, off, len));
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  private void onRecord(Buffer record) {
    if (state == State.FAILED) {
      return;
    }
    if (state == State.BODY) {
      pending.taken(record.length());
      state = State.HEADERS;
      records.delimitedMode("\n\n");
      EslHeaders headers = pendingHeaders;
      pendingHeaders = null;
      deliver(new EslFrame(headers, record.getBytes()));
      return;
    }
    pending.taken(record.length() + 2);
    byte[] block = record.getBytes();
    if (block.length > limits.maxHeaderBytes()) {
      fail(PendingRecord.tooLong(tooLongMessage(), block, block.length)); // arrived complete in one read
      return;
    }
    int start = 0;
    // Tolerate stray blank lines between frames: FreeSWITCH never sends them, but a "\n\n\n" must not
    // turn into a header line that is empty.
    while (start < block.length && block[start] == '\n') {
      start++;
    }
    if (start == block.length) {
      return;
    }
    EslHeaders headers;
    try {
      headers = parseHeaderBlock(block, start, block.length);
    } catch (EslProtocolException e) {
      fail(e);
      return;
    }
    String cl = headers.get("Content-Length");
    if (cl == null) {
      deliver(EslFrame.of(headers));
      return;
    }
    int length = parseContentLength(cl);
    if (length < 0) {
      return;
    }
    if (length == 0) {
      deliver(EslFrame.of(headers));
      return;
    }
    pendingHeaders = headers;
    state = State.BODY;
    records.fixedSizeMode(length);
  }

  private int parseContentLength(String value) {
    long n = value.isEmpty() ? -1 : 0;
    for (int i = 0; i < value.length() && n >= 0; i++) {
      char c = value.charAt(i);
      // Saturating: "99999999999" is a number over the limit, not "not a decimal number".
      n = c >= '0' && c <= '9' ? Math.min(n * 10 + (c - '0'), Integer.MAX_VALUE + 1L) : -1;
    }
    if (n < 0) {
      fail(EslProtocolException.of("Content-Length is not a decimal number", value));
      return -1;
    }
    if (n > limits.maxBodyBytes()) {
      fail(EslProtocolException.of("Content-Length over the limit of " + limits.maxBodyBytes() + " bytes", value));
      return -1;
    }
    return (int) n;
  }

  /**
   * Parses {@code Name: value} lines separated by LF. Values are kept as on the wire (no URL decoding:
   * the outer headers of replies are plain text, except in the outbound connect reply, fact 10).
   */
  static EslHeaders parseHeaderBlock(byte[] b, int from, int to) {
    EslHeaders.Builder headers = EslHeaders.builder();
    int lineStart = from;
    while (lineStart < to) {
      int lineEnd = indexOf(b, (byte) '\n', lineStart, to);
      if (lineEnd < 0) {
        lineEnd = to;
      }
      int end = lineEnd;
      if (end > lineStart && b[end - 1] == '\r') {
        end--;
      }
      if (end > lineStart) {
        int colon = indexOf(b, (byte) ':', lineStart, end);
        if (colon <= lineStart) {
          throw EslProtocolException.of(colon == lineStart ? "header line with an empty name" : "header line without a colon",
              b, lineStart, end - lineStart);
        }
        int valueStart = colon + 1;
        if (valueStart < end && b[valueStart] == ' ') {
          valueStart++;
        }
        headers.add(new String(b, lineStart, colon - lineStart, StandardCharsets.UTF_8),
            new String(b, valueStart, end - valueStart, StandardCharsets.UTF_8));
      }
      lineStart = lineEnd + 1;
    }
    return headers.build();
  }

  static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private void deliver(EslFrame frame) {
    frameHandler.handle(frame);
  }

  private void fail(EslProtocolException e) {
    if (state == State.FAILED) {
      return;
    }
    state = State.FAILED;
    pendingHeaders = null;
    errorHandler.handle(e);
  }
}
