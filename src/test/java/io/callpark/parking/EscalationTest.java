package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.EscalationStep.Hangup;
import io.callpark.parking.EscalationStep.Queue;
import io.callpark.parking.EscalationStep.Recall;
import io.callpark.parking.EscalationStep.Remind;
import io.callpark.parking.EscalationStep.Ring;
import io.callpark.parking.EscalationStep.Voicemail;
import io.callpark.parking.ParkEvent.Type;
import io.callpark.sim.SimEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A lot's escalation chain, step by step, with injected time (docs/escalation.md). */
class EscalationTest {
  private static final Duration S10 = Duration.ofSeconds(10);
  private ParkingHarness h;

  private void start(List<EscalationStep> chain) throws Exception {
    start(new Escalation(chain, null, Duration.ZERO));
  }

  private void start(Escalation escalation) throws Exception {
    h = new ParkingHarness(l -> l.with(escalation));
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

  private int tickAfter(Duration d) throws Exception {
    h.clock.advance(d);
    return ParkingHarness.get(h.node.timers().tick());
  }

  private long count(Type t) {
    return h.eventTypes().stream().filter(x -> x == t).count();
  }

  private List<String> originates() {
    return h.apiCommands().stream().filter(c -> c.startsWith("originate")).toList();
  }

  private List<String> details(Type t) {
    return h.events.stream().filter(e -> e.type() == t).map(ParkEvent::detail).toList();
  }

  @Test
  void remindersRingTheParkerWithoutUnparkingThenTheRecallFollowsAtOnce() throws Exception {
    start(List.of(new Remind(Duration.ofSeconds(30), S10, 2, "tone_stream://%(100,100,1400)"),
        new Recall(Duration.ZERO, Duration.ofSeconds(20))));
    String alice = parkAlice();

    assertThat(tickAfter(Duration.ofSeconds(31))).isEqualTo(1);
    await().until(() -> originates().size() == 1);
    assertThat(originates().get(0)).contains("origination_caller_id_name='Parked 6001: Alice'", "callpark_remind=default/6001",
        "user/1001@127.0.0.1", "&playback(tone_stream://%(100,100,1400))");
    SlotRecord afterFirst = h.slot("6001").orElseThrow();
    assertThat(afterFirst.state()).isEqualTo(SlotState.PARKED);
    assertThat(afterFirst.callUuid()).isEqualTo(alice);
    assertThat(afterFirst.step()).isZero();
    assertThat(afterFirst.attempt()).isEqualTo(1);
    assertThat(afterFirst.deadlineMillis()).isEqualTo(h.clock.millis() + 10_000);

    assertThat(tickAfter(Duration.ofSeconds(9))).as("the second reminder is not due yet").isZero();
    assertThat(tickAfter(Duration.ofSeconds(1))).isEqualTo(1);
    await().until(() -> h.eventTypes().contains(Type.RECALL_ANSWERED));
    assertThat(count(Type.REMIND)).isEqualTo(2);
    assertThat(count(Type.TIMEOUT)).as("one timeout per round of the chain").isEqualTo(1);
    assertThat(originates()).hasSize(3);
    assertThat(originates().get(2)).contains("callpark_recall=default/6001", "&park()");
    await().until(() -> h.fs.channel(alice).map(c -> c.bridgedTo() != null).orElse(false));
  }

  @Test
  void anUnreachableParkerFailsFastAndTheOperatorIsRungAndBridged() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)),
        new Ring(Duration.ZERO, "2000", Duration.ofSeconds(30)), new Queue(Duration.ZERO, "support")));
    h.phones.set(new SimEndpoint.Reject("USER_NOT_REGISTERED"));
    String alice = parkAlice();

    assertThat(tickAfter(Duration.ofSeconds(31))).isEqualTo(1);
    await().until(() -> h.eventTypes().contains(Type.RING_ANSWERED));
    assertThat(details(Type.RECALL_FAILED)).singleElement().asString().contains("USER_NOT_REGISTERED");
    assertThat(details(Type.ESCALATED)).containsExactly("ring 2000");
    assertThat(originates()).hasSize(2);
    assertThat(originates().get(1)).contains("loopback/2000/default", "originate_timeout=30");
    assertThat(h.slot("6001")).isEmpty();
    await().until(() -> h.fs.channel(alice).map(c -> c.bridgedTo() != null).orElse(false));
    assertThat(h.eventTypes()).doesNotContain(Type.FALLBACK);
  }

  @Test
  void nobodyAnsweringTheRingStepSendsTheCallerToTheQueueOnce() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)),
        new Ring(Duration.ZERO, "2001", Duration.ofSeconds(30)), new Queue(Duration.ZERO, "support")));
    h.phones.set(new SimEndpoint.Reject("NO_ANSWER"));
    String alice = parkAlice();

    tickAfter(Duration.ofSeconds(31));
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(h.eventTypes()).containsSubsequence(Type.TIMEOUT, Type.RECALL_RINGING, Type.RECALL_FAILED,
        Type.ESCALATED, Type.RING_FAILED, Type.ESCALATED, Type.FALLBACK);
    assertThat(details(Type.ESCALATED)).containsExactly("ring 2001", "queue support");
    assertThat(h.apiCommands()).containsSubsequence("uuid_setvar " + alice + " socket_resume false",
        "uuid_setvar " + alice + " callpark_queue support", "uuid_transfer " + alice + " callpark_escalate_queue XML default");
    assertThat(h.slot("6001")).isEmpty();
    await().until(() -> "callpark_escalate_queue".equals(h.fs.channel(alice).orElseThrow().destination()));
    assertThat(h.fs.channel(alice).orElseThrow().variable("callpark_queue")).isEqualTo("support");

    assertThat(tickAfter(Duration.ofMinutes(5))).as("nothing is left to fire").isZero();
    assertThat(count(Type.FALLBACK)).isEqualTo(1);
  }

  @Test
  void voicemailWithoutAMailboxGoesToTheParkersOwn() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)), new Voicemail(Duration.ZERO, null)));
    h.phones.set(new SimEndpoint.Reject("USER_BUSY"));
    String alice = parkAlice();

    tickAfter(Duration.ofSeconds(31));
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(h.apiCommands()).containsSubsequence("uuid_setvar " + alice + " callpark_mailbox 1001",
        "uuid_transfer " + alice + " callpark_escalate_voicemail XML default");
    assertThat(h.slot("6001")).isEmpty();
  }

  @Test
  void aHangupStepPlaysItsPromptAndTheCallerIsGone() throws Exception {
    start(List.of(new Hangup(Duration.ofSeconds(30), "tone_stream://%(500,500,480,620);loops=3")));
    String alice = parkAlice();

    tickAfter(Duration.ofSeconds(31));
    await().until(() -> h.eventTypes().contains(Type.GAVE_UP));
    assertThat(h.apiCommands()).contains("uuid_setvar " + alice + " callpark_prompt tone_stream://%(500,500,480,620);loops=3");
    await().until(() -> h.fs.channel(alice).map(c -> c.ended()).orElse(true));
    assertThat(h.slot("6001")).isEmpty();
    assertThat(h.eventTypes()).doesNotContain(Type.ABANDONED);
  }

  @Test
  void aChainThatKeepsTheCallerParkedStartsOverAfterTheFirstStepsWait() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(30), Duration.ofSeconds(20))));
    h.phones.set(new SimEndpoint.Reject("NO_ANSWER"));
    parkAlice();

    tickAfter(Duration.ofSeconds(31));
    await().until(() -> h.eventTypes().contains(Type.RECALL_FAILED));
    await().until(() -> h.slot("6001").orElseThrow().state() == SlotState.PARKED);
    assertThat(h.slot("6001").orElseThrow().deadlineMillis()).isEqualTo(h.clock.millis() + 30_000);
    assertThat(tickAfter(Duration.ofSeconds(29))).isZero();
    assertThat(tickAfter(Duration.ofSeconds(1))).isEqualTo(1);
    await().until(() -> count(Type.RECALL_FAILED) == 2);
    assertThat(count(Type.TIMEOUT)).isEqualTo(2);
  }

  @Test
  void escalatingByHandRunsTheNextStepNowAndGivesUpARingingOne() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(60), Duration.ofSeconds(20)), new Queue(Duration.ZERO, "support")));
    h.phones.set(new SimEndpoint.Answer(Duration.ofSeconds(2)));
    String alice = parkAlice();

    EscalateResult first = ParkingHarness.get(h.node.parking().escalate("default", "6001"));
    assertThat(first).isEqualTo(new EscalateResult.Escalated("default/6001", "recall"));
    await().until(() -> h.slot("6001").map(r -> r.state() == SlotState.RECALLING).orElse(false));

    EscalateResult second = ParkingHarness.get(h.node.parking().escalate("default", "6001"));
    assertThat(second).isInstanceOf(EscalateResult.Escalated.class);
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(details(Type.RECALL_FAILED)).containsExactly("escalated by hand");
    assertThat(h.apiCommands()).contains("uuid_transfer " + alice + " callpark_escalate_queue XML default");
    // The parker answers the abandoned recall a moment later: that leg is hung up, the caller not bridged twice.
    await().atMost(Duration.ofSeconds(10)).until(() -> h.apiCommands().stream().anyMatch(c -> c.startsWith("uuid_kill")));
    assertThat(h.eventTypes()).doesNotContain(Type.RECALL_ANSWERED);
    assertThat(h.apiCommands()).noneMatch(c -> c.startsWith("uuid_bridge"));
  }

  @Test
  void escalatingAnEmptySlotOrAnUnknownLotSaysSo() throws Exception {
    start(List.of());
    assertThat(ParkingHarness.get(h.node.parking().escalate("default", "6009")))
        .isEqualTo(new EscalateResult.NotParked("default", "6009"));
    assertThat(ParkingHarness.get(h.node.parking().escalate("nosuch\r\nlot", "6009")))
        .isEqualTo(new EscalateResult.UnknownLot("nosuch  lot"));
  }

  @Test
  void aRingingStepWhoseNodeDiedIsMovedOnOnceByTheNextDeadline() throws Exception {
    start(List.of(new Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)), new Queue(Duration.ZERO, "support")));
    String alice = parkAlice();
    // Another node wrote RECALLING and died before ringing: only the record says anything happened.
    SlotRecord parked = h.slot("6001").orElseThrow();
    long guard = h.clock.millis() + 20_000 + Escalator.RING_GUARD.toMillis();
    SlotRecord taken = parked.withOwner("dead-node");
    ParkingHarness.get(h.store.replace(parked, taken));
    ParkingHarness.get(h.store.replace(taken, taken.at(SlotState.RECALLING, 0, 0, guard)));

    h.clock.advance(Duration.ofSeconds(31));
    var a = h.node.timers().tick();
    var b = h.node.timers().tick();
    assertThat(ParkingHarness.get(a) + ParkingHarness.get(b)).isEqualTo(1);
    await().until(() -> h.eventTypes().contains(Type.FALLBACK));
    assertThat(originates()).as("the dead node's ring is not repeated").isEmpty();
    assertThat(h.apiCommands().stream().filter(c -> c.startsWith("uuid_transfer " + alice))).hasSize(1);
  }

  @Test
  void theHoldingPromptPlaysOverTheMusicEveryIntervalAndOnlyOnce() throws Exception {
    start(new Escalation(List.of(new Recall(Duration.ofMinutes(10), Duration.ofSeconds(20))),
        "ivr/ivr-thank_you_for_holding.wav", Duration.ofSeconds(30)));
    String alice = parkAlice();
    String broadcast = "uuid_broadcast " + alice + " ivr/ivr-thank_you_for_holding.wav aleg";

    tickAfter(Duration.ofSeconds(29));
    tickAfter(Duration.ofSeconds(2));
    await().until(() -> h.apiCommands().contains(broadcast));
    tickAfter(Duration.ZERO);
    tickAfter(Duration.ofSeconds(28));
    tickAfter(Duration.ofSeconds(1));
    await().until(() -> h.apiCommands().stream().filter(broadcast::equals).count() == 2);
    assertThat(h.fs.channel(alice).orElseThrow().ended()).isFalse();
    assertThat(h.slot("6001").orElseThrow().state()).isEqualTo(SlotState.PARKED);
  }
}
