package io.callpark.metrics;

import io.callpark.cluster.ClusterMembership;
import io.callpark.node.CallparkNode;
import io.callpark.parking.ParkingContext;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's metrics in a Prometheus registry, every meter tagged {@code node=<node id>}: park event
 * counters ({@link EventCounters}), parked calls per lot ({@link ParkedGauges}), park and retrieve latency
 * ({@link LatencyTimers}), the box links ({@link LinkMeters}), {@code callpark_cluster_members} (live
 * nodes as this node sees them), {@code callpark_esl_outbound_connections} (sockets FreeSWITCH has open to
 * this node), and the JVM's own. docs/operations.md lists them with their PromQL.
 *
 * <p>{@link #bind} before {@link CallparkNode#start()}, so nothing is missed. Thread-safe.
 */
public final class CallparkMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallparkMetrics.class);
  static final String MEMBERS = "callpark.cluster.members";
  static final String OUTBOUND = "callpark.esl.outbound.connections";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CallparkNode node;
  private final ParkedGauges parked;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private CallparkMetrics(CallparkNode node) {
    this.node = node;
    ParkingContext ctx = node.parking().context();
    Set<String> lots = node.config().lots().keySet();
    registry.config().commonTags("node", ctx.nodeId());
    EventCounters counters = new EventCounters(registry, lots);
    ctx.events().listen(counters::onEvent);
    LatencyTimers latency = new LatencyTimers(registry, lots);
    ctx.timer().listen(latency::took);
    parked = new ParkedGauges(registry, ctx.nodeId(), lots);
    LinkMeters.bind(registry, node.links());
    ClusterMembership membership = node.membership();
    Gauge.builder(MEMBERS, membership, CallparkMetrics::members)
        .description("callpark nodes in the cluster, as this node sees them").register(registry);
    Gauge.builder(OUTBOUND, node, CallparkNode::outboundConnections)
        .description("outbound event sockets FreeSWITCH has open to this node (parked and arriving calls)")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    gc.bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Metrics of {@code node}: listens to its events, flow timer and box links from now on. */
  public static CallparkMetrics bind(CallparkNode node) {
    return new CallparkMetrics(node);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The Prometheus text exposition (format 0.0.4), with the parked-call gauges read from the store just
   * before. Completes on the caller's context; a store that cannot be read gives NaN gauges, not a failure.
   */
  public Future<String> scrape() {
    return node.parking().context().store().all()
        .onSuccess(parked::update)
        .onFailure(e -> {
          log.warn("metrics: slot store not readable: {}", e.toString());
          parked.unknown();
        })
        .transform(ar -> Future.succeededFuture(registry.scrape()));
  }

  private static double members(ClusterMembership m) {
    try {
      return m.liveNodes().size();
    } catch (RuntimeException e) { // Hazelcast shut down under us
      return Double.NaN;
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
