package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.ParkEvent.Type;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Park and retrieve on one node against FakeFreeSwitch at the wire level (docs/parking.md). */
class ParkingOnOneNodeTest {
  private ParkingHarness h;

  private ParkingHarness start(UnaryOperator<Lot> lot) throws Exception {
    h = new ParkingHarness(lot);
    return h;
  }

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void aDirectCallIsParkedInTheFirstFreeSlotHearsItAnnouncedThenMusic() throws Exception {
    start(l -> l);
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    SlotRecord r = h.slot("6001").orElseThrow();
    assertThat(r.callUuid()).isEqualTo(alice);
    assertThat(r.state()).isEqualTo(SlotState.PARKED);
    assertThat(r.callerIdName()).isEqualTo("Alice");
    assertThat(r.parker()).isEqualTo("1000");
    await().until(() -> h.executed(alice).contains("playback local_stream://moh"));
    assertThat(h.executed(alice)).containsSubsequence("answer",
        "multiset ^^|callpark_lot=default|callpark_slot=6001|valet_lot_extension=6001|callpark_node=node1",
        "say en number iterated 6001", "playback local_stream://moh");
    await().until(() -> "6001".equals(h.fs.channel(alice).orElseThrow().variable("valet_lot_extension")));
    assertThat(h.eventTypes()).contains(Type.PARKED);
  }

  @Test
  void aBlindTransferredCallIsParkedSilentlyAndItsParkerGetsAMessage() throws Exception {
    start(l -> l);
    String caller = h.transferred("5900", "Bob", "+15551234", "1001");
    await().until(() -> h.executed(caller).contains("playback local_stream://moh"));
    assertThat(h.executed(caller)).noneMatch(app -> app.startsWith("say"));
    assertThat(h.slot("6001").orElseThrow().parker()).isEqualTo("1001");
    await().until(() -> !h.fs.chats().isEmpty());
    assertThat(h.fs.chats().get(0).toString()).contains("1001").contains("6001");
  }

  @Test
  void parkingIntoATakenSlotNeverBridgesTheTwoCallers() throws Exception {
    start(l -> l);
    String first = h.call("sock", "Carol", "1002", "callpark_request", "default park 6005");
    await().until(() -> h.slot("6005").isPresent());
    String second = h.call("sock", "Dave", "1003", "callpark_request", "default park 6005");
    await().until(() -> h.eventTypes().contains(Type.REFUSED));
    assertThat(h.slot("6005").orElseThrow().callUuid()).isEqualTo(first);
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_bridge"));
    await().until(() -> h.executed(second).contains("playback " + Lot.DEFAULT_OCCUPIED_PROMPT));
    assertThat(h.records()).hasSize(1);
  }

  @Test
  void underNextFreeATakenSlotMovesTheNewcomerToTheNextFreeOne() throws Exception {
    start(l -> l.with(Lot.OccupiedPolicy.NEXT_FREE));
    h.call("sock", "Carol", "1002", "callpark_request", "default park 6005");
    await().until(() -> h.slot("6005").isPresent());
    String dave = h.call("sock", "Dave", "1003", "callpark_request", "default park 6005");
    await().until(() -> h.slot("6006").isPresent());
    assertThat(h.slot("6006").orElseThrow().callUuid()).isEqualTo(dave);
    await().until(() -> h.executed(dave).contains("say en number iterated 6006"));
  }

  @Test
  void aFullLotPlaysItsPromptAndParksNobody() throws Exception {
    start(l -> new Lot(l.name(), SlotRange.of(6001, 6002), l.allocation(), l.parkingTime(), l.recallTime(),
        l.holdMusic(), l.announce(), l.occupied(), l.retrieveAccess(), l.fallback(), l.attendedGrace(),
        l.emptySlotPrompt(), l.fullPrompt(), l.occupiedPrompt(), l.escalation()));
    h.call("5900", "A", "1000");
    h.call("5900", "B", "1001");
    await().until(() -> h.records().size() == 2);
    String third = h.call("5900", "C", "1002");
    await().until(() -> h.executed(third).contains("playback " + Lot.DEFAULT_FULL_PROMPT));
    assertThat(h.records()).hasSize(2).noneMatch(r -> r.callUuid().equals(third));
  }

