package io.callpark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StallGuardTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final StallGuard guard = new StallGuard(nanos::get, Duration.ofSeconds(3), Duration.ofSeconds(30));

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aNodeTickingOnTimeIsTrusted() {
    for (int i = 0; i < 20; i++) {
      advance(Duration.ofMillis(750));
      guard.tick();
      assertThat(guard.trusted()).isTrue();
    }
    assertThat(guard.stallSeen()).isFalse();
  }

  @Test
  void aLateTickIsAStallAndDistrustLastsItsWindow() {
    advance(Duration.ofSeconds(8)); // SIGSTOP for 8 s
    guard.tick();
    assertThat(guard.trusted()).isFalse();
    for (int i = 0; i < 39; i++) { // 29.25 s of on-time ticks
      advance(Duration.ofMillis(750));
      guard.tick();
      assertThat(guard.trusted()).as("%d ms after waking", (i + 1) * 750).isFalse();
    }
    advance(Duration.ofMillis(750));
    guard.tick();
    assertThat(guard.trusted()).isTrue();
    assertThat(guard.stallSeen()).isTrue();
  }

  @Test
  void workThatRunsBeforeTheLateTickAlreadySeesTheStall() {
    advance(Duration.ofSeconds(8));
    assertThat(guard.trusted()).as("asked before the ticker woke").isFalse();
    guard.tick();
    advance(Duration.ofSeconds(31));
    guard.tick(); // a late tick itself, far apart from the last: counted as a new stall
    assertThat(guard.trusted()).isFalse();
  }

  @Test
  void aPauseShorterThanTheThresholdIsNotAStall() {
    advance(Duration.ofMillis(2_900));
    guard.tick();
    assertThat(guard.trusted()).isTrue();
  }

  @Test
  void theAlwaysTrustingGuardNeverDistrusts() {
    StallGuard never = StallGuard.never();
    assertThat(never.trusted()).isTrue();
  }

  @Test
  void aNonPositiveThresholdIsRefused() {
    assertThatThrownBy(() -> new StallGuard(nanos::get, Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
  }
}
