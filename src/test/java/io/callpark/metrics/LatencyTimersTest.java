package io.callpark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.FlowTimer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Latency comes from the injected ticker: a flow that "took" 30 ms lands in the 50 ms bucket, not in 25 ms. */
class LatencyTimersTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final FlowTimer timer = new FlowTimer(nanos::get);
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  LatencyTimersTest() {
    LatencyTimers latency = new LatencyTimers(registry, List.of("default"));
    timer.listen(latency::took);
  }

  @Test
  void aParkIsRecordedInTheBucketItsTickerDurationFalls() {
    long start = timer.now();
    nanos.addAndGet(30_000_000L);
    timer.done(FlowTimer.Flow.PARK, "default", start);
    PrometheusText p = PrometheusText.parse(registry.scrape());
    assertThat(p.value("callpark_park_latency_seconds_bucket", "lot", "default", "le", "0.025")).isZero();
    assertThat(p.value("callpark_park_latency_seconds_bucket", "lot", "default", "le", "0.05")).isEqualTo(1);
    assertThat(p.value("callpark_park_latency_seconds_bucket", "lot", "default", "le", "+Inf")).isEqualTo(1);
    assertThat(p.value("callpark_park_latency_seconds_sum", "lot", "default")).isEqualTo(0.03);
    assertThat(p.value("callpark_retrieve_latency_seconds_count", "lot", "default")).isZero();
  }

  @Test
  void aRetrieveIsTimedSeparatelyFromParks() {
    long start = timer.now();
    nanos.addAndGet(2_000_000_000L);
    timer.done(FlowTimer.Flow.RETRIEVE, "default", start);
    PrometheusText p = PrometheusText.parse(registry.scrape());
    assertThat(p.value("callpark_retrieve_latency_seconds_bucket", "lot", "default", "le", "1.0")).isZero();
    assertThat(p.value("callpark_retrieve_latency_seconds_bucket", "lot", "default", "le", "2.5")).isEqualTo(1);
    assertThat(p.value("callpark_park_latency_seconds_count", "lot", "default")).isZero();
  }
}
