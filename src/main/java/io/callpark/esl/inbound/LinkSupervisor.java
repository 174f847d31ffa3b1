package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslCommandEncoder;
import io.callpark.esl.codec.EslEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one {@link InboundClient}'s link alive: connects, lets an {@link InboundConnection} authenticate
 * and subscribe, reports every {@link ConnectionState} change, and after any failure schedules the next
 * attempt — {@link Backoff#next()} after a lost or failed connection, {@link Backoff#max()} after a
 * refusal (a wrong password only heals when someone fixes the configuration). {@link #close()} stops it
 * for good, saying {@code exit} first when connected.
 *
 * <p>Not thread-safe: confined to the client's context, except {@link #state()} (volatile).
 */
final class LinkSupervisor implements InboundConnection.Listener {
  private static final Logger log = LoggerFactory.getLogger(InboundClient.class);

  private final Vertx vertx;
  private final InboundOptions options;
  private final Backoff backoff;
  private final ClientListeners listeners;
  private final String where;
  private final NetClient netClient;
  private final Promise<Void> started = Promise.promise();
  private final Promise<Void> closed = Promise.promise();
  private volatile ConnectionState state = ConnectionState.DISCONNECTED;
  private InboundConnection connection;
  private long reconnectTimer = -1;
  private boolean startRequested;
  private boolean closing;

  LinkSupervisor(Vertx vertx, InboundOptions options, Backoff backoff, ClientListeners listeners) {
    this.vertx = vertx;
    this.options = options;
    this.backoff = backoff;
    this.listeners = listeners;
    this.where = "box " + options.boxId() + " at " + options.address();
    this.netClient = vertx.createNetClient(new NetClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
        .setTcpNoDelay(true)
        .setTcpKeepAlive(true));
  }

  ConnectionState state() {
    return state;
  }

  /** The outcome of the first attempt (see {@link InboundClient#start()}). */
  Future<Void> started() {
    return started.future();
  }

  Future<Void> closed() {
    return closed.future();
  }

  void start() {
    if (!startRequested && !closing) {
      startRequested = true;
      connect();
    }
  }

  /** The connection, if commands may be sent now; else an {@link EslConnectionException} (fail fast). */
  InboundConnection connected() {
    InboundConnection c = connection;
    if (c == null || !c.isReady() || closing) {
      throw new EslConnectionException(where + " is not connected (" + state + "); commands fail fast, not queued");
    }
    return c;
  }

  void close() {
    if (closing) {
      return;
    }
    closing = true;
    vertx.cancelTimer(reconnectTimer);
    InboundConnection c = connection;
    EslConnectionException why = new EslConnectionException("client for " + where + " closed");
    Future<Void> done;
    if (c == null) {
      done = Future.succeededFuture();
    } else if (c.isReady()) {
      EslCommand exit = new EslCommand.Exit();
      done = c.send(exit, EslCommandEncoder.encode(exit)).transform(ar -> c.close(why));
    } else {
      done = c.close(why);
    }
    done.eventually(netClient::close).onComplete(ar -> {
      started.tryFail(new EslConnectionException("client for " + where + " closed before it connected"));
      setState(ConnectionState.CLOSED, null, null);
      log.info("{}: closed", where);
      closed.tryComplete();
    });
  }

  @Override
  public void onEvent(EslEvent event) {
    listeners.event(event);
  }

  @Override
  public void onClosed(InboundConnection closedConnection, Throwable cause) {
    if (connection == closedConnection) {
      connection = null;
      onAttemptFailed(cause);
    }
  }

  private void connect() {
    reconnectTimer = -1;
    if (closing) {
      return;
    }
    setState(ConnectionState.CONNECTING, null, null);
    netClient.connect(options.port(), options.host()).onComplete(ar -> {
      if (ar.failed()) {
        onAttemptFailed(new EslConnectionException("cannot connect to " + where + ": " + ar.cause().getMessage(),
            ar.cause()));
      } else if (closing) {
        ar.result().close();
      } else {
        InboundConnection c = new InboundConnection(vertx, ar.result(), options, this);
        connection = c;
        c.handshake().onSuccess(v -> onConnected(c));
      }
    });
  }

  private void onConnected(InboundConnection c) {
    if (connection == c && !closing) {
      backoff.reset();
      log.info("{}: connected and subscribed", where);
      setState(ConnectionState.CONNECTED, null, null);
      started.tryComplete();
    }
  }

  private void onAttemptFailed(Throwable cause) {
    if (closing) {
      return;
    }
    boolean refused = cause instanceof EslAuthException;
    Duration delay = refused ? backoff.max() : backoff.next();
    if (refused) {
      log.error("{}; check the event_socket password/ACL for box {}; retrying in {} ms",
          cause.getMessage(), options.boxId(), delay.toMillis());
    } else {
      log.warn("{}; reconnecting to box {} in {} ms", cause.getMessage(), options.boxId(), delay.toMillis());
    }
    started.tryFail(cause);
    setState(refused ? ConnectionState.AUTH_FAILED : ConnectionState.DISCONNECTED, cause, delay);
    if (!closing) {
      reconnectTimer = vertx.setTimer(delay.toMillis(), id -> connect());
    }
  }

  private void setState(ConnectionState newState, Throwable cause, Duration retryIn) {
    state = newState;
    listeners.stateChanged(new ConnectionStateChange(options.boxId(), newState, cause, retryIn));
  }
}
