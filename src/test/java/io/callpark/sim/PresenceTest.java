package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Busy-lamp traffic: the probes a phone's SUBSCRIBE causes, and the PRESENCE_IN the box is sent (facts 59–66). */
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

  private static EslHeaders lamp(String slot, String status, String answerState, String count) {
    return EslHeaders.of("proto", "park", "login", slot, "from", slot + "@127.0.0.1", "rpid", "active",
        "force-status", status, "event_type", "presence", "alt_event_type", "dialog", "event_count", count,
        "unique-id", slot, "channel-state", "CS_ROUTING", "answer-state", answerState,
        "presence-call-direction", "outbound");
  }
}
