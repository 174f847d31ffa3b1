package io.callpark.esl.codec;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the codec: parses commands a client writes (mod_event_socket.c
 * {@code read_packet}: lines up to a blank line, then {@code Content-Length} bytes of body). The first
 * line is the command; the rest are {@code Name: value} headers. Same error discipline as
 * {@link EslFrameParser}: one error, quoting the bytes, then silence.
 *
 * <p>Not thread-safe: one per connection.
 */
public final class EslRequestParser implements Handler<Buffer> {
  private enum State { HEADERS, BODY, FAILED }

  private final EslFrameParser.Limits limits;
  private final Handler<EslRequest> handler;
  private final Handler<EslProtocolException> errorHandler;
  private final RecordParser records;
  private State state = State.HEADERS;
  private String pendingLine;
  private EslHeaders pendingHeaders;
  private final PendingRecord pending = new PendingRecord();

  public EslRequestParser(Handler<EslRequest> handler, Handler<EslProtocolException> errorHandler) {
    this(EslFrameParser.Limits.DEFAULT, handler, errorHandler);
  }

  public EslRequestParser(EslFrameParser.Limits limits, Handler<EslRequest> handler,
      Handler<EslProtocolException> errorHandler) {
    this.limits = limits;
    this.handler = handler;
    this.errorHandler = errorHandler;
    // The limit is enforced by PendingRecord, whatever the chunking (see there), not RecordParser.maxRecordSize.
    this.records = RecordParser.newDelimited("\n\n", this::onRecord);
  }

  @Override
  public void handle(Buffer chunk) {
    if (state == State.FAILED) {
      return;
    }
    long chunkStart = pending.beforeFeed(chunk);
    records.handle(chunk);
    if (state == State.HEADERS) {
      pending.afterFeed(chunk, chunkStart);
      if (pending.over(limits.maxHeaderBytes())) {
        fail(pending.tooLong(tooLongMessage()));
      }
    }
  }

  private String tooLongMessage() {
    return "command longer than " + limits.maxHeaderBytes() + " bytes";
  }

  private void onRecord(Buffer record) {
    if (state == State.FAILED) {
      return;
    }
    if (state == State.BODY) {
      pending.taken(record.length());
      state = State.HEADERS;
      records.delimitedMode("\n\n");
      handler.handle(new EslRequest(pendingLine, pendingHeaders, record.getBytes()));
      return;
    }
    pending.taken(record.length() + 2);
    byte[] b = record.getBytes();
    if (b.length > limits.maxHeaderBytes()) {
      fail(PendingRecord.tooLong(tooLongMessage(), b, b.length));
      return;
    }
    int start = 0;
    while (start < b.length && (b[start] == '\n' || b[start] == '\r')) {
      start++;
    }
    if (start == b.length) {
      return;
    }
    int nl = EslFrameParser.indexOf(b, (byte) '\n', start, b.length);
    int lineEnd = nl < 0 ? b.length : nl;
    int end = lineEnd > start && b[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
    String line = new String(b, start, end - start, StandardCharsets.UTF_8);
    EslHeaders headers;
    try {
      headers = nl < 0 ? EslHeaders.empty() : EslFrameParser.parseHeaderBlock(b, nl + 1, b.length);
    } catch (EslProtocolException e) {
      fail(e);
      return;
    }
    String cl = headers.get("Content-Length");
    int length = 0;
    if (cl != null) {
      try {
        length = Integer.parseInt(cl.trim());
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0 || length > limits.maxBodyBytes()) {
        fail(EslProtocolException.of("bad Content-Length in command", cl));
        return;
      }
    }
    if (length == 0) {
      handler.handle(new EslRequest(line, headers, null));
      return;
    }
    pendingLine = line;
    pendingHeaders = headers;
    state = State.BODY;
    records.fixedSizeMode(length);
  }

  private void fail(EslProtocolException e) {
    if (state != State.FAILED) {
      state = State.FAILED;
      errorHandler.handle(e);
    }
  }
}
