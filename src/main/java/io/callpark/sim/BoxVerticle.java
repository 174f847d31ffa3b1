package io.callpark.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * Deploys a box: the verticle's context becomes the box's context (every socket, timer and handler of the
 * box is created from it), then the inbound event socket starts listening.
 *
 * <p>Vert.x calls start/stop on the verticle's context.
 */
final class BoxVerticle extends VerticleBase {
  private final SimConfig config;
  private final SimPolicy policy;
  SimBox box;
  Heartbeat heartbeat;
  int port;

  BoxVerticle(SimConfig config, SimPolicy policy) {
    this.config = config;
    this.policy = policy;
  }

  @Override
  public Future<?> start() {
    NetClientOptions clientOptions = new NetClientOptions()
        .setConnectTimeout((int) Math.max(1, config.outboundConnectTimeout.toMillis()))
        .setTcpNoDelay(true);
    if (config.outboundSourceAddress != null) {
      clientOptions.setLocalAddress(config.outboundSourceAddress);
    }
    box = new SimBox(vertx, context, config, policy, vertx.createNetClient(clientOptions));
    heartbeat = new Heartbeat(box);
    return listen(config.port).onSuccess(s -> {
      port = s.actualPort();
      heartbeat.start(config.heartbeatInterval);
    });
  }

  /** (Re)binds the inbound event socket; new connections become {@link InboundConnection}s. */
  Future<NetServer> listen(int p) {
    NetServer server = vertx.createNetServer(new NetServerOptions().setHost(config.host).setPort(p).setTcpNoDelay(true));
    server.connectHandler(ns -> {
      InboundConnection c = new InboundConnection(box, ns);
      box.addListener(c);
      c.start();
    });
    box.server(server);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    heartbeat.stop();
    for (Listener l : box.listeners()) {
      l.abort();
    }
    Future<Void> s = box.server() == null ? Future.succeededFuture() : box.server().close();
    return Future.join(s, box.netClient().close());
  }
}
