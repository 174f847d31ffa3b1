package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The api commands of the fake with the captured texts (facts 40–41, 51) and the hooks tests add. */
class ApiCommandsTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .dialplan(FakeDialplan.likeTheCaptures("127.0.0.1:1")).heartbeat(Duration.ofMillis(100)).build()));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    await(vertx.close());
  }

  @Test
  void originateOfALoopbackCallReturnsTheALegParkedBesideTheBLegPlayingMusic() throws Exception {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("CHANNEL_PARK", "PLAYBACK_START"), List.of()));
      String reply = c.api("originate {origination_caller_id_name=Alice,origination_caller_id_number=1000}loopback/9999/default &park()");
      assertThat(reply).matches("\\+OK [0-9a-f-]{36}\n");
      String aLeg = reply.substring(4).trim();
      // inbound_esl_session: the -b leg's music starts, then the answered -a leg parks
      assertThat(c.awaitEvent("PLAYBACK_START").header("Channel-Name")).isEqualTo("loopback/9999-b");
      EslEvent park = c.awaitEvent("CHANNEL_PARK");
      assertThat(park.uniqueId()).isEqualTo(aLeg);
      assertThat(park.header("Channel-Name")).isEqualTo("loopback/9999-a");

      JsonNode json = new ObjectMapper().readTree(c.api("show channels as json"));
      assertThat(json.get("row_count").asInt()).isEqualTo(2);
      assertThat(json.get("rows")).extracting(r -> r.get("name").asText())
          .containsExactlyInAnyOrder("loopback/9999-a", "loopback/9999-b");
      assertThat(c.api("show channels as json")).doesNotEndWith("\n").startsWith("{\"row_count\":2,\"rows\":[{\"uuid\":");
      assertThat(c.api("show channels count")).isEqualTo("\n2 total.\n");
      assertThat(c.api("show channels")).startsWith("uuid,direction,created,").endsWith("\n\n2 total.\n");

      assertThat(c.api("hupall NORMAL_CLEARING")).isEqualTo("+OK hangup all channels with cause NORMAL_CLEARING\n");
      await().atMost(Duration.ofSeconds(2)).until(() -> fs.channels().isEmpty());
    }
  }

  @Test
  void originateAnswersOnlyOnceTheFarEndHasAnsweredAndHoldsBackTheNextCommand() {
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .endpoint(SimEndpoint.answering(Duration.ofMillis(300))).build()));
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      long t0 = System.nanoTime();
      c.send(new EslCommand.Api("originate {origination_caller_id_name=Recall}user/1001 &park()"));
      c.send(new EslCommand.Api("show channels count"));
      String reply = c.nextReply().bodyAsString();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
      assertThat(reply).matches("\\+OK [0-9a-f-]{36}\n");
      assertThat(c.nextReply().bodyAsString()).isEqualTo("\n1 total.\n");
      String uuid = reply.substring(4).trim();
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fs.channel(uuid)).hasValueSatisfying(ch -> {
        assertThat(ch.name()).isEqualTo("sofia/internal/1001@127.0.0.1");
        assertThat(ch.answered()).isTrue();
        assertThat(ch.application()).isEqualTo("park");
      }));
    }
  }

  @Test
  void originateToABusyPhoneFailsWithItsCauseAndBgapiReportsIt() {
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(SimEndpoint.rejecting("USER_BUSY")).build()));
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("originate user/1001 &park()")).isEqualTo("-ERR USER_BUSY\n");
      c.call(new EslCommand.Event("plain", List.of("BACKGROUND_JOB"), List.of()));
      c.call(new EslCommand.BgApi("originate user/1001 &park()", "job-1"));
      EslEvent job = c.awaitEvent("BACKGROUND_JOB");
      assertThat(job.body()).isEqualTo("-ERR USER_BUSY\n");
      assertThat(job.header("Job-Command-Arg")).isEqualTo("user/1001 &park()");
    }
  }

  @Test
  void originateThatNobodyAnswersTimesOutWithNoAnswer() {
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(SimEndpoint.answering(Duration.ofHours(1))).build()));
    assertThat(await(fs.api("originate {originate_timeout=1}user/1001 &park()"))).isEqualTo("-ERR NO_ANSWER\n");
    await().atMost(Duration.ofSeconds(2)).until(() -> fs.channels().isEmpty());
  }

  @Test
  void uuidSendDtmfArrivesOnTheOtherLoopbackLeg() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("DTMF"), List.of()));
      String aLeg = c.api("originate loopback/9999/default &park()").substring(4).trim();
      await().atMost(Duration.ofSeconds(2)).until(() -> fs.channels().size() == 2);
      assertThat(c.api("uuid_send_dtmf " + aLeg + " 7")).isEqualTo("+OK Success\n");
      EslEvent dtmf = c.awaitEvent("DTMF");
      assertThat(dtmf.header("DTMF-Digit")).isEqualTo("7");
      assertThat(dtmf.header("Channel-Name")).isEqualTo("loopback/9999-b");
    }
  }

  @Test
  void variablesCanBeSetReadAndCheckedForExistence() {
    String uuid = await(fs.dial("9999"));
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("uuid_exists " + uuid)).isEqualTo("true");
      assertThat(c.api("uuid_exists 00000000-0000-0000-0000-000000000000")).isEqualTo("false");
      assertThat(c.api("uuid_setvar " + uuid + " callpark_slot 6001")).isEqualTo("+OK\n");
      assertThat(c.api("uuid_getvar " + uuid + " callpark_slot")).isEqualTo("6001");
      assertThat(fs.channel(uuid)).hasValueSatisfying(s -> assertThat(s.variable("callpark_slot")).isEqualTo("6001"));
      assertThat(c.api("uuid_kill " + uuid)).isEqualTo("+OK\n");
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() ->
          assertThat(fs.channel(uuid)).hasValueSatisfying(s -> assertThat(s.ended()).isTrue()));
      assertThat(c.api("uuid_getvar " + uuid + " callpark_slot")).isEqualTo("-ERR No such channel!\n");
    }
  }

  @Test
  void chatMessagesAreRecordedAndAnsweredAsModDptoolsDoes() {
    assertThat(await(fs.api("chat sip|1000@127.0.0.1|1001@127.0.0.1|Call parked on 6001|text/plain"))).isEqualTo("Sent");
    assertThat(await(fs.api("chat sip|only-three|parts"))).isEqualTo("Invalid");
    assertThat(fs.chats()).singleElement().satisfies(m -> {
      assertThat(m.to()).isEqualTo("1001@127.0.0.1");
      assertThat(m.body()).isEqualTo("Call parked on 6001");
      assertThat(m.type()).isEqualTo("text/plain");
    });
  }

  @Test
  void customApiHandlersWinOverBuiltIns() {
    fs.registerApi("valet_info", args -> "<lots>\n</lots>\n");
    fs.registerApi("status", args -> "DOWN\n");
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("valet_info")).isEqualTo("<lots>\n</lots>\n");
      assertThat(c.api("status")).isEqualTo("DOWN\n");
    }
  }

  @Test
  void heartbeatsComeOnTheConfiguredInterval() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("HEARTBEAT"), List.of()));
      EslEvent first = c.awaitEvent("HEARTBEAT");
      EslEvent second = c.awaitEvent("HEARTBEAT");
      assertThat(Long.parseLong(second.sequence())).isGreaterThan(Long.parseLong(first.sequence()));
      assertThat(first.header("FreeSWITCH-Version")).isEqualTo("1.11.1-release~64bit");
    }
  }
}
