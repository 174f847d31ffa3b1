package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameParser;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection to a box's event socket, from {@code auth/request} to close. Knows the protocol
 * (handshake, FIFO replies, BACKGROUND_JOB matching, frames to ignore); {@link InboundClient} owns
 * the reconnect loop and the public API.
 *
 * <p>Handshake (inbound_esl_session.txt): FreeSWITCH speaks first with {@code auth/request}; we send
 * {@code auth <password>}; {@code +OK accepted} → {@code event plain ...} → each {@code filter}. A wrong
 * password is answered {@code -ERR invalid} and FreeSWITCH closes (mod_event_socket.c parse_command);
 * an ACL refusal is a {@code text/rude-rejection} frame, then close.
 *
 * <p>Closes exactly once, for one cause: FreeSWITCH closed the socket, a protocol error (logged with
 * the offending bytes), a reply timeout, a refused handshake, or our own close. Every waiting future
 * then fails with an {@link EslConnectionException} naming its command and the cause.
 *
 * <p>Not thread-safe: created, used and closed on its {@link InboundClient}'s context only.
 */
final class InboundConnection {
  private static final Logger log = LoggerFactory.getLogger(InboundConnection.class);

  /** What the client hears from its connection; called on the context. */
  interface Listener {
    void onEvent(EslEvent event);

    void onClosed(InboundConnection connection, Throwable cause);
  }

  private enum Phase { AWAIT_AUTH_REQUEST, AUTHENTICATING, SUBSCRIBING, READY, CLOSED }

  private final Vertx vertx;
  private final NetSocket socket;
  private final InboundOptions options;
  private final Listener listener;
  private final String where;
  private final ReplyQueue replies;
  private final BackgroundJobs jobs;
  private final Promise<Void> handshake = Promise.promise();
  private Phase phase = Phase.AWAIT_AUTH_REQUEST;
  private long authRequestTimer = -1;
  private Future<Void> socketClosed = Future.succeededFuture();

  InboundConnection(Vertx vertx, NetSocket socket, InboundOptions options, Listener listener) {
    this.vertx = vertx;
    this.socket = socket;
    this.options = options;
    this.listener = listener;
    this.where = "box " + options.boxId() + " at " + options.address();
    this.replies = new ReplyQueue(vertx, options.commandTimeout(), where, this::onReplyTimeout);
    this.jobs = new BackgroundJobs(vertx, where);
    socket.handler(new EslFrameParser(this::onFrame, this::onProtocolError));
    socket.closeHandler(v -> close(new EslConnectionException(where + " closed the connection")));
    socket.exceptionHandler(e -> log.debug("{}: socket error: {}", where, e.toString()));
  }

  /** Waits for auth/request, authenticates and subscribes; fails with the cause the connection closed for. */
  Future<Void> handshake() {
    authRequestTimer = vertx.setTimer(options.commandTimeout().toMillis(), id -> close(new EslConnectionException(
        "no auth/request from " + where + " within " + options.commandTimeout().toMillis() + " ms")));
    return handshake.future();
  }

  boolean isReady() {
    return phase == Phase.READY;
  }

  /** Writes an already-encoded command; the future completes with its reply frame (FIFO, see ReplyQueue). */
  Future<EslFrame> send(EslCommand command, byte[] encoded) {
    if (phase == Phase.CLOSED) {
      return Future.failedFuture(new EslConnectionException("connection to " + where + " is closed"));
    }
    String description = describe(command, encoded);
    log.debug("{}: > {}", where, description);
    Future<EslFrame> reply = replies.add(description);
    socket.write(Buffer.buffer(encoded));
    return reply;
  }

  /** Registers a bgapi's Job-UUID; call before writing the bgapi. */
  Future<String> awaitJob(String jobUuid, String description, Duration timeout) {
    if (phase == Phase.CLOSED) {
      return Future.failedFuture(new EslConnectionException("connection to " + where + " is closed"));
    }
    return jobs.register(jobUuid, description, timeout);
  }

  void failJob(String jobUuid, Throwable cause) {
    jobs.fail(jobUuid, cause);
  }

  /**
   * Closes for {@code cause}: closes the socket, tells the listener, fails everything waiting (once).
   * The future completes when the socket is closed.
   */
  Future<Void> close(Throwable cause) {
    if (phase == Phase.CLOSED) {
      return socketClosed;
    }
    phase = Phase.CLOSED;
    vertx.cancelTimer(authRequestTimer);
    socketClosed = socket.close().otherwiseEmpty();
    // The listener first: by the time a caller sees its future fail, the state and the log say why.
    listener.onClosed(this, cause);
    replies.failAll(what -> new EslConnectionException(
        "connection to " + where + " lost before the reply to '" + what + "': " + cause.getMessage(), cause));
    jobs.failAll(what -> new EslConnectionException(
        "connection to " + where + " lost before the result of '" + what + "': " + cause.getMessage(), cause));
    handshake.tryFail(cause);
    return socketClosed;
  }

