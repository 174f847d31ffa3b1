package io.callpark.esl.outbound;

/** Life of one outbound connection, as {@link OutboundCall} sees it. */
public enum CallState {
  /** Socket open; {@code connect}/{@code myevents}/{@code linger} not yet answered. */
  HANDSHAKE,
  /** Channel data received; the call can be driven. */
  ACTIVE,
  /** CHANNEL_HANGUP seen: the channel is gone, lingering events may still arrive. */
  HUNG_UP,
  /** The socket is closed; every pending future has failed or completed. */
  CLOSED
}
