package io.callpark.metrics;

import io.callpark.esl.inbound.ConnectionState;
import io.callpark.esl.link.InboundLink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The inbound event-socket links to the FreeSWITCH boxes, per box:
 * <ul>
 *   <li>{@code callpark_esl_inbound_connections{box}}: 1 while the link is connected (authenticated and
 *       subscribed), else 0. Per node: each node has its own link to each box.</li>
 *   <li>{@code callpark_esl_reconnects_total{box}}: links that came back after being lost (a CONNECTED
 *       that follows an earlier CONNECTED; the first connection is not a reconnect).</li>
 * </ul>
 * Thread-safe; the state handler runs on each client's context.
 */
final class LinkMeters {
  static final String CONNECTIONS = "callpark.esl.inbound.connections";
  static final String RECONNECTS = "callpark.esl.reconnects";

  private LinkMeters() {}

  static void bind(MeterRegistry registry, List<InboundLink> links) {
    for (InboundLink link : links) {
      Gauge.builder(CONNECTIONS, link, l -> l.isConnected() ? 1 : 0).tag("box", link.boxId())
          .description("1 while this node's inbound event socket to the box is connected").register(registry);
      Counter reconnects = Counter.builder(RECONNECTS).tag("box", link.boxId())
          .description("inbound event socket connections re-established after a loss").register(registry);
      AtomicBoolean wasConnected = new AtomicBoolean(link.isConnected());
      link.client().connectionStateHandler(change -> {
        if (change.state() == ConnectionState.CONNECTED && wasConnected.getAndSet(true)) {
          reconnects.increment();
        }
      });
    }
  }
}
