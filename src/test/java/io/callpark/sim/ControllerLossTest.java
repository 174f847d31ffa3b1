package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the box does with a call when its controller goes away or is replaced (facts 16–17, 28–29, 55–58). */
class ControllerLossTest {
  private Vertx vertx;
  private TestController a;
  private TestController b;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    a = new TestController(vertx);
    b = new TestController(vertx);
    FakeDialplan d = FakeDialplan.likeTheCaptures(a.address());
    d.extension("5004", "set socket_resume=true", "socket " + a.address() + " async full",
        "socket " + b.address() + " async full");
    d.extension("5006", "set socket_resume=true", "socket " + b.address() + " async full");
    d.extension("5010", "socket 127.0.0.1:1 async full", "log INFO nobody home", "park");
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(d).build()));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    a.close();
    b.close();
    await(vertx.close());
  }

  /** connect, myevents, answer, set callpark_slot, and optionally music on hold. */
  private EslTestClient take(TestController c, boolean moh) {
    EslTestClient s = c.accept();
    s.call(new EslCommand.Connect());
    s.call(new EslCommand.MyEvents(null, null));
    s.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
    s.call(EslCommand.SendMsg.execute(null, "set", "callpark_slot=6001", null, false, 1));
    s.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "set".equals(e.header("Application")));
    if (moh) {
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", null, false, 1));
      s.awaitEvent(e -> "CHANNEL_EXECUTE".equals(e.name()) && "playback".equals(e.header("Application")));
    }
    return s;
  }

  private List<String> appsExecuted(String uuid) {
    return fs.firedEvents().stream()
        .filter(e -> "CHANNEL_EXECUTE".equals(e.name()) && uuid.equals(e.uniqueId()))
        .map(e -> e.header("Application")).toList();
  }

  @Test
  void withSocketResumeTheDialplanContinuesAfterTheControllerDiesDuringMusicOnHold() {
    String uuid = await(fs.dial("5002"));
    EslTestClient s = take(a, true);
    s.close();
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
      assertThat(c.ended()).isFalse();
      assertThat(c.application()).isEqualTo("park");
      assertThat(c.variable("callpark_slot")).isEqualTo("6001");
    }));
    assertThat(appsExecuted(uuid)).containsExactly("set", "socket", "answer", "set", "playback", "log", "playback", "park");
    EslEvent cut = fs.firedEvents().stream().filter(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name())
        && "local_stream://default".equals(e.header("Application-Data"))).findFirst().orElseThrow();
    assertThat(cut.header("Application-Response")).isEqualTo("PLAYBACK ERROR");
  }

  @Test
  void aResumedCallReachesTheNextControllerWithTheVariablesTheFirstOneSet() {
    String uuid = await(fs.dial("5004"));
    take(a, true).close();
    try (EslTestClient second = b.accept()) {
      EslEvent data = EslEvent.fromChannelData(second.call(new EslCommand.Connect()));
      assertThat(data.uniqueId()).isEqualTo(uuid);
      assertThat(data.header("Answer-State")).isEqualTo("answered");
      assertThat(data.variable("callpark_slot")).isEqualTo("6001");
      assertThat(data.variable("socket_resume")).isEqualTo("true");
    }
  }

  @Test
  void withoutSocketResumeAnIdleCallIsHungUpWhenTheControllerDies() {
    String uuid = await(fs.dial("5000"));
    take(a, false).close();
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
      assertThat(c.ended()).isTrue();
      assertThat(c.hangupCause()).isEqualTo("NORMAL_CLEARING");
    }));
  }

  @Test
  void withoutSocketResumeMusicOnHoldOutlivesTheControllerAndTheCallEndsWhenItIsBroken() {
    String uuid = await(fs.dial("5003"));
    EslTestClient s = take(a, true);
    long conn = fs.channel(uuid).orElseThrow().controllerConnections().get(0);
    s.close();
    await().atMost(Duration.ofSeconds(3)).until(() -> fs.connections().stream()
        .anyMatch(c -> c.id() == conn && !c.open()));
    assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
      assertThat(c.ended()).isFalse();
      assertThat(c.application()).isEqualTo("playback");
    });
    assertThat(await(fs.api("uuid_break " + uuid + " all"))).isEqualTo("+OK\n");
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
      assertThat(c.ended()).isTrue();
      assertThat(c.hangupCause()).isEqualTo("NORMAL_CLEARING");
    }));
    assertThat(appsExecuted(uuid)).as("nothing after socket ran (fact 55)").doesNotContain("log", "park");
  }

  @Test
  void socketFailsOverToTheNextTargetWhenTheFirstRefuses() {
    String uuid = await(fs.dial("5001"));
    try (EslTestClient s = a.accept()) {
      EslEvent data = EslEvent.fromChannelData(s.call(new EslCommand.Connect()));
      assertThat(data.uniqueId()).isEqualTo(uuid);
      assertThat(data.variable("current_application_data")).startsWith("127.0.0.1:1|");
    }
  }

  @Test
  void whenNoTargetAcceptsTheSocketApplicationReturnsAndTheDialplanGoesOn() {
    String uuid = await(fs.dial("5010"));
    await().atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(fs.channel(uuid)).hasValueSatisfying(c -> assertThat(c.application()).isEqualTo("park")));
    assertThat(appsExecuted(uuid)).containsExactly("socket", "log", "park");
  }

  @Test
  void uuidTransferRehomesACallFromAFrozenControllerToAnotherOne() {
    String uuid = await(fs.dial("5000"));
    EslTestClient frozen = take(a, true);
    try (EslTestClient survivor = EslTestClient.authenticated(vertx, fs)) {
      assertThat(survivor.api("uuid_transfer " + uuid + " 5006 XML default")).isEqualTo("+OK\n");
    }
    try (EslTestClient second = b.accept()) {
      EslFrame reply = second.call(new EslCommand.Connect());
      EslEvent data = EslEvent.fromChannelData(reply);
      assertThat(data.uniqueId()).isEqualTo(uuid);
      assertThat(data.header("Caller-Destination-Number")).isEqualTo("5006");
      assertThat(data.header("Caller-RDNIS")).isEqualTo("5000");
      assertThat(data.variable("callpark_slot")).isEqualTo("6001");
      assertThat(data.variable("transfer_source")).endsWith(":bl_xfer:5006/default/XML");
    }
    assertThat(frozen.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name())
        && "socket".equals(e.header("Application"))).uniqueId()).isEqualTo(uuid);
    frozen.close();
  }
}
