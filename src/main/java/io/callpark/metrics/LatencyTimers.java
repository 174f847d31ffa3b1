package io.callpark.metrics;

import io.callpark.parking.FlowTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Park and retrieve latency on the controller's side, as Prometheus histograms (a {@link FlowTimer}
 * listener; see it for where each measurement starts and ends):
 * {@code callpark_park_latency_seconds{lot}} and {@code callpark_retrieve_latency_seconds{lot}}, with
 * {@code _bucket{le}}, {@code _count}, {@code _sum} and {@code _max}. Buckets are fixed ({@link #BUCKETS}),
 * so {@code histogram_quantile} works across nodes. Thread-safe.
 */
final class LatencyTimers {
  static final String PARK = "callpark.park.latency";
  static final String RETRIEVE = "callpark.retrieve.latency";

  /** Bucket bounds: a park is a handful of round trips on a LAN (ms), a slow store or box shows as seconds. */
  static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry;

  LatencyTimers(MeterRegistry registry, Collection<String> lots) {
    this.registry = registry;
    lots.forEach(l -> {
      timer(PARK, l);
      timer(RETRIEVE, l);
    });
  }

  void took(FlowTimer.Flow flow, String lot, long nanos) {
    timer(flow == FlowTimer.Flow.PARK ? PARK : RETRIEVE, lot).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(String name, String lot) {
    return Timer.builder(name).tag("lot", lot)
        .description(name.equals(PARK) ? "socket connect to music on hold sent, per park"
            : "retriever's socket connect to the two calls bridged, per retrieval")
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
