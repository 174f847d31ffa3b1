package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslProtocolException;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The inbound event-socket link to one FreeSWITCH box: connects, authenticates, subscribes
 * ({@link InboundOptions#subscription()}, then the filters), runs api/bgapi/sendevent, delivers events,
 * and reconnects with capped exponential backoff for as long as it is not {@link #close() closed}.
 *
 * <p><b>Threading.</b> All state lives on one Vert.x context: the one current when {@link #create} was
 * called (a verticle's event loop), or a fresh event-loop context when called outside Vert.x. Every
 * public method is thread-safe: it hops onto that context; returned futures complete there, and event
 * and state handlers run there. Nothing blocks.
 *
 * <p><b>Commands.</b> Replies carry no id, so they are matched to commands strictly FIFO:
 * mod_event_socket answers one command at a time per connection. A command with no reply within
 * {@link InboundOptions#commandTimeout()} fails with
 * {@link EslTimeoutException} <em>and closes the connection</em>: its reply may still arrive and would
 * complete the next command instead, so a fresh connection is the only way back to a known state.
 * Use {@link #bgapi} for anything slow (originate): its result comes as an event, with its own timeout.
 * While not {@link ConnectionState#CONNECTED}, commands <em>fail fast</em> with
 * {@link EslConnectionException} rather than queue: a queued {@code uuid_transfer} sent minutes later,
 * after the caller has given up, would do more harm than a clear error now. When a connection is lost
 * every waiting future fails with an {@link EslConnectionException} naming the command and the cause.
 * A command that would inject a line (CR/LF in an api argument) fails with the encoder's
 * {@link EslProtocolException} before anything is written.
 *
 * <p><b>Events.</b> Every event (including HEARTBEAT and the BACKGROUND_JOBs that complete bgapi
 * futures) goes to every {@link #eventHandler}, in arrival order, on the context. Handlers must be quick:
 * while one runs, nothing else is read from the socket, so a slow handler pushes back on FreeSWITCH
 * (whose per-listener queue then drops events, mod_event_socket.c "Lost N events"). Hand heavy work
 * off. A handler that throws is logged and the next one still runs. {@code log/data} frames are ignored.
 *
 * <p><b>Reconnecting.</b> After a failed attempt or a lost connection the state becomes
 * {@link ConnectionState#DISCONNECTED} and the next attempt waits {@link Backoff#next()}; a refused
 * authentication gives {@link ConnectionState#AUTH_FAILED} and waits the maximum backoff (the password
 * never appears in logs or messages). Each new connection authenticates and subscribes again.
 * Subscription changes made with {@link #command} are not replayed.
 */
public final class InboundClient {
  private final Context context;
  private final InboundOptions options;
  private final Supplier<String> jobUuids;
  private final ClientListeners listeners;
  private final LinkSupervisor link;

  private InboundClient(Vertx vertx, InboundOptions options, Backoff backoff, Supplier<String> jobUuids) {
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.jobUuids = jobUuids;
    this.listeners = new ClientListeners("box " + options.boxId() + " at " + options.address());
    this.link = new LinkSupervisor(vertx, options, backoff, listeners);
  }

  public static InboundClient create(Vertx vertx, InboundOptions options) {
    return create(vertx, options, Backoff.of(options), () -> UUID.randomUUID().toString());
  }

  /** With an injected backoff (its randomness) and Job-UUID source, for tests. */
  public static InboundClient create(Vertx vertx, InboundOptions options, Backoff backoff, Supplier<String> jobUuids) {
    return new InboundClient(vertx, options, backoff, jobUuids);
  }

  public InboundOptions options() {
    return options;
  }

  /** The current state; DISCONNECTED before {@link #start()}. Readable from any thread. */
  public ConnectionState state() {
    return link.state();
  }

  public boolean isConnected() {
    return link.state() == ConnectionState.CONNECTED;
  }

  /** Adds a handler for every event; handlers run on the client's context, in registration order. */
  public InboundClient eventHandler(Handler<EslEvent> handler) {
    listeners.addEventHandler(handler);
    return this;
  }

  /** Adds a handler for state transitions (CONNECTING, CONNECTED, DISCONNECTED, AUTH_FAILED, CLOSED). */
  public InboundClient connectionStateHandler(Handler<ConnectionStateChange> handler) {
    listeners.addStateHandler(handler);
    return this;
  }

  /**
   * Starts connecting. The future reports the <em>first</em> attempt: it completes once connected and
   * subscribed, or fails with why not ({@link EslAuthException} for a wrong password or an ACL refusal,
   * else {@link EslConnectionException}). Either way the client keeps reconnecting until closed.
   */
  public Future<Void> start() {
    context.runOnContext(v -> link.start());
    return link.started();
  }

  /**
   * Stops reconnecting, sends {@code exit} if connected (FreeSWITCH answers {@code +OK bye}, fact 46),
   * closes the socket and fails whatever still waits. Idempotent; the state ends CLOSED.
   */
  public Future<Void> close() {
    context.runOnContext(v -> link.close());
    return link.closed();
  }

  /** {@code api <command>}: the body, also when it is a {@code -ERR ...} (fact 41). */
  public Future<String> api(String command) {
    return request(new EslCommand.Api(command)).map(EslFrame::bodyAsString);
  }

  /** Like {@link #api}, but a body starting {@code -ERR} fails with {@link EslApiException}. */
  public Future<String> apiOk(String command) {
    return api(command).compose(body -> body.startsWith("-ERR")
        ? Future.failedFuture(new EslApiException("api " + command, body))
        : Future.succeededFuture(body));
  }

  /** {@code bgapi <command>} with our own Job-UUID; the BACKGROUND_JOB body, within the command timeout. */
  public Future<String> bgapi(String command) {
    return bgapi(command, options.commandTimeout());
  }

  /**
   * {@code bgapi <command>} with a {@code Job-UUID} header we generate; completes with the body of the
   * BACKGROUND_JOB event carrying that Job-UUID (fact 42), or fails with {@link EslTimeoutException}
   * after {@code timeout} (the connection stays up), or {@link EslApiException} if the bgapi is refused.
   */
  public Future<String> bgapi(String command, Duration timeout) {
    String jobUuid = jobUuids.get();
    EslCommand.BgApi bgapi = new EslCommand.BgApi(command, jobUuid);
    byte[] bytes;
    try {
      bytes = EslCommandEncoder.encode(bgapi);
    } catch (EslProtocolException e) {
      return Future.failedFuture(e);
    }
    String description = "bgapi " + command;
    return onContext(() -> {
      InboundConnection c = link.connected();
      Future<String> result = c.awaitJob(jobUuid, description, timeout);
      c.send(bgapi, bytes).onComplete(ar -> {
        if (ar.failed()) {
          c.failJob(jobUuid, ar.cause());
        } else if (ar.result().isError()) {
          c.failJob(jobUuid, new EslApiException(description, String.valueOf(ar.result().replyText())));
        }
      });
      return result;
    });
  }

  /**
   * {@code sendevent <name>} with headers (in order) and an optional body; completes with the new
   * event's UUID from {@code +OK <uuid>} (fact 46), fails with {@link EslApiException} on {@code -ERR}.
   */
  public Future<String> sendEvent(String name, EslHeaders headers, String body) {
    return request(new EslCommand.SendEvent(name, headers, body)).compose(reply -> {
      String text = String.valueOf(reply.replyText());
      return text.startsWith("+OK")
          ? Future.succeededFuture(text.substring(3).strip())
          : Future.failedFuture(new EslApiException("sendevent " + name, text));
    });
  }

  /**
   * Any other command ({@code filter}, {@code nixevent}, {@code log}, {@code sendmsg <uuid>} ...): the
   * reply text ({@code +OK ...} or {@code -ERR ...}), or the body of an api response. {@code auth},
   * {@code connect}, {@code bgapi} and {@code exit} are refused: the client does those itself.
   */
  public Future<String> command(EslCommand command) {
    if (command instanceof EslCommand.Auth || command instanceof EslCommand.Connect
        || command instanceof EslCommand.BgApi || command instanceof EslCommand.Exit) {
      return Future.failedFuture(new IllegalArgumentException(command.getClass().getSimpleName()
          + " is sent by InboundClient itself (use start(), bgapi() or close())"));
    }
    return request(command).map(f -> f.kind() == FrameKind.API_RESPONSE ? f.bodyAsString() : f.replyText());
  }

  /** Encodes on the caller's thread (an injection attempt fails before anything is queued), sends on the context. */
  private Future<EslFrame> request(EslCommand command) {
    byte[] bytes;
    try {
      bytes = EslCommandEncoder.encode(command);
    } catch (EslProtocolException e) {
      return Future.failedFuture(e);
    }
    return onContext(() -> link.connected().send(command, bytes));
  }

  private <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return attempt(action);
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> attempt(action).onComplete(promise));
    return promise.future();
  }

  private static <T> Future<T> attempt(Supplier<Future<T>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
