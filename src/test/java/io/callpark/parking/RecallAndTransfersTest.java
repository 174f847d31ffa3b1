package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.ParkEvent.Type;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.SimEndpoint;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timeout and recall (injected clock), the attended and in-call ways in, and a dropped socket. */
class RecallAndTransfersTest {
  private static final String CONSULTATION_CALL_ID = "fec53bb4-a170-4b35-b603-ed5d0748b1f4";
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

  private String parkAlice() throws Exception {
    String alice = h.transferred("5900", "Alice", "+15550001", "1001");
    await().until(() -> h.slot("6001").isPresent());
    return alice;
  }

  private long count(Type t) {
    return h.eventTypes().stream().filter(x -> x == t).count();
  }

  @Test
  void nothingFiresBeforeTheParkingTime() throws Exception {
    start(l -> l);
    parkAlice();
    h.clock.advance(Duration.ofSeconds(59));
    assertThat(ParkingHarness.get(h.node.timers().tick())).isZero();
    assertThat(h.slot("6001").orElseThrow().state()).isEqualTo(SlotState.PARKED);
  }

  @Test
  void atTimeoutTheParkerIsRungWithTheSlotInTheCallerIdAndAnswerBridgesThem() throws Exception {
    start(l -> l);
    String alice = parkAlice();
    h.clock.advance(Duration.ofSeconds(61));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.eventTypes().contains(Type.RECALL_ANSWERED));
    assertThat(h.apiCommands()).anyMatch(c -> c.startsWith("originate {origination_caller_id_name='Parked 6001: Alice'")
        && c.contains("user/1001@127.0.0.1"));
    assertThat(h.slot("6001")).isEmpty();
    await().until(() -> h.fs.channel(alice).map(c -> c.bridgedTo() != null).orElse(false));
    assertThat(count(Type.TIMEOUT)).isEqualTo(1);
    assertThat(count(Type.RECALL_ANSWERED)).isEqualTo(1);
  }

  @Test
  void anUnansweredRecallPutsTheCallerBackInTheSlotWithAFreshParkingTime() throws Exception {
    start(l -> l);
    h.phones.set(new SimEndpoint.Reject("NO_ANSWER"));
    String alice = parkAlice();
    h.clock.advance(Duration.ofSeconds(61));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.eventTypes().contains(Type.RECALL_FAILED)
        && h.slot("6001").map(r -> r.state() == SlotState.PARKED).orElse(false));
    SlotRecord back = h.slot("6001").orElseThrow();
    assertThat(back.callUuid()).isEqualTo(alice);
    assertThat(back.deadlineMillis()).isEqualTo(h.clock.millis() + 60_000);
    assertThat(back.step()).as("the chain starts over").isZero();
    assertThat(h.fs.channel(alice)).isPresent();
  }

  @Test
  void anUnansweredRecallSendsTheCallerToTheLotsFallback() throws Exception {
    start(l -> l.withFallback("operator"));
    h.phones.set(new SimEndpoint.Reject("USER_BUSY"));
    String alice = parkAlice();
    h.clock.advance(Duration.ofSeconds(61));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(h.apiCommands()).contains("uuid_transfer " + alice + " operator XML default");
    assertThat(h.slot("6001")).isEmpty();
  }

  @Test
  void aParkerWhoIsUnknownGoesStraightToTheFallbackWithoutRinging() throws Exception {
    start(l -> l.withFallback("operator"));
    // A loopback leg, like an IVR hand-off: no SIP authentication, so nobody to recall.
    String ivrCaller = ParkingHarness.get(h.fs.placeCall(io.callpark.sim.CallSpec.builder("5900").from("Trunk", "+1555")
        .loopback().build()));
    await().until(() -> h.slot("6001").isPresent());
    h.clock.advance(Duration.ofSeconds(61));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("originate"));
    assertThat(h.apiCommands()).contains("uuid_transfer " + ivrCaller + " operator XML default");
  }

  @Test
  void twoTicksRacingForOneDeadlineRingTheParkerOnce() throws Exception {
    start(l -> l);
    parkAlice();
    h.clock.advance(Duration.ofSeconds(61));
    var a = h.node.timers().tick();
    var b = h.node.timers().tick();
    int fired = ParkingHarness.get(a) + ParkingHarness.get(b);
    await().until(() -> h.eventTypes().contains(Type.RECALL_ANSWERED));
    assertThat(fired).isEqualTo(1);
    assertThat(h.apiCommands().stream().filter(c -> c.startsWith("originate"))).hasSize(1);
  }

  @Test
  void aRetrieverWhoWinsTheRaceWithARecallGetsTheCallerAndTheRecallLegIsDropped() throws Exception {
    start(l -> l);
    h.phones.set(new SimEndpoint.Answer(Duration.ofSeconds(1)));
    String alice = parkAlice();
    h.clock.advance(Duration.ofSeconds(61));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.slot("6001").map(r -> r.state() == SlotState.RECALLING).orElse(false));
    String retriever = h.call("6001", "Reception", "1005");
    await().until(() -> h.eventTypes().contains(Type.RETRIEVED));
    assertThat(h.apiCommands()).contains("uuid_bridge " + retriever + " " + alice);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.apiCommands().stream().anyMatch(c -> c.startsWith("uuid_kill"))
        || h.eventTypes().contains(Type.RECALL_ANSWERED));
    assertThat(h.eventTypes()).doesNotContain(Type.RECALL_ANSWERED);
    assertThat(h.apiCommands().stream().filter(c -> c.startsWith("uuid_bridge"))).hasSize(1);
  }

  @Test
  void attendedTransferTheAnnouncedSlotIsHeldForTheCallerWhoseReferReplacesTheConsultation() throws Exception {
    start(l -> l);
    String consultation = h.call("5900", "1001", "1001", "sip_call_id", CONSULTATION_CALL_ID);
    await().until(() -> h.executed(consultation).contains("say en number iterated 6001"));
    ParkingHarness.get(h.fs.hangup(consultation, "ATTENDED_TRANSFER"));
    await().until(() -> h.slot("6001").map(r -> r.state() == SlotState.RESERVED).orElse(false));
    String other = h.call("5900", "Someone", "1009");
    await().until(() -> h.slot("6002").isPresent());
    String caller = h.transferred("5900", "Caller", "+15557777", "1001", "sip_refer_to",
        "<sip:5900@127.0.0.1?Replaces=" + CONSULTATION_CALL_ID + ";to-tag=6vgtX9jNKgj6p;from-tag=125871399>");
    await().until(() -> h.slot("6001").map(r -> caller.equals(r.callUuid())).orElse(false));
    SlotRecord r = h.slot("6001").orElseThrow();
    assertThat(r.state()).isEqualTo(SlotState.PARKED);
    assertThat(r.parker()).isEqualTo("1001");
    assertThat(h.slot("6002").orElseThrow().callUuid()).isEqualTo(other);
  }

  @Test
  void aHeldSlotNobodyClaimsIsFreedAfterTheGrace() throws Exception {
    start(l -> l);
    String consultation = h.call("5900", "1001", "1001", "sip_call_id", CONSULTATION_CALL_ID);
    await().until(() -> h.slot("6001").isPresent());
    ParkingHarness.get(h.fs.hangup(consultation, "ATTENDED_TRANSFER"));
    await().until(() -> h.slot("6001").map(r -> r.state() == SlotState.RESERVED).orElse(false));
    h.clock.advance(Duration.ofSeconds(11));
    ParkingHarness.get(h.node.timers().tick());
    await().until(() -> h.slot("6001").isEmpty());
    assertThat(h.eventTypes()).contains(Type.RELEASED);
  }

  @Test
  void anInCallParkCodeParksThePartnerAndTellsTheParkerTheSlot() throws Exception {
    start(l -> l);
    String partner = ParkingHarness.get(h.fs.placeCall(io.callpark.sim.CallSpec.builder("operator")
        .from("Partner", "+15558888").build()));
    String parkerLeg = h.call("sock", "Parker", "1002", "callpark_request", "default auto in",
        "callpark_incall", "true", "signal_bond", partner);
    await().until(() -> h.slot("6001").map(r -> partner.equals(r.callUuid()) && r.state() == SlotState.PARKED)
        .orElse(false));
    assertThat(h.slot("6001").orElseThrow().parker()).isEqualTo("1002");
    assertThat(h.apiCommands()).contains("uuid_transfer " + partner + " park XML default");
    await().until(() -> h.executed(parkerLeg).contains("say en number iterated 6001"));
    await().until(() -> h.requests().stream().anyMatch(r -> parkerLeg.equals(r.channelUuid())
        && "hangup".equals(r.request().header("call-command"))));
    await().until(() -> h.fs.channel(parkerLeg).map(c -> !c.state().equals("CS_EXECUTE")).orElse(true));
  }

  @Test
  void aParkedCallWhoseSocketDropsComesBackThroughTheDialplanAndIsAdopted() throws Exception {
    start(l -> l);
    String socket = "socket 127.0.0.1:" + h.node.outboundPort() + " async full";
    h.fs.dialplan().extension("5901", "set callpark_request=default auto in", "set socket_resume=true", socket,
        "transfer park XML default");
    String alice = h.call("5901", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    long version = h.slot("6001").orElseThrow().version();
    ConnectionInfo conn = h.fs.connections().stream()
        .filter(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && alice.equals(c.channelUuid()) && c.open())
        .findFirst().orElseThrow();
    ParkingHarness.get(h.fs.dropConnection(conn.id()));
    await().until(() -> h.slot("6001").map(r -> r.version() > version).orElse(false));
    SlotRecord r = h.slot("6001").orElseThrow();
    assertThat(r.callUuid()).isEqualTo(alice);
    // The adoption's write comes before its music: wait for the second playback rather than race it.
    await().until(() -> h.executed(alice).stream().filter(a -> a.equals("playback local_stream://moh")).count() == 2);
    assertThat(h.eventTypes()).doesNotContain(Type.ABANDONED);
  }

  @Test
  void aCallWhoseRecordIsTakenElsewhereWhileItIsBeingAdoptedIsLetGoNotParkedAgain() throws Exception {
    InterleavingSlotStore store = new InterleavingSlotStore();
    h = new ParkingHarness(l -> l, store);
    String socket = "socket 127.0.0.1:" + h.node.outboundPort() + " async full";
    h.fs.dialplan().extension("5901", "set callpark_request=default auto in", "set socket_resume=true", socket,
        "transfer park XML default");
    String alice = h.call("5901", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    // Between the adopting node's read and its write, another node's escalation sends Alice to the
    // operator and deletes her record (what a fallback step on the partition's owner does).
    // (One node here: the adoption's write keeps the owner and bumps the version; nothing else writes.)
    store.beforeNextReplace((expected, next) -> alice.equals(expected.callUuid())
        ? store.remove(expected).compose(gone -> h.fs.api("uuid_transfer " + alice + " operator XML default"))
        : null);
    ConnectionInfo conn = h.fs.connections().stream()
        .filter(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && alice.equals(c.channelUuid()) && c.open())
        .findFirst().orElseThrow();
    ParkingHarness.get(h.fs.dropConnection(conn.id()));

    await().until(() -> h.executed(alice).contains("playback local_stream://moh") && h.fs.channel(alice)
        .map(c -> "operator".equals(c.destination())).orElse(false));
    await().until(() -> h.fs.connections().stream().noneMatch(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && c.open()));
    assertThat(h.records()).as("not parked a second time").isEmpty();
    assertThat(count(Type.PARKED)).isEqualTo(1);
  }

  @Test
  void aCallTransferredAwayWhileItsSlotIsBeingTakenIsNotParkedWhereverItWent() throws Exception {
    InterleavingSlotStore store = new InterleavingSlotStore();
    h = new ParkingHarness(l -> l, store);
    // Just before the slot is written, something else (another node's escalation) transfers the caller.
    store.beforeNextPutIfAbsent(r -> h.fs.api("uuid_transfer " + r.callUuid() + " operator XML default"));
    String alice = h.call("5900", "Alice", "1000");

    await().until(() -> h.fs.channel(alice).map(c -> "operator".equals(c.destination())).orElse(false));
    await().until(() -> h.fs.connections().stream().noneMatch(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && c.open()));
    assertThat(h.records()).as("no slot held for a caller who is elsewhere").isEmpty();
    // Either the park saw the socket application return before its first command (nothing parked), or
    // the event came a moment later and the slot was released at once.
    assertThat(count(Type.PARKED)).isEqualTo(count(Type.RELEASED));
  }

  @Test
  void askModeParksInTheSlotTheCallerKeysIn() throws Exception {
    start(l -> l);
    String c = h.call("sock", "Asker", "1000", "callpark_request", "default ask 6001 6010 5000");
    await().until(() -> h.executed(c).stream().anyMatch(a -> a.startsWith("play_and_get_digits")));
    ParkingHarness.get(h.fs.sendDtmf(c, "6004#"));
    await().until(() -> h.slot("6004").isPresent());
    assertThat(h.slot("6004").orElseThrow().callUuid()).isEqualTo(c);
  }

  @Test
  void aCallerLeftUncontrolledAfterItsSocketDiedFreesTheSlotWhenItFinallyHangsUp() throws Exception {
    start(l -> l);
    String socket = "socket 127.0.0.1:" + h.node.outboundPort() + " async full";
    // No socket_resume: when the controller goes, the music goes on uncontrolled (fact 55).
    h.fs.dialplan().extension("5000", "set callpark_request=default auto in", socket);
    String alice = h.call("5000", "Alice", "1000");
    await().until(() -> h.slot("6001").isPresent());
    ConnectionInfo conn = h.fs.connections().stream()
        .filter(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && alice.equals(c.channelUuid()) && c.open())
        .findFirst().orElseThrow();
    ParkingHarness.get(h.fs.dropConnection(conn.id()));
    await().until(() -> h.fs.connections().stream().noneMatch(c -> c.id() == conn.id() && c.open()));
    assertThat(h.slot("6001")).isPresent();
    ParkingHarness.get(h.fs.hangup(alice));
    await().until(() -> h.slot("6001").isEmpty());
    assertThat(h.eventTypes()).contains(Type.ABANDONED);
  }
}
