package io.callpark.presence;

import static io.callpark.presence.BlfHarness.LOT;
import static io.callpark.presence.BlfHarness.frames;
import static io.callpark.presence.BlfHarness.get;
import static io.callpark.presence.BlfHarness.lastStatus;
import static io.callpark.presence.BlfHarness.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.callpark.sim.BlfNotify;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.PresenceProbe;
import io.callpark.sim.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One node, one box: the PRESENCE_IN frames the box receives as calls are parked and retrieved, compared
 * field by field with mod_valet_parking's events of the same session; event_count; probes; a box that
 * reconnects; the recall lamp. The box's simulated sofia renders what a subscribed phone is shown.
 */
class BlfLampsTest {
  /** A deadline no test reaches. */
  private static final long FAR = Long.MAX_VALUE / 2;
  private BlfHarness h;

  @AfterEach
  void stop() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  private FakeFreeSwitch start(PresenceOptions options) throws Exception {
    h = new BlfHarness(1, options, "n1");
    h.settle();
    return h.box();
  }

  /** valet_park's frame with our event_count in it: the one field allowed to differ. */
  private static String withCount(String valetFrame, String count) {
    return valetFrame.replaceFirst("\nevent_count: \\d+\n", "\nevent_count: " + count + "\n");
  }

  @Test
  void parkingAndRetrievingSendsTheBoxValetParksFramesFieldForField() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet());
    // valet_park_session: Alice parks in 6001, Carol in 6010, Bob retrieves 6010, Dave retrieves 6001.
    h.park(fs, "6001", "Alice", "1000");
    await().until(() -> frames(fs, "6001").size() == 1 && "Active (1 caller)".equals(lastStatus(fs, LOT)));
    h.park(fs, "6010", "Carol", "1002");
    await().until(() -> frames(fs, "6010").size() == 1 && "Active (2 callers)".equals(lastStatus(fs, LOT)));
    h.retrieve(fs, "6010", "Bob", "1001");
    await().until(() -> frames(fs, "6010").size() == 2 && "Active (1 caller)".equals(lastStatus(fs, LOT)));
    h.retrieve(fs, "6001", "Dave", "1003");
    await().until(() -> frames(fs, "6001").size() == 2 && "Empty".equals(lastStatus(fs, LOT)));

    List<String> valet = new ArrayList<>();
    for (List<List<String>> event : PresenceHeadersTest.valetParkPresence()) {
      StringBuilder sb = new StringBuilder("sendevent PRESENCE_IN\n");
      event.forEach(p -> sb.append(p.get(0)).append(": ").append(p.get(1)).append('\n'));
      valet.add(sb.append('\n').toString());
    }
    // valet_park's events in order: lot, 6001, lot, 6010, lot, 6010, lot, 6001.
    List<RecordedRequest> lot = frames(fs, LOT);
    List<RecordedRequest> s6001 = frames(fs, "6001");
    List<RecordedRequest> s6010 = frames(fs, "6010");
    assertThat(lot).hasSize(4);
    assertPairs(s6001, valet.get(1), valet.get(7));
    assertPairs(s6010, valet.get(3), valet.get(5));
    assertPairs(lot, valet.get(0), valet.get(2), valet.get(4), valet.get(6));
    assertThat(frames(fs)).hasSize(8);
  }

  private static void assertPairs(List<RecordedRequest> ours, String... valet) {
    assertThat(ours).hasSize(valet.length);
    long previous = 0;
    for (int i = 0; i < valet.length; i++) {
      String count = ours.get(i).header("event_count");
      assertThat(Long.parseLong(count)).as("event_count of frame %d", i).isGreaterThan(previous);
      previous = Long.parseLong(count);
      assertThat(wire(ours.get(i))).isEqualTo(withCount(valet[i], count));
    }
  }

  @Test
  void aSlotsEventCountOnlyGrowsWhenItIsEmptiedAndTakenAgainAndThePhoneSeesEachChange() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet());
    get(fs.subscribeBlf("6001", "1001"));
    await().until(() -> frames(fs, "6001").size() == 1);
    String alice = h.park(fs, "6001", "Alice", "1000");
    await().until(() -> "Holding".equals(lastStatus(fs, "6001")));
    get(fs.hangup(alice));
    await().until(() -> "Empty".equals(lastStatus(fs, "6001")));
    String bob = h.park(fs, "6001", "Bob", "1002");
    await().until(() -> "Holding".equals(lastStatus(fs, "6001")));
    get(fs.hangup(bob));
    await().until(() -> frames(fs, "6001").size() == 5 && "Empty".equals(lastStatus(fs, "6001")));

    List<Long> counts = frames(fs, "6001").stream().map(r -> Long.parseLong(r.header("event_count"))).toList();
    assertThat(counts).isSorted().doesNotHaveDuplicates();
    assertThat(frames(fs, "6001")).extracting(r -> r.header("force-status"))
        .containsExactly("Empty", "Holding", "Empty", "Holding", "Empty");
    // What the BLF key showed: sofia's own first NOTIFY, our probe answer, then each change.
    assertThat(fs.blfNotifies()).extracting(BlfNotify::state)
        .containsExactly("terminated", "terminated", "confirmed", "terminated", "confirmed", "terminated");
  }

  @Test
  void aProbeIsAnsweredFromTheStoreWithTheSubscribesCallId() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet());
    h.park(fs, "6003", "Alice", "1000");
    await().until(() -> "Holding".equals(lastStatus(fs, "6003")));

    PresenceProbe slot = get(fs.subscribeBlf("6003", "1001"));
    PresenceProbe lot = get(fs.subscribeBlf(LOT, "1001"));
    get(fs.firePresenceProbe("7777", "1001"));
    await().until(() -> frames(fs).stream().filter(r -> r.header("call-id") != null).count() == 2);

    RecordedRequest slotAnswer = frames(fs, "6003").get(1);
    assertThat(slotAnswer.header("call-id")).isEqualTo(slot.subCallId());
    assertThat(slotAnswer.header("force-status")).isEqualTo("Holding");
    assertThat(slotAnswer.request().headers().name(slotAnswer.request().headers().size() - 1)).isEqualTo("call-id");
    RecordedRequest lotAnswer = frames(fs, LOT).get(frames(fs, LOT).size() - 1);
    assertThat(lotAnswer.header("call-id")).isEqualTo(lot.subCallId());
    assertThat(lotAnswer.header("force-status")).isEqualTo("Active (1 caller)");
    await().until(() -> h.node("n1").presence().stats().probesUnknown() == 1);
    assertThat(frames(fs, "7777")).isEmpty();
    assertThat(fs.blfState("6003")).isEqualTo("confirmed");
  }

  @Test
  void aBoxThatReconnectsGetsEveryLampAgain() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet());
    h.park(fs, "6002", "Alice", "1000");
    await().until(() -> "Holding".equals(lastStatus(fs, "6002")));
    get(fs.clearRecorded());

    ConnectionInfo link = BlfHarness.inbound(fs).get(0);
    get(fs.dropConnection(link.id()));
    await().until(() -> BlfHarness.inbound(fs).stream().anyMatch(c -> c.id() != link.id())
        && frames(fs).stream().map(r -> r.header("login")).distinct().count() == 11);

    for (String slot : List.of("6001", "6003", "6004", "6005", "6006", "6007", "6008", "6009", "6010")) {
      assertThat(lastStatus(fs, slot)).as(slot).isEqualTo("Empty");
    }
    assertThat(lastStatus(fs, "6002")).isEqualTo("Holding");
    assertThat(lastStatus(fs, LOT)).isEqualTo("Active (1 caller)");
  }

  @Test
  void aRecallingSlotBlinksByDefault() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet());
    get(fs.subscribeBlf("6004", "1001"));
    SlotRecord parked = SlotRecord.parked(LOT, "6004", "uuid-a", "fs1", "Alice", "1000", "1001", "n1", 1L, 0L);
    get(h.store.putIfAbsent(parked));
    await().until(() -> "confirmed".equals(fs.blfState("6004")));

    // A deadline far away: the node's own timers must not move the recall on while we look.
    assertThat(get(h.store.replace(parked, parked.withState(SlotState.RECALLING, FAR, 1)))).isTrue();
    await().until(() -> "early".equals(fs.blfState("6004")));

    assertThat(frames(fs, "6004").get(frames(fs, "6004").size() - 1).header("answer-state")).isEqualTo("early");
  }

  @Test
  void withRecallLampHeldARecallingSlotStaysSteady() throws Exception {
    FakeFreeSwitch fs = start(BlfHarness.quiet().withRecallLamp(PresenceOptions.RecallLamp.HELD));
    SlotRecord parked = SlotRecord.parked(LOT, "6004", "uuid-a", "fs1", "Alice", "1000", "1001", "n1", 1L, 0L);
    get(h.store.putIfAbsent(parked));
    await().until(() -> "Holding".equals(lastStatus(fs, "6004")));

    assertThat(get(h.store.replace(parked, parked.withState(SlotState.RECALLING, FAR, 1)))).isTrue();
    // A later change of another slot is published after this one would have been (one context, in order).
    get(h.store.putIfAbsent(SlotRecord.parked(LOT, "6005", "uuid-b", "fs1", "Bob", "1002", null, "n1", 1L, 0L)));
    await().until(() -> "Holding".equals(lastStatus(fs, "6005")));

    assertThat(frames(fs, "6004")).extracting(r -> r.header("answer-state")).containsExactly("confirmed");
  }
}
