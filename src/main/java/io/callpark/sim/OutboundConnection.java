package io.callpark.sim;

import io.callpark.esl.codec.EslFrameWriter;
import io.vertx.core.net.NetSocket;

/**
 * The connection the {@code socket} application opened to a controller for one channel
 * ({@code socket host:port async full}): already authenticated, answers {@code connect} with the channel
 * data, and keeps following the channel after the socket application returned (transfer, fact 52) until
 * hangup. When the controller goes away, the {@link SocketApp} decides what happens to the call.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class OutboundConnection extends Listener {
  final FakeChannel channel;
  final SocketApp app;
  boolean connected;
  boolean linger;
  boolean resume;
  boolean diverted;
  private boolean noticeSent;

  OutboundConnection(SimBox box, NetSocket socket, FakeChannel channel, SocketApp app) {
    super(box, socket);
    this.channel = channel;
    this.app = app;
    this.authed = true;
  }

  @Override
  ConnectionInfo.Kind kind() {
    return ConnectionInfo.Kind.OUTBOUND;
  }

  @Override
  FakeChannel session() {
    return channel;
  }

  /** {@code connect}: the channel data as the header block of a command/reply (fact 10, 48). */
  void connect() {
    connected = true;
    sendRaw(EslFrameWriter.connectReply(box.events().channelData(channel)));
  }

  /**
   * The channel is down. With linger: the linger notice (fact 53), events keep flowing until
   * CHANNEL_HANGUP_COMPLETE ({@link #hangupComplete}). Without: the goodbye disconnect notice and close
   * (outbound_event_lock_true ends so).
   */
  void hangupNotice() {
    if (!isOpen() || silenced || noticeSent) {
      return;
    }
    noticeSent = true;
    if (linger) {
      sendRaw(EslFrameWriter.lingerNotice(channel.uuid, channel.name));
    } else {
      goodbye();
    }
  }

  /**
   * CHANNEL_HANGUP_COMPLETE went out: the listener lets go of the session, so nothing after it (CHANNEL_DESTROY)
   * reaches the controller, and the socket closes.
   */
  void hangupComplete() {
    if (!isOpen() || silenced) {
      return;
    }
    silenced = true;
    long delay = box.config().lingerCloseDelay.toMillis();
    if (delay <= 0) {
      socket.closeGracefully();
    } else {
      box.vertx().setTimer(delay, id -> socket.closeGracefully());
    }
  }

  @Override
  protected void onClosed() {
    app.controllerGone(this);
  }
}
