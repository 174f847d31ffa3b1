package io.callpark.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for callpark's outbound server: a NetServer on an ephemeral port whose accepted connections
 * (FreeSWITCH dialling {@code socket 127.0.0.1:<port> async full}) become {@link EslTestClient}s.
 *
 * <p>Thread-safe.
 */
final class TestController implements AutoCloseable {
  private final NetServer server;
  private final LinkedBlockingQueue<EslTestClient> sessions = new LinkedBlockingQueue<>();

  TestController(Vertx vertx) {
    server = vertx.createNetServer();
    server.connectHandler(ns -> sessions.add(EslTestClient.wrap(ns)));
    EslTestClient.await(server.listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  /** The next connection the box opened. */
  EslTestClient accept() {
    try {
      EslTestClient c = sessions.poll(EslTestClient.WAIT_MS, TimeUnit.MILLISECONDS);
      assertThat(c).as("FreeSWITCH connected to the controller").isNotNull();
      return c;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  boolean hasPending() {
    return !sessions.isEmpty();
  }

  @Override
  public void close() {
    EslTestClient.await(server.close());
  }
}
