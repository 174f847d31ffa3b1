package io.callpark.esl.inbound;

/**
 * Where an {@link InboundClient}'s link to its FreeSWITCH box stands. Transitions are reported to
 * {@link InboundClient#connectionStateHandler} as {@link ConnectionStateChange}s.
 *
 * <pre>
 *   CONNECTING ──auth + subscribe ok──▶ CONNECTED
 *       │  ▲                                │
 *       │  └──────── backoff timer ─────────┤ connection lost / protocol error / timeout
 *       ▼                                   ▼
 *   AUTH_FAILED (retries at max backoff)  DISCONNECTED (retries with growing backoff)
 *
 *   any state ──close()──▶ CLOSED (final)
 * </pre>
 */
public enum ConnectionState {
  /** TCP connect, {@code auth/request}, {@code auth}, {@code event ...} and filters in progress. */
  CONNECTING,
  /** Authenticated and subscribed: commands are accepted. */
  CONNECTED,
  /** The last attempt failed or the connection was lost; a reconnect is scheduled. */
  DISCONNECTED,
  /**
   * FreeSWITCH refused us: wrong password ({@code -ERR invalid}) or its ACL ({@code text/rude-rejection}).
   * Retried at the maximum backoff, since it only heals when someone fixes the configuration.
   */
  AUTH_FAILED,
  /** {@link InboundClient#close()} was called; nothing is retried any more. */
  CLOSED
}
