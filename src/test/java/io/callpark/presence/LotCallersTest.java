package io.callpark.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.SlotRecord;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LotCallersTest {
  private final LotCallers callers = new LotCallers();
  private final Map<String, Long> lastChange = new HashMap<>();

  private static SlotRecord parked(String slot) {
    return SlotRecord.parked("main", slot, "uuid-" + slot, "fs1", "Alice", "1001", "2001", "node-a", 0, 60_000);
  }

  private static SlotRecord reserved(String slot) {
    return SlotRecord.reserved("main", slot, "res-" + slot, "uuid-" + slot, "fs1", "2001", "node-a", 0, 5_000);
  }

  private long last(String key) {
    return lastChange.getOrDefault(key, 0L);
  }

  @Test
  void aLotIsUnknownUntilAFullReadIsLearned() {
    callers.changed("main", "701", true);
    assertThat(callers.count("main")).isEqualTo(-1);
    callers.learn("main", List.of(parked("701"), parked("702")), 0, this::last);
    assertThat(callers.count("main")).isEqualTo(2);
  }

  @Test
  void changesAfterTheReadMoveTheCountAndASlotSeenTwiceCountsOnce() {
    callers.learn("main", List.of(parked("701")), 0, this::last);
    callers.changed("main", "702", true);
    callers.changed("main", "702", true);
    callers.changed("main", "701", false);
    assertThat(callers.count("main")).isEqualTo(1);
  }

  @Test
  void aSlotChangedWhileTheReadWasInFlightKeepsTheFeedsNewerView() {
    // Read began at change 5; slot 701 left (change 6) and 702 arrived (change 7) before the read answered.
    callers.changed("main", "701", false);
    lastChange.put(SlotRecord.key("main", "701"), 6L);
    callers.changed("main", "702", true);
    lastChange.put(SlotRecord.key("main", "702"), 7L);
    callers.learn("main", List.of(parked("701"), parked("703")), 5, this::last);
    assertThat(callers.count("main")).isEqualTo(2); // 702 (feed) and 703 (read); 701 left per the feed
  }

  @Test
  void aReadReplacesWhatTheFeedMissed() {
    callers.learn("main", List.of(), 0, this::last);
    callers.changed("main", "701", true);
    // A change to 702 was lost (not seen); the next reconcile's read brings it and drops nothing seen later.
    callers.learn("main", List.of(parked("701"), parked("702")), 1, this::last);
    assertThat(callers.count("main")).isEqualTo(2);
  }

  @Test
  void aReservedSlotHoldsNoCaller() {
    callers.learn("main", List.of(reserved("701"), parked("702")), 0, this::last);
    assertThat(callers.count("main")).isEqualTo(1);
  }

  @Test
  void clearingForgetsEveryLot() {
    callers.learn("main", List.of(parked("701")), 0, this::last);
    callers.clear();
    assertThat(callers.count("main")).isEqualTo(-1);
  }
}
