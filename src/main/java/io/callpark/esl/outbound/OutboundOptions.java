package io.callpark.esl.outbound;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of the outbound event-socket listener (the address FreeSWITCH's {@code socket} application
 * dials).
 *
 * @param host address to bind; 127.0.0.1 unless the boxes are elsewhere
 * @param port TCP port; 8084 by default, 0 for an ephemeral port (tests)
 * @param allowedPeers remote addresses allowed to connect (FreeSWITCH boxes); empty means any
 * @param commandTimeout how long a command may wait for its reply before the connection is declared broken
 * @param maxQueuedEvents events buffered for a paused handler before the socket stops reading
 */
public record OutboundOptions(String host, int port, Set<String> allowedPeers, Duration commandTimeout,
    int maxQueuedEvents) {

  public static final OutboundOptions DEFAULT =
      new OutboundOptions("127.0.0.1", 8084, Set.of(), Duration.ofSeconds(10), 256);

  public OutboundOptions {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("outbound.host must be an address, got '" + host + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("outbound.port must be 0..65535, got " + port);
    }
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("outbound.commandTimeout must be positive, got " + commandTimeout);
    }
    if (maxQueuedEvents < 1) {
      throw new IllegalArgumentException("outbound.maxQueuedEvents must be at least 1, got " + maxQueuedEvents);
    }
    allowedPeers = Set.copyOf(allowedPeers);
  }

  public OutboundOptions withPort(int newPort) {
    return new OutboundOptions(host, newPort, allowedPeers, commandTimeout, maxQueuedEvents);
  }

  public OutboundOptions withHost(String newHost) {
    return new OutboundOptions(newHost, port, allowedPeers, commandTimeout, maxQueuedEvents);
  }

  public OutboundOptions withAllowedPeers(Set<String> peers) {
    return new OutboundOptions(host, port, peers, commandTimeout, maxQueuedEvents);
  }
}
