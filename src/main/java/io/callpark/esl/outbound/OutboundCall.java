package io.callpark.esl.outbound;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommand.SendMsg;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameParser;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One call handed to callpark by FreeSWITCH's {@code socket <host:port> async full}: the connection,
 * its channel data and the commands that drive it.
 *
 * <p><b>Protocol.</b> We say {@code connect} (the reply is the channel data, fact 10), then {@code myevents},
 * {@code nixevent} of the channel events no controller here reads ({@link #UNREAD_EVENTS}) and {@code linger}
 * (facts 11, 45), those three written together. Replies — {@code command/reply} and {@code api/response} alike — answer
 * commands strictly in the order they were written (mod_event_socket handles one command at a time per
 * connection), so they are matched FIFO. {@link #execute} sends {@code sendmsg execute} with a fresh
 * {@code Event-UUID} and completes when CHANNEL_EXECUTE_COMPLETE carries it back as
 * {@code Application-UUID} (fact 49). The linger notice may come before or after
 * CHANNEL_HANGUP_COMPLETE (facts 15, 53): we close once both have been seen. An abrupt close fails
 * every pending future with {@link CallClosedException}. A command that gets no reply within
 * {@link OutboundOptions#commandTimeout()} breaks FIFO matching for good, so it closes the connection.
 *
 * <p><b>Threading.</b> Confined to the Vert.x context of its socket: every handler runs there and all
 * state is touched only there. Public methods may be called from any thread; they hop onto the
 * context. The call's UUID is in the SLF4J MDC as {@code call} while its handlers run.
 *
 * <p><b>Back-pressure.</b> {@link #pauseEvents()} queues events instead of delivering them; past
 * {@link OutboundOptions#maxQueuedEvents()} the socket stops reading until {@link #resumeEvents()}.
 */
public final class OutboundCall {
  private static final Logger log = LoggerFactory.getLogger(OutboundCall.class);

  private record Pending(EslCommand command, Promise<EslFrame> promise, long timer) {}

  private final Vertx vertx;
  private final Context context;
  private final NetSocket socket;
  private final OutboundOptions options;
  private final EslFrameParser parser;
  private final ArrayDeque<Pending> replies = new ArrayDeque<>();
  private final Map<String, Promise<EslEvent>> executions = new HashMap<>();
  private final ArrayDeque<EslEvent> queuedEvents = new ArrayDeque<>();
  private final List<Handler<EslEvent>> eventHandlers = new ArrayList<>();
  private final List<Handler<String>> closeHandlers = new ArrayList<>();
  private CallState state = CallState.HANDSHAKE;
  private boolean socketAppReturned;
  private EslEvent channelData;
  private String uuid = "";
  private boolean eventsPaused;
  private boolean socketPaused;
  private boolean lingerNoticeSeen;
  private boolean hangupCompleteSeen;
  private String closeReason = "connection closed by FreeSWITCH";
  private final long acceptedAtNanos;

  OutboundCall(Vertx vertx, Context context, NetSocket socket, OutboundOptions options, long acceptedAtNanos) {
    this.vertx = vertx;
    this.context = context;
    this.socket = socket;
    this.options = options;
    this.acceptedAtNanos = acceptedAtNanos;
    this.parser = new EslFrameParser(this::onFrame, this::onProtocolError);
    socket.handler(parser);
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> log.debug("socket error from {}: {}", socket.remoteAddress(), e.toString()));
  }

  /**
   * Channel events {@code myevents} brings that nothing in callpark reads. Each carries the channel's
   * variables (a SIP call's run to ~200 headers), so a park and a retrieve parsed several hundred KB of
   * them; {@code nixevent} stops the box serialising and sending them at all. Kept: CHANNEL_EXECUTE_COMPLETE
   * (command completion, fact 49, and the socket app returning, fact 52), CHANNEL_HANGUP(_COMPLETE),
   * CHANNEL_BRIDGE, CHANNEL_UNPARK and CHANNEL_ANSWER (handlers may watch it).
   */
  public static final List<String> UNREAD_EVENTS = List.of("CHANNEL_EXECUTE", "CHANNEL_STATE", "CHANNEL_CREATE",
      "CHANNEL_DESTROY", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_OUTGOING", "CHANNEL_ORIGINATE",
      "CHANNEL_UUID", "CHANNEL_PARK", "CHANNEL_APPLICATION", "CHANNEL_DATA", "CHANNEL_UNBRIDGE", "TALK", "NOTALK",
      "DETECTED_SPEECH");

  /**
   * {@code connect}, then {@code myevents}, {@code nixevent} and {@code linger} written at once (replies
   * come back in order); completes with this call once all are answered.
   */
  Future<OutboundCall> handshake() {
    return send(new EslCommand.Connect())
        .compose(reply -> {
          channelData = EslEvent.fromChannelData(reply);
          uuid = channelData.uniqueId() == null ? "" : channelData.uniqueId();
          Future<EslFrame> my = send(new EslCommand.MyEvents(null, null));
          Future<EslFrame> nix = send(new EslCommand.NixEvent(UNREAD_EVENTS));
          Future<EslFrame> linger = send(new EslCommand.Linger(null));
          return my.compose(r -> expectOk(r, "myevents"))
              .compose(r -> nix)
              .compose(r -> expectOk(r, "nixevent"))
              .compose(r -> linger)
              .compose(r -> expectOk(r, "linger"));
        })
        .map(r -> {
          if (state == CallState.HANDSHAKE) {
            state = CallState.ACTIVE;
          }
          return this;
        });
  }

  private Future<EslFrame> expectOk(EslFrame reply, String what) {
    return reply.isError()
        ? Future.failedFuture(new EslProtocolException(what + " refused: " + reply.replyText()))
        : Future.succeededFuture(reply);
  }

  /** The channel's UUID ({@code Unique-ID} of the channel data). */
  public String uuid() {
    return uuid;
  }

  /** What FreeSWITCH said about the channel on {@code connect}: caller ID, variables, ... (URL-decoded). */
  public EslEvent channelData() {
    return channelData;
  }

  /**
   * Keeps only the channel-data headers named in {@code names}. The channel data is the largest thing a
   * held call keeps (a SIP call's runs to ~200 headers, several KB); a controller that holds thousands
   * of calls for minutes drops what it no longer reads once the call is settled.
   */
  public void retainChannelData(java.util.Set<String> names) {
    EslHeaders all = channelData.headers();
    EslHeaders.Builder kept = EslHeaders.builder();
    for (int i = 0; i < all.size(); i++) {
      String name = all.name(i);
      if (names.contains(name)) {
        // The caller's instance of the name, not the parsed copy: one string for every held call, not one each.
        for (String n : names) {
          if (n.equals(name)) {
            name = n;
            break;
          }
        }
        kept.add(name, all.value(i));
      }
    }
    channelData = new EslEvent(kept.build(), channelData.body());
  }

  public CallState state() {
    return state;
  }

  /**
   * Whether the channel's {@code socket} application has returned (CHANNEL_EXECUTE_COMPLETE
   * {@code Application: socket}): it was transferred or bridged away. The connection stays attached and
   * still carries the channel's events, and whatever is sent on it still acts on the channel wherever it
   * is now (fact 52) — so a controller must not start driving a call that has left it.
   */
  public boolean socketAppReturned() {
    return socketAppReturned;
  }

  /** When FreeSWITCH's socket connected, by the listener's ticker (nanoseconds; only differences mean anything). */
  public long acceptedAtNanos() {
    return acceptedAtNanos;
  }

  public Context context() {
    return context;
  }

  public String remoteAddress() {
    return String.valueOf(socket.remoteAddress());
  }

  /** Adds a handler for every event of this channel. Call from the call's context. */
  public OutboundCall eventHandler(Handler<EslEvent> handler) {
    eventHandlers.add(handler);
    return this;
  }

  /** Runs once when the connection closes, with the reason. Call from the call's context. */
  public OutboundCall closeHandler(Handler<String> handler) {
    if (state == CallState.CLOSED) {
      context.runOnContext(v -> handler.handle(closeReason));
    } else {
      closeHandlers.add(handler);
    }
    return this;
  }

  /**
   * Runs {@code app} with {@code arg} and completes with its CHANNEL_EXECUTE_COMPLETE. The argument is
   * checked for CR/LF (header injection): a bad one fails the future and nothing is written.
   */
  public Future<EslEvent> execute(String app, String arg) {
    return execute(app, arg, false);
  }

  /**
   * As {@link #execute(String, String)}; with {@code eventLock} a later execute waits for this one instead
   * of running nested inside it (fact 50).
   */
  public Future<EslEvent> execute(String app, String arg, boolean eventLock) {
    return onContext(() -> {
      if (state == CallState.CLOSED || state == CallState.HUNG_UP) {
        return Future.failedFuture(new CallClosedException("cannot execute " + app + ": call " + uuid + " is " + state));
      }
      String eventUuid = UUID.randomUUID().toString();
      Promise<EslEvent> done = Promise.promise();
      executions.put(eventUuid, done);
      send(SendMsg.execute(null, app, arg, eventUuid, eventLock, 1)).onComplete(ar -> {
        if (ar.failed() || ar.result().isError()) {
          executions.remove(eventUuid);
          done.tryFail(ar.failed() ? ar.cause()
              : new EslProtocolException("execute " + app + " refused: " + ar.result().replyText()));
        }
      });
      return done.future();
    });
  }

  /** Like {@link #execute} but completes as soon as FreeSWITCH acknowledges the sendmsg. */
  public Future<Void> executeAsync(String app, String arg, boolean eventLock) {
    return onContext(() -> send(SendMsg.execute(null, app, arg, null, eventLock, 1))
        .compose(r -> r.isError()
            ? Future.failedFuture(new EslProtocolException("execute " + app + " refused: " + r.replyText()))
            : Future.<Void>succeededFuture()));
  }

  /** {@code api <command>} over this socket (fact 13); completes with the body, {@code -ERR ...} included. */
  public Future<String> api(String command) {
    return onContext(() -> send(new EslCommand.Api(command)).map(EslFrame::bodyAsString));
  }

  /** {@code sendmsg} hangup with {@code cause}, e.g. NORMAL_CLEARING. */
  public Future<Void> hangup(String cause) {
    return onContext(() -> {
      if (state == CallState.CLOSED) {
        return Future.succeededFuture();
      }
      return send(SendMsg.hangup(null, cause)).mapEmpty();
    });
  }

  /** Sends any command; completes with its reply frame. */
  public Future<EslFrame> command(EslCommand command) {
    return onContext(() -> send(command));
  }

  /** Stops delivering events to handlers; they queue (see class doc). */
  public void pauseEvents() {
    onContext(() -> {
      eventsPaused = true;
      return Future.succeededFuture();
    });
  }

  public void resumeEvents() {
    onContext(() -> {
      eventsPaused = false;
      while (!eventsPaused && !queuedEvents.isEmpty()) {
        deliver(queuedEvents.poll());
      }
      if (socketPaused && !eventsPaused) {
        socketPaused = false;
        socket.resume();
      }
      return Future.succeededFuture();
    });
  }

  /** Closes the connection without hanging up: with socket_resume the dialplan continues (fact 57). */
  public Future<Void> close(String reason) {
    return onContext(() -> {
      closeReason = reason;
      return socket.close();
    });
  }

  private Future<EslFrame> send(EslCommand command) {
    if (state == CallState.CLOSED) {
      return Future.failedFuture(new CallClosedException("cannot send " + command + ": call " + uuid + " is closed"));
    }
    byte[] bytes;
    try {
      bytes = EslCommandEncoder.encode(command);
    } catch (EslProtocolException e) {
      return Future.failedFuture(e);
    }
    Promise<EslFrame> promise = Promise.promise();
    long timer = vertx.setTimer(options.commandTimeout().toMillis(), id -> onCommandTimeout(command));
    replies.add(new Pending(command, promise, timer));
    socket.write(Buffer.buffer(bytes));
    return promise.future();
  }

  private void onCommandTimeout(EslCommand command) {
    log.warn("[{}] no reply to {} within {}: closing the connection, replies can no longer be matched",
        uuid, command, options.commandTimeout());
    closeReason = "no reply to " + command + " within " + options.commandTimeout();
    socket.close();
  }

  private void onFrame(EslFrame frame) {
    withMdc(() -> {
      FrameKind kind = frame.kind();
      if (kind == FrameKind.COMMAND_REPLY || kind == FrameKind.API_RESPONSE) {
        Pending p = replies.poll();
        if (p == null) {
          log.warn("[{}] reply with no command waiting: {}", uuid, frame.replyText());
          return;
        }
        vertx.cancelTimer(p.timer());
        p.promise().tryComplete(frame);
        maybeFinish();
      } else if (kind.isEvent()) {
        EslEvent event;
        try {
          event = EslEvent.from(frame);
        } catch (EslProtocolException e) {
          onProtocolError(e);
          return;
        }
        onEvent(event);
      } else if (kind == FrameKind.DISCONNECT_NOTICE) {
        lingerNoticeSeen = true;
        if (state == CallState.ACTIVE) {
          state = CallState.HUNG_UP;
        }
        maybeFinish();
      } else {
        log.debug("[{}] ignoring {} frame", uuid, frame.contentType());
      }
    });
  }

  private void onEvent(EslEvent event) {
    String name = event.name();
    if ("CHANNEL_EXECUTE_COMPLETE".equals(name)) {
      if ("socket".equals(event.header("Application")) && uuid.equals(event.uniqueId())) {
        socketAppReturned = true;
      }
      String appUuid = event.header("Application-UUID");
      Promise<EslEvent> p = appUuid == null ? null : executions.remove(appUuid);
      if (p != null) {
        p.tryComplete(event);
      }
    } else if ("CHANNEL_HANGUP".equals(name) && state == CallState.ACTIVE) {
      state = CallState.HUNG_UP;
    } else if ("CHANNEL_HANGUP_COMPLETE".equals(name)) {
      state = state == CallState.CLOSED ? state : CallState.HUNG_UP;
      hangupCompleteSeen = true;
    }
    if (eventsPaused) {
      queuedEvents.add(event);
      if (queuedEvents.size() >= options.maxQueuedEvents() && !socketPaused) {
        socketPaused = true;
        socket.pause();
      }
    } else {
      deliver(event);
    }
    maybeFinish();
  }

  private void deliver(EslEvent event) {
    for (Handler<EslEvent> h : List.copyOf(eventHandlers)) {
      try {
        h.handle(event);
      } catch (RuntimeException e) {
        log.error("[{}] event handler failed on {}", uuid, event, e);
      }
    }
  }

  private void maybeFinish() {
    if (lingerNoticeSeen && hangupCompleteSeen && replies.isEmpty() && state != CallState.CLOSED) {
      closeReason = "call ended";
      socket.close();
    }
  }

  private void onProtocolError(EslProtocolException e) {
    withMdc(() -> {
      log.warn("[{}] protocol error from {}: {} — closing this connection only", uuid, socket.remoteAddress(),
          e.getMessage());
      closeReason = "protocol error: " + e.getMessage();
      socket.close();
    });
  }

  private void onClosed() {
    withMdc(() -> {
      state = CallState.CLOSED;
      CallClosedException closed = new CallClosedException("call " + uuid + ": " + closeReason);
      for (Pending p; (p = replies.poll()) != null; ) {
        vertx.cancelTimer(p.timer());
        p.promise().tryFail(closed);
      }
      List<Promise<EslEvent>> running = new ArrayList<>(executions.values());
      executions.clear();
      running.forEach(p -> p.tryFail(closed));
      for (Handler<String> h : List.copyOf(closeHandlers)) {
        try {
          h.handle(closeReason);
        } catch (RuntimeException e) {
          log.error("[{}] close handler failed", uuid, e);
        }
      }
      closeHandlers.clear();
    });
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return action.get();
    }
    Promise<T> p = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(p));
    return p.future();
  }

  private void withMdc(Runnable r) {
    String previous = MDC.get("call");
    MDC.put("call", uuid);
    try {
      r.run();
    } finally {
      if (previous == null) {
        MDC.remove("call");
      } else {
        MDC.put("call", previous);
      }
    }
  }
}
