package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.ParkEvent.Type;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Records naming channels the box no longer has are removed, carefully (docs/cluster.md, "Split brain"). */
class GhostReaperTest {
  private static final String GONE = "0b0b0b0b-dead-4bad-8bad-000000000001";
  private ParkingHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new ParkingHarness(l -> l);
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private SlotRecord ghost(String slot) throws Exception {
    SlotRecord r = SlotRecord.parked("default", slot, GONE, "fs1", "Mallory", "+15559999", "1001", "node1",
        h.clock.millis(), h.clock.millis() + 60_000);
    assertThat(ParkingHarness.get(h.store.putIfAbsent(r))).isEmpty();
    return r;
  }

  private int round() throws Exception {
    return ParkingHarness.get(h.node.ghosts().round());
  }

  @Test
  void aRecordWhoseChannelIsGoneIsRemovedOnTheSecondRoundThatFindsItMissing() throws Exception {
    ghost("6005");
    assertThat(round()).as("one miss is not enough").isZero();
    assertThat(h.slot("6005")).isPresent();
    assertThat(round()).isEqualTo(1);
    assertThat(h.slot("6005")).isEmpty();
    await().until(() -> h.events.stream().anyMatch(e -> e.type() == Type.ABANDONED && "6005".equals(e.slot())));
    assertThat(h.apiCommands()).contains("uuid_exists " + GONE);
  }

  @Test
  void aLiveParkedCallIsNeverRemoved() throws Exception {
    String alice = h.transferred("5900", "Alice", "+15550001", "1001");
    await().until(() -> h.slot("6001").isPresent());
    for (int i = 0; i < 3; i++) {
      assertThat(round()).isZero();
    }
    assertThat(h.slot("6001").orElseThrow().callUuid()).isEqualTo(alice);
  }

  @Test
  void aRecordThatChangedBetweenTheTwoRoundsIsLeftForLater() throws Exception {
    SlotRecord r = ghost("6005");
    assertThat(round()).isZero();
    ParkingHarness.get(h.store.replace(r, r.withOwner("node1")));
    assertThat(round()).as("a new version starts the count again").isZero();
    assertThat(h.slot("6005")).isPresent();
    assertThat(round()).isEqualTo(1);
  }

  @Test
  void withTheBoxUnreachableNothingIsRemovedOnAGuess() throws Exception {
    SlotRecord r = ghost("6005");
    ParkingHarness.get(h.store.replace(r, new SlotRecord(r.lot(), r.slot(), r.state(), r.callUuid(), "fs-unknown",
        r.callerIdName(), r.callerIdNumber(), r.parker(), r.reservation(), r.ownerNode(), r.parkedAtMillis(),
        r.deadlineMillis(), r.step(), r.attempt(), r.version() + 1)));
    assertThat(round()).isZero();
    assertThat(round()).isZero();
    assertThat(h.slot("6005")).isPresent();
  }
}
