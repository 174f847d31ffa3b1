package io.callpark.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.ParkEvent;
import io.callpark.parking.ParkEvent.Type;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventCountersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final EventCounters counters = new EventCounters(registry, List.of("default", "sales"));

  private void publish(Type type, String lot) {
    counters.onEvent(new ParkEvent(type, lot, "6001", "uuid-1", null, "Alice", null, 0));
  }

  private double count(String name, String lot) {
    return registry.get(name).tag("lot", lot).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  @Test
  void everyConfiguredLotStartsAtZeroSoDashboardsSeeIt() {
    assertThat(registry.get(EventCounters.TIMEOUTS).tag("lot", "sales").counter().count()).isZero();
    assertThat(registry.get(EventCounters.RETRIEVES).tag("lot", "sales").counters()).hasSize(3);
  }

  @Test
  void timeoutsAndEscalationsAreCountedPerLotAndNothingElseMoves() {
    publish(Type.TIMEOUT, "sales");
    publish(Type.ESCALATED, "sales");
    publish(Type.ESCALATED, "sales");
    publish(Type.REMIND, "sales");
    publish(Type.RESERVED, "sales");
    assertThat(count(EventCounters.TIMEOUTS, "sales")).isEqualTo(1);
    assertThat(count(EventCounters.ESCALATIONS, "sales")).isEqualTo(2);
    assertThat(count(EventCounters.TIMEOUTS, "default")).isZero();
    assertThat(count(EventCounters.PARKS, "sales")).isZero();
    assertThat(count(EventCounters.RECALLS, "sales")).isZero();
  }

  @Test
  void retrievesAreToldApartByWhoPickedUp() {
    publish(Type.RETRIEVED, "default");
    publish(Type.RECALL_ANSWERED, "default");
    publish(Type.RECALL_ANSWERED, "default");
    publish(Type.RING_ANSWERED, "default");
    assertThat(registry.get(EventCounters.RETRIEVES).tags("lot", "default", "how", "slot").counter().count()).isEqualTo(1);
    assertThat(registry.get(EventCounters.RETRIEVES).tags("lot", "default", "how", "recall").counter().count())
        .isEqualTo(2);
    assertThat(registry.get(EventCounters.RETRIEVES).tags("lot", "default", "how", "ring").counter().count())
        .isEqualTo(1);
    assertThat(count(EventCounters.RETRIEVES, "default")).isEqualTo(4);
  }

  @Test
  void recallsRefusalsAndAbandonsEachHaveTheirCounter() {
    publish(Type.RECALL_RINGING, "default");
    publish(Type.REFUSED, "default");
    publish(Type.ABANDONED, "default");
    publish(Type.PARKED, "default");
    assertThat(count(EventCounters.RECALLS, "default")).isEqualTo(1);
    assertThat(count(EventCounters.REFUSALS, "default")).isEqualTo(1);
    assertThat(count(EventCounters.ABANDONS, "default")).isEqualTo(1);
    assertThat(count(EventCounters.PARKS, "default")).isEqualTo(1);
  }
}