  @Test
  void manyCallsRacingForOneLotGetDistinctSlotsAndTheRestAreRefused() throws Exception {
    start(l -> l);
    for (int i = 0; i < 16; i++) {
      h.call("5900", "Caller " + i, "20" + (10 + i));
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> h.eventTypes().stream()
        .filter(t -> t == Type.PARKED || t == Type.REFUSED).count() == 16);
    assertThat(h.records()).hasSize(10);
    assertThat(h.records().stream().map(SlotRecord::callUuid).distinct()).hasSize(10);
    assertThat(h.eventTypes().stream().filter(t -> t == Type.REFUSED)).hasSize(6);
  }

  @Test
  void dialingTheSlotRetrievesTheParkedCallWithUuidBridge() throws Exception {
    start(l -> l);
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    String retriever = h.call("6001", "Reception", "1001");
    await().until(() -> h.eventTypes().contains(Type.RETRIEVED));
    assertThat(h.slot("6001")).isEmpty();
    assertThat(h.apiCommands()).contains("uuid_bridge " + retriever + " " + alice);
    await().until(() -> alice.equals(h.fs.channel(retriever).orElseThrow().bridgedTo()));
  }

  @Test
  void aTransferredCallToASlotKeyParksThereInsteadOfRetrieving() throws Exception {
    start(l -> l);
    String caller = h.transferred("6007", "Eve", "+15550000", "1001");
    await().until(() -> h.slot("6007").isPresent());
    assertThat(h.slot("6007").orElseThrow().callUuid()).isEqualTo(caller);
  }

  @Test
  void retrievingAnEmptySlotPlaysATone() throws Exception {
    start(l -> l);
    String retriever = h.call("6003", "Reception", "1001");
    await().until(() -> h.executed(retriever).contains("playback " + Lot.DEFAULT_EMPTY_PROMPT));
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_bridge"));
  }

  @Test
  void aRetrieverOutsideTheAccessListIsRefused() throws Exception {
    start(l -> l.with(new AccessList(java.util.List.of("1000-1009"))));
    h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    String stranger = h.call("6001", "Mallory", "2666");
    await().until(() -> h.executed(stranger).stream().anyMatch(a -> a.startsWith("playback")));
    assertThat(h.slot("6001")).isPresent();
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_bridge"));
  }

  @Test
  void aParkedCallerWhoHangsUpFreesTheSlot() throws Exception {
    start(l -> l);
    String alice = h.call("5900", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    ParkingHarness.get(h.fs.hangup(alice));
    await().until(() -> h.slot("6001").isEmpty());
    assertThat(h.eventTypes()).contains(Type.ABANDONED);
  }

  @Test
  void everyChangeIsSentToTheBoxAsCallparkInfoWithValetHeaders() throws Exception {
    start(l -> l);
    String alice = h.call("5900", "Alice\r\nX-Evil: 1", "1000");
    await().until(() -> h.fs.sentEvents().stream().anyMatch(e -> "callpark::info".equals(e.subclass())));
    var e = h.fs.sentEvents().stream().filter(x -> "callpark::info".equals(x.subclass())).findFirst().orElseThrow();
    assertThat(e.header("Action")).isEqualTo("hold");
    assertThat(e.header("Valet-Lot-Name")).isEqualTo("default");
    assertThat(e.header("Valet-Extension")).isEqualTo("6001");
    assertThat(e.header("Unique-ID")).isEqualTo(alice);
    assertThat(e.header("Callpark-Event")).isEqualTo("parked");
    assertThat(e.header("Caller-Caller-ID-Name")).doesNotContain("\n").doesNotContain("\r");
    assertThat(e.header("X-Evil")).isNull();
  }

  @Test
  void anUnknownLotIsRefusedWithAToneAndNamedInTheLog() throws Exception {
    start(l -> l);
    String c = h.call("sock", "A", "1000", "callpark_request", "nosuchlot auto in");
    await().until(() -> h.executed(c).stream().anyMatch(a -> a.startsWith("playback tone_stream")));
    assertThat(h.records()).isEmpty();
  }
}
