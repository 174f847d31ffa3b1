package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.Fixtures;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Busy-lamp traffic: the probes a phone's SUBSCRIBE causes, the PRESENCE_IN the box is sent, and the
 * dialog-info NOTIFYs sofia renders from them for a subscribed phone (facts 24-25, 59–66), compared with
 * the bodies of blf_valet_sip and blf_sendevent_sip byte for byte.
 */
class PresenceTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fs = await(FakeFreeSwitch.start(vertx));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    await(vertx.close());
  }

  @Test
  void aParkSubscriptionProbeLooksLikeSofias() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("PRESENCE_PROBE"), List.of()));
      EslEvent fired = await(fs.firePresenceProbe(PresenceProbe.park("6001", "1001", "127.0.0.1")
          .withSubCallId("c28f09ed-7cfa-486b-af78-43be053f52f0")));
      EslEvent probe = c.nextEvent();
      assertThat(probe.header("proto")).isEqualTo("park");
      assertThat(probe.header("to")).isEqualTo("park+6001@127.0.0.1");
      assertThat(probe.header("from")).isEqualTo("1001@127.0.0.1");
      assertThat(probe.header("proto-specific-event-name")).isEqualTo("dialog");
      assertThat(probe.header("sub-call-id")).isEqualTo("c28f09ed-7cfa-486b-af78-43be053f52f0");
      assertThat(probe.header("expires")).isEqualTo("600");
      assertThat(probe.header("Event-Calling-File")).isEqualTo("sofia_presence.c");
      assertThat(probe.sequence()).isEqualTo(fired.sequence());
    }
  }

  @Test
  void everyPresenceInSentIsRecordedInOrder() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.SendEvent("PRESENCE_IN", lamp("6021", "Holding", "confirmed", "1"), null));
      c.call(new EslCommand.SendEvent("PRESENCE_IN", lamp("6021", "Empty", "terminated", "2"), null));
      c.call(new EslCommand.SendEvent("CUSTOM", EslHeaders.of("Event-Subclass", "callpark::slot"), null));
    }
    await().atMost(Duration.ofSeconds(2)).until(() -> fs.sentEvents().size() == 3);
    assertThat(fs.presenceIn()).extracting(e -> e.header("force-status")).containsExactly("Holding", "Empty");
    assertThat(fs.presenceIn()).extracting(e -> e.header("event_count")).containsExactly("1", "2");
    assertThat(fs.sentEvents().get(2).subclass()).isEqualTo("callpark::slot");
  }

  /** Every dialog-info body in a SIP capture of fixtures/blf, in order. */
  private static List<String> dialogInfoBodies(String file) {
    String text = new String(Fixtures.bytes("blf/" + file), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("Content-Type: application/dialog-info\\+xml\r\nContent-Length: (\\d+)\r\n\r\n")
        .matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(text.substring(m.end(), m.end() + Integer.parseInt(m.group(1))));
    }
    return out;
  }

  @Test
  void aSubscribedPhoneGetsTheNotifiesSofiaSentWhileValetParkHeldAndEmptiedTheSlot() {
    List<String> captured = dialogInfoBodies("blf_valet_sip.txt").stream()
        .filter(b -> b.contains("entity=\"sip:park+6001@127.0.0.1\"")).toList();
    PresenceProbe probe = await(fs.subscribeBlf("6001", "1001"));
    assertThat(probe.to()).isEqualTo("park+6001@127.0.0.1");

    await(fs.fireEvent("PRESENCE_IN", lamp("6001", "Holding", "confirmed", "1"), null));
    await(fs.fireEvent("PRESENCE_IN", EslHeaders.of("proto", "park", "login", "6001", "from", "6001@127.0.0.1",
        "force-status", "Empty", "rpid", "unknown", "event_type", "presence", "alt_event_type", "dialog",
        "event_count", "2", "unique-id", "6001", "channel-state", "CS_HANGUP", "answer-state", "terminated",
        "presence-call-direction", "inbound"), null));

    List<BlfNotify> notifies = fs.blfNotifies();
    assertThat(notifies).extracting(BlfNotify::state).containsExactly("terminated", "confirmed", "terminated");
    assertThat(notifies).extracting(BlfNotify::body).containsExactlyElementsOf(captured);
    assertThat(notifies).allMatch(n -> n.subscriber().equals("1001@127.0.0.1") && n.subCallId().equals(probe.subCallId()));
    assertThat(fs.blfState("6001")).isEqualTo("terminated");
  }

  @Test
  void statusHoldingOrAnEarlyAnswerStateBlinksAndOnlyParkEventsForTheSlotReachIt() {
    String captured = dialogInfoBodies("blf_sendevent_sip.txt").stream()
        .filter(b -> b.contains("sip:park+6024@127.0.0.1\"") && b.contains("<state>early</state>")).findFirst()
        .orElseThrow();
    await(fs.subscribeBlf("6024", "1001"));
    await(fs.subscribeBlf("6031", "1001"));

    await(fs.fireEvent("PRESENCE_IN", plus(lamp("6024", "Active (1 caller)", "confirmed", "1"), "status", "Holding"), null));
    await(fs.fireEvent("PRESENCE_IN", lamp("6031", "Active (1 caller)", "early", "1"), null));
    await(fs.fireEvent("PRESENCE_IN", minus(lamp("6024", "Empty", "terminated", "2"), "proto"), null));
    await(fs.fireEvent("PRESENCE_IN", lamp("6025", "Holding", "confirmed", "1"), null));

    List<BlfNotify> later = fs.blfNotifies().stream().filter(n -> n.version() > 0).toList();
    assertThat(later).extracting(BlfNotify::entity, BlfNotify::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("park+6024@127.0.0.1", "early"),
        org.assertj.core.groups.Tuple.tuple("park+6031@127.0.0.1", "early"));
    assertThat(later.get(0).body()).isEqualTo(captured);
  }

  private static EslHeaders plus(EslHeaders h, String name, String value) {
    return EslHeaders.builder().addAll(h).add(name, value).build();
  }

  private static EslHeaders minus(EslHeaders h, String name) {
    EslHeaders.Builder b = EslHeaders.builder();
    for (int i = 0; i < h.size(); i++) {
      if (!h.name(i).equals(name)) {
        b.add(h.name(i), h.value(i));
      }
    }
    return b.build();
  }

  private static EslHeaders lamp(String slot, String status, String answerState, String count) {
    return EslHeaders.of("proto", "park", "login", slot, "from", slot + "@127.0.0.1", "rpid", "active",
        "force-status", status, "event_type", "presence", "alt_event_type", "dialog", "event_count", count,
        "unique-id", slot, "channel-state", "CS_ROUTING", "answer-state", answerState,
        "presence-call-direction", "outbound");
  }
}