  private void onFrame(EslFrame frame) {
    if (phase == Phase.CLOSED) {
      return;
    }
    FrameKind kind = frame.kind();
    if (kind == FrameKind.COMMAND_REPLY || kind == FrameKind.API_RESPONSE) {
      if (!replies.completeHead(frame)) {
        onProtocolError(EslProtocolException.of(kind.contentType() + " with no command waiting for it",
            frame.headers() + frame.bodyAsString()));
      }
    } else if (kind.isEvent()) {
      onEventFrame(frame);
    } else if (kind == FrameKind.AUTH_REQUEST) {
      onAuthRequest();
    } else if (kind == FrameKind.RUDE_REJECTION) {
      close(new EslAuthException("connection to " + where + " refused by FreeSWITCH's ACL (text/rude-rejection: "
          + frame.bodyAsString().strip() + ")"));
    } else if (kind == FrameKind.DISCONNECT_NOTICE) {
      log.info("{}: disconnect notice: {}", where, frame.bodyAsString().strip());
    } else if (kind == FrameKind.LOG_DATA) {
      log.trace("{}: log/data ignored (we never send 'log')", where);
    } else {
      log.warn("{}: ignoring a frame of unknown Content-Type {}", where, frame.contentType());
    }
  }

  private void onEventFrame(EslFrame frame) {
    EslEvent event;
    try {
      event = EslEvent.from(frame);
    } catch (EslProtocolException e) {
      onProtocolError(e);
      return;
    }
    listener.onEvent(event);
    if ("BACKGROUND_JOB".equals(event.name()) && phase != Phase.CLOSED) {
      // After the handlers: whoever awaits the bgapi sees a world where the event was delivered.
      jobs.complete(event.header("Job-UUID"), event.body());
    }
  }

  private void onAuthRequest() {
    if (phase != Phase.AWAIT_AUTH_REQUEST) {
      log.warn("{}: unexpected auth/request in phase {}, ignored", where, phase);
      return;
    }
    vertx.cancelTimer(authRequestTimer);
    phase = Phase.AUTHENTICATING;
    EslCommand auth = new EslCommand.Auth(options.password());
    send(auth, EslCommandEncoder.encode(auth)).onSuccess(reply -> {
      String text = String.valueOf(reply.replyText());
      if (text.startsWith("+OK")) {
        subscribe();
      } else {
        close(new EslAuthException("authentication to " + where + " refused: wrong password (FreeSWITCH said '"
            + text + "')"));
      }
    });
  }

  private void subscribe() {
    phase = Phase.SUBSCRIBING;
    Future<Void> chain = expectOk(options.subscription());
    for (EventFilter f : options.filters()) {
      chain = chain.compose(v -> expectOk(new EslCommand.Filter(f.header(), f.value(), false)));
    }
    chain.onSuccess(v -> {
      if (phase == Phase.SUBSCRIBING) {
        phase = Phase.READY;
        handshake.tryComplete();
      }
    });
  }

  /** Sends a handshake command; a refusal closes the connection (and so fails the handshake). */
  private Future<Void> expectOk(EslCommand command) {
    byte[] bytes = EslCommandEncoder.encode(command);
    return send(command, bytes).compose(reply -> {
      String text = String.valueOf(reply.replyText());
      if (text.startsWith("+OK")) {
        return Future.succeededFuture();
      }
      EslConnectionException e = new EslConnectionException(where + " refused '" + describe(command, bytes) + "': " + text);
      close(e);
      return Future.failedFuture(e);
    });
  }

  private void onReplyTimeout(EslTimeoutException e) {
    // FIFO matching is now off by one for good: a late reply would complete the wrong command.
    close(new EslConnectionException(e.getMessage() + "; closing the connection since later replies could no "
        + "longer be matched to their commands", e));
  }

  private void onProtocolError(EslProtocolException e) {
    if (phase == Phase.CLOSED) {
      return;
    }
    close(new EslConnectionException("protocol error from " + where + ": " + e.getMessage(), e));
  }

  /** The command line for logs and messages; never the password. */
  static String describe(EslCommand command, byte[] encoded) {
    if (command instanceof EslCommand.Auth) {
      return "auth ***";
    }
    int end = 0;
    while (end < encoded.length && encoded[end] != '\n') {
      end++;
    }
    String line = new String(encoded, 0, end, StandardCharsets.UTF_8);
    return line.length() > 120 ? line.substring(0, 120) + "..." : line;
  }
}
