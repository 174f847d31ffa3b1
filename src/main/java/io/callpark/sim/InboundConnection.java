package io.callpark.sim;

import io.callpark.esl.codec.EslFrameWriter;
import io.vertx.core.net.NetSocket;

/**
 * A client connected to the box's inbound event socket (mod_event_socket listener_run): greeted with
 * {@code auth/request}, or — with {@link SimPolicy#rudeRejection} — with {@code text/rude-rejection} and a
 * close, as when the ACL refuses it. {@code myevents <uuid>} may later tie it to one channel.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class InboundConnection extends Listener {
  private FakeChannel myEventsChannel;

  InboundConnection(SimBox box, NetSocket socket) {
    super(box, socket);
  }

  @Override
  ConnectionInfo.Kind kind() {
    return ConnectionInfo.Kind.INBOUND;
  }

  @Override
  FakeChannel session() {
    return myEventsChannel;
  }

  void bindSession(FakeChannel channel) {
    this.myEventsChannel = channel;
  }

  @Override
  void start() {
    super.start();
    if (box.policy().rudeRejection()) {
      sendRaw(EslFrameWriter.rudeRejection());
      silenced = true;
      socket.closeGracefully();
      return;
    }
    sendRaw(EslFrameWriter.authRequest());
  }
}
