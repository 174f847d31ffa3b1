package io.callpark.presence;

import static io.callpark.presence.BlfHarness.LOT;
import static io.callpark.presence.BlfHarness.frames;
import static io.callpark.presence.BlfHarness.get;
import static io.callpark.presence.BlfHarness.lastStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.PresenceProbe;
import io.callpark.sim.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes sharing a store and a membership (as two members of one cluster), two boxes: every box gets
 * every lamp, a probe is answered by the slot's owner alone, and when a node dies the lamps it should have
 * changed come right once the survivors reconcile.
 */
class BlfClusterTest {
  private BlfHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new BlfHarness(2, BlfHarness.quiet(), "n1", "n2");
    h.settle();
  }

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private List<String> slotsOwnedBy(String node) {
    return SlotRange.of(6001, 6010).names().stream()
        .filter(s -> node.equals(h.membership.ownerOf(SlotRecord.key(LOT, s)))).toList();
  }

  @Test
  void aCallParkedOnOneBoxLightsItsLampOnEveryBoxOnce() throws Exception {
    h.park(h.boxes.get(0), "6001", "Alice", "1000");
    for (FakeFreeSwitch fs : h.boxes) {
      await().until(() -> "Holding".equals(lastStatus(fs, "6001")) && "Active (1 caller)".equals(lastStatus(fs, LOT)));
    }
    // Both nodes heard the change; only the owner of the slot published it.
    for (FakeFreeSwitch fs : h.boxes) {
      assertThat(frames(fs, "6001")).hasSize(1);
    }
  }

  @Test
  void aProbeIsAnsweredByTheSlotsOwnerAloneFromTheOtherNodesState() throws Exception {
    FakeFreeSwitch fs = h.boxes.get(1);
    // Parked through box 1 by whichever node took the call; probed from box 2.
    h.park(h.boxes.get(0), "6007", "Alice", "1000");
    await().until(() -> "Holding".equals(lastStatus(fs, "6007")));
    List<PresenceProbe> probes = new ArrayList<>();
    for (String slot : SlotRange.of(6001, 6010).names()) {
      probes.add(get(fs.subscribeBlf(slot, "1001")));
    }
    // Every node has seen every probe once it has counted all ten (each link delivers them in order).
    await().until(() -> h.nodes.values().stream().allMatch(n ->
        n.presence().stats().probesAnswered() + n.presence().stats().probesOfOthers() == 10));
    await().until(() -> frames(fs).stream().filter(r -> r.header("call-id") != null).count() >= 10);

    Map<String, List<RecordedRequest>> answers = frames(fs).stream().filter(r -> r.header("call-id") != null)
        .collect(Collectors.groupingBy(r -> r.header("call-id")));
    for (PresenceProbe p : probes) {
      assertThat(answers.get(p.subCallId())).as("answers to %s", p.to()).hasSize(1);
    }
    for (String node : List.of("n1", "n2")) {
      assertThat(h.node(node).presence().stats().probesAnswered()).as(node).isEqualTo(slotsOwnedBy(node).size());
    }
    assertThat(slotsOwnedBy("n1")).isNotEmpty();
    assertThat(slotsOwnedBy("n2")).isNotEmpty();
    Function<String, String> answered = slot -> answers.get(probes.get(Integer.parseInt(slot) - 6001).subCallId())
        .get(0).header("force-status");
    assertThat(answered.apply("6007")).isEqualTo("Holding");
    assertThat(answered.apply("6001")).isEqualTo("Empty");
    assertThat(fs.blfState("6007")).isEqualTo("confirmed");
  }

  @Test
  void lampsANodeDiedBeforePublishingComeRightWhenTheSurvivorReconciles() throws Exception {
    FakeFreeSwitch fs = h.box();
    List<String> ofN2 = slotsOwnedBy("n2");
    String gone = ofN2.get(0);
    String stays = ofN2.get(1);
    get(fs.subscribeBlf(gone, "1001"));
    get(fs.subscribeBlf(stays, "1001"));
    String alice = h.park(fs, gone, "Alice", "1000");
    await().until(() -> "Holding".equals(lastStatus(fs, gone)) && "confirmed".equals(fs.blfState(gone)));

    // n2 dies; the cluster has not noticed yet, so n2 still owns its slots and nobody else publishes them.
    get(h.node("n2").stop());
    get(fs.hangup(alice));
    await().until(() -> get(h.store.get(LOT, gone)).isEmpty());
    h.park(fs, stays, "Bob", "1002");
    await().until(() -> get(h.store.get(LOT, stays)).isPresent());
    // Proof that n1 has handled both changes (one context, in order): a later change of a slot n1 owns.
    String ofN1 = slotsOwnedBy("n1").get(0);
    get(h.store.putIfAbsent(SlotRecord.parked(LOT, ofN1, "uuid-x", "fs1", "X", "1009", null, "n1", 1L, 0L)));
    await().until(() -> "Holding".equals(lastStatus(fs, ofN1)));
    assertThat(lastStatus(fs, gone)).as("still lit for a caller who hung up").isEqualTo("Holding");
    assertThat(lastStatus(fs, stays)).as("dark for a parked caller").isEqualTo("Empty");

    h.membership.leave("n2");
    await().atMost(Duration.ofSeconds(10)).until(() -> "Empty".equals(lastStatus(fs, gone))
        && "Holding".equals(lastStatus(fs, stays)));
    assertThat(fs.blfState(gone)).isEqualTo("terminated");
    assertThat(fs.blfState(stays)).isEqualTo("confirmed");
    assertThat(lastStatus(fs, LOT)).isEqualTo("Active (2 callers)");
  }
}
