package io.callpark.esl.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static List<Long> delays(Backoff b, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b.next().toMillis());
    }
    return out;
  }

  private static Backoff backoff(DoubleSupplier random) {
    return new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), random);
  }

  @Test
  void delaysDoubleFromTheInitialDelayAndStopAtTheCap() {
    assertThat(delays(backoff(() -> 1.0), 7)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
  }

  @Test
  void jitterKeepsEachDelayBetweenHalfAndAllOfItsBase() {
    assertThat(delays(backoff(() -> 0.0), 6)).containsExactly(50L, 100L, 200L, 400L, 500L, 500L);
    assertThat(delays(backoff(() -> 0.5), 5)).containsExactly(75L, 150L, 300L, 600L, 750L);
  }

  @Test
  void resetAfterAConnectionStartsOverFromTheInitialDelay() {
    Backoff b = backoff(() -> 1.0);
    delays(b, 5);

    b.reset();

    assertThat(delays(b, 2)).containsExactly(100L, 200L);
  }

  @Test
  void thousandsOfFailuresNeverOverflowPastTheCap() {
    assertThat(delays(backoff(() -> 1.0), 5000)).allSatisfy(d -> assertThat(d).isBetween(100L, 1000L));
    assertThat(backoff(() -> 1.0).max()).isEqualTo(Duration.ofSeconds(1));
  }
}
