package io.callpark.esl.outbound;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address FreeSWITCH's {@code socket <host:port> async full} dials: one {@link OutboundCall} per
 * connection, handed to the call handler once its handshake ({@code connect}, {@code myevents},
 * {@code linger}) is done.
 *
 * <p>Connections from an address outside {@link OutboundOptions#allowedPeers()} (when set) are closed
 * at once and logged: only FreeSWITCH boxes may hand us calls.
 *
 * <p>Thread-safe: {@link #start()} and {@link #stop()} may be called from any thread; each call runs on
 * the event loop Vert.x gives its connection.
 */
public final class OutboundServer {
  private static final Logger log = LoggerFactory.getLogger(OutboundServer.class);

  private final Vertx vertx;
  private final OutboundOptions options;
  private final Handler<OutboundCall> callHandler;
  private final LongSupplier ticker;
  private final AtomicInteger open = new AtomicInteger();
  private volatile NetServer server;
  private volatile boolean listening;

  public OutboundServer(Vertx vertx, OutboundOptions options, Handler<OutboundCall> callHandler) {
    this(vertx, options, callHandler, System::nanoTime);
  }

  /**
   * @param ticker nanosecond clock each connection is stamped with ({@link OutboundCall#acceptedAtNanos()}),
   *     shared with whoever measures how long the call's flow took
   */
  public OutboundServer(Vertx vertx, OutboundOptions options, Handler<OutboundCall> callHandler, LongSupplier ticker) {
    this.vertx = vertx;
    this.options = options;
    this.callHandler = callHandler;
    this.ticker = ticker;
  }

  /** Listens; completes with the bound port (useful with port 0). */
  public Future<Integer> start() {
    NetServer s = vertx.createNetServer(new NetServerOptions()
        .setHost(options.host()).setPort(options.port()).setTcpNoDelay(true));
    s.connectHandler(this::onConnect);
    return s.listen().map(bound -> {
      server = bound;
      listening = true;
      log.info("outbound event socket listening on {}:{}", options.host(), bound.actualPort());
      return bound.actualPort();
    });
  }

  public Future<Void> stop() {
    listening = false;
    NetServer s = server;
    return s == null ? Future.succeededFuture() : s.close();
  }

  /** True from a successful {@link #start()} until {@link #stop()}: FreeSWITCH can hand us calls. */
  public boolean isListening() {
    return listening;
  }

  public int port() {
    NetServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  /** Connections currently open. */
  public int openConnections() {
    return open.get();
  }

  private void onConnect(NetSocket socket) {
    String peer = socket.remoteAddress().hostAddress();
    if (!options.allowedPeers().isEmpty() && !options.allowedPeers().contains(peer)) {
      log.warn("refused outbound connection from {}: not in the allowed FreeSWITCH boxes {}", peer,
          options.allowedPeers());
      socket.close();
      return;
    }
    long accepted = ticker.getAsLong();
    open.incrementAndGet();
    Context context = vertx.getOrCreateContext();
    OutboundCall call = new OutboundCall(vertx, context, socket, options, accepted);
    call.closeHandler(reason -> open.decrementAndGet());
    call.handshake().onComplete(ar -> {
      if (ar.succeeded()) {
        try {
          callHandler.handle(call);
        } catch (RuntimeException e) {
          log.error("call handler failed for {}", call.uuid(), e);
        }
      } else {
        log.warn("outbound handshake with {} failed: {}", peer, ar.cause().getMessage());
        socket.close();
      }
    });
  }
}
