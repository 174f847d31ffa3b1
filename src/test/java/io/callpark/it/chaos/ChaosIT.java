package io.callpark.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The chaos run in the normal suite (issue 9, docs/chaos.md): 25 s of calls while nodes are killed and
 * restarted, box connections dropped and replies delayed, then every invariant must hold. The long run
 * is the same test with {@code -Pchaos} ({@code -Dchaos.seconds}, {@code -Dchaos.seed}). Node logs:
 * target/it-logs/ChaosIT-n*.log; summary: target/chaos/.
 */
class ChaosIT {
  @Test
  void underKillsDropsAndDelaysNoSlotHoldsTwoCallsNoCallIsLostLampsComeRightAndTimersFireOnce() throws Exception {
    ChaosSummary summary = new ChaosRun(ChaosSettings.fromSystemProperties(25), "ChaosIT").run();

    assertThat(summary.placed()).as("calls placed").isGreaterThan(0);
    assertThat(summary.faults().get(FaultDriver.Fault.KILL_NODE)).as("nodes killed").isGreaterThan(0);
    assertThat(summary.faults().values().stream().mapToInt(Integer::intValue).sum()).as("faults injected").isGreaterThan(3);
    assertThat(summary.passed()).as(summary.format()).isTrue();
  }
}
