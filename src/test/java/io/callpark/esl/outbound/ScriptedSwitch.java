package io.callpark.esl.outbound;

import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.EslRequest;
import io.callpark.esl.codec.EslRequestParser;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A FreeSWITCH stand-in driven line by line from a test: dials the outbound server, hands every command
 * it receives to the test ({@link #next()}) and writes whatever bytes the test gives it. For protocol
 * edge cases the full simulator does not produce on demand.
 */
final class ScriptedSwitch implements AutoCloseable {
  private final BlockingQueue<EslRequest> received = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final NetSocket socket;

  private ScriptedSwitch(NetSocket socket) {
    this.socket = socket;
    EslRequestParser parser = new EslRequestParser(received::add, (EslProtocolException e) -> received.add(
        new EslRequest("PROTOCOL-ERROR " + e.getMessage(), io.callpark.esl.codec.EslHeaders.empty(), null)));
    socket.handler(parser);
    socket.closeHandler(v -> closed.set(true));
  }

  static ScriptedSwitch dial(Vertx vertx, int port) throws Exception {
    // Connect from an event loop and attach the handlers in the connect callback: registered before the
    // connect can complete, it runs on that loop ahead of any read, so no byte arrives before the handler.
    // (Attaching from the test thread races: a future already complete runs the callback there, late.)
    java.util.concurrent.CompletableFuture<ScriptedSwitch> out = new java.util.concurrent.CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> vertx.createNetClient().connect(port, "127.0.0.1")
        .map(ScriptedSwitch::new).onComplete(ar -> {
          if (ar.succeeded()) {
            out.complete(ar.result());
          } else {
            out.completeExceptionally(ar.cause());
          }
        }));
    return out.get(5, TimeUnit.SECONDS);
  }

  /** The next command callpark wrote; fails the test after 10 s (generous: CI machines are shared). */
  EslRequest next() throws InterruptedException {
    EslRequest r = received.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("callpark wrote no command within 10 s");
    }
    return r;
  }

  void write(byte[] bytes) {
    socket.write(Buffer.buffer(bytes));
  }

  /** Writes the bytes one at a time: the parser must not care how frames are split. */
  void writeByteByByte(byte[] bytes) {
    for (byte b : bytes) {
      socket.write(Buffer.buffer(new byte[] {b}));
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    socket.close();
  }
}
