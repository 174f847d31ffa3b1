package io.callpark.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameParser;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The test's side of an event socket, built only from the codec: writes {@link EslCommand}s with
 * {@link EslCommandEncoder}, reads with {@link EslFrameParser}. Frames are sorted as they arrive into
 * replies (everything that is not an event) and events, and also kept in arrival order.
 *
 * <p>Thread-safe: Vert.x fills the queues, the test thread drains them.
 */
final class EslTestClient implements AutoCloseable {
  static final long WAIT_MS = 5_000;

  private final NetSocket socket;
  private final LinkedBlockingQueue<EslFrame> replies = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<EslEvent> events = new LinkedBlockingQueue<>();
  private final CopyOnWriteArrayList<EslFrame> all = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<EslProtocolException> errors = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private EslTestClient(NetSocket socket) {
    this.socket = socket;
    EslFrameParser parser = new EslFrameParser(this::onFrame, errors::add);
    socket.handler(parser);
    socket.closeHandler(v -> closed = true);
    socket.exceptionHandler(e -> closed = true);
  }

  static EslTestClient wrap(NetSocket socket) {
    return new EslTestClient(socket);
  }

  static EslTestClient connect(Vertx vertx, int port) {
    // Connect from a Vert.x context and wrap in the completion callback: it then runs on the socket's
    // event loop before any read, so no byte arrives while no handler is set.
    io.vertx.core.Promise<EslTestClient> p = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> vertx.createNetClient().connect(port, "127.0.0.1")
        .map(EslTestClient::new).onComplete(p));
    return await(p.future());
  }

  /** Connects and authenticates with the box's password. */
  static EslTestClient authenticated(Vertx vertx, FakeFreeSwitch fs) {
    EslTestClient c = connect(vertx, fs.port());
    assertThat(c.nextReply().kind()).isEqualTo(FrameKind.AUTH_REQUEST);
    assertThat(c.call(new EslCommand.Auth(fs.password())).replyText()).isEqualTo("+OK accepted");
    return c;
  }

  private void onFrame(EslFrame f) {
    all.add(f);
    if (f.kind().isEvent()) {
      events.add(EslEvent.from(f));
    } else {
      replies.add(f);
    }
  }

  void send(EslCommand command) {
    socket.write(Buffer.buffer(EslCommandEncoder.encode(command)));
  }

  void sendRaw(String text) {
    socket.write(Buffer.buffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Sends and returns the next reply frame. */
  EslFrame call(EslCommand command) {
    send(command);
    return nextReply();
  }

  String api(String command) {
    EslFrame f = call(new EslCommand.Api(command));
    assertThat(f.kind()).isEqualTo(FrameKind.API_RESPONSE);
    return f.bodyAsString();
  }

  EslFrame nextReply() {
    EslFrame f = poll(replies);
    assertThat(f).as("a reply frame within %d ms", WAIT_MS).isNotNull();
    return f;
  }

  EslEvent nextEvent() {
    EslEvent e = poll(events);
    assertThat(e).as("an event within %d ms", WAIT_MS).isNotNull();
    return e;
  }

  /** Skips events until one matches; fails after the wait. */
  EslEvent awaitEvent(Predicate<EslEvent> match) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
    while (System.nanoTime() < deadline) {
      EslEvent e = poll(events, deadline);
      if (e != null && match.test(e)) {
        return e;
      }
    }
    throw new AssertionError("no matching event within " + WAIT_MS + " ms");
  }

  EslEvent awaitEvent(String name) {
    return awaitEvent(e -> name.equals(e.name()));
  }

  /** Events received so far and not yet taken, without waiting. */
  List<EslEvent> drainEvents() {
    List<EslEvent> out = new ArrayList<>();
    events.drainTo(out);
    return out;
  }

  List<EslFrame> frames() {
    return List.copyOf(all);
  }

  List<EslProtocolException> errors() {
    return List.copyOf(errors);
  }

  boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    socket.close();
  }

  private static <T> T poll(LinkedBlockingQueue<T> q) {
    try {
      return q.poll(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static <T> T poll(LinkedBlockingQueue<T> q, long deadlineNanos) {
    try {
      return q.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("future did not complete: " + e, e);
    }
  }
}
