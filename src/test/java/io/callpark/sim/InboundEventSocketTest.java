package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslFrameWriter;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InboundEventSocketTest {
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
  void greetsWithAuthRequestAndAcceptsTheRightPassword() {
    try (EslTestClient c = EslTestClient.connect(vertx, fs.port())) {
      EslFrame greeting = c.nextReply();
      assertThat(greeting.kind()).isEqualTo(FrameKind.AUTH_REQUEST);
      assertThat(greeting.body()).isEmpty();
      EslFrame reply = c.call(new EslCommand.Auth("ClueCon"));
      assertThat(reply.kind()).isEqualTo(FrameKind.COMMAND_REPLY);
      assertThat(reply.replyText()).isEqualTo("+OK accepted");
    }
  }

  @Test
  void wrongPasswordIsRefusedWithGoodbyeAndClose() {
    try (EslTestClient c = EslTestClient.connect(vertx, fs.port())) {
      c.nextReply();
      assertThat(c.call(new EslCommand.Auth("nope")).replyText()).isEqualTo("-ERR invalid");
      EslFrame bye = c.nextReply();
      assertThat(bye.kind()).isEqualTo(FrameKind.DISCONNECT_NOTICE);
      assertThat(bye.bodyAsString()).isEqualTo(EslFrameWriter.GOODBYE);
      await().atMost(Duration.ofSeconds(2)).until(c::closed);
    }
  }

  @Test
  void commandsBeforeAuthAreNotFoundAndTheConnectionStaysOpen() {
    try (EslTestClient c = EslTestClient.connect(vertx, fs.port())) {
      c.nextReply();
      assertThat(c.call(new EslCommand.Api("status")).replyText()).isEqualTo("-ERR command not found");
      assertThat(c.call(new EslCommand.Auth("ClueCon")).replyText()).isEqualTo("+OK accepted");
      assertThat(c.api("status")).startsWith("UP 0 years, 0 days, 0 hours, 0 minutes, ");
    }
  }

  @Test
  void apiStatusAnswersLikeFreeSwitch1111() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      String body = c.api("status");
      List<String> lines = body.lines().toList();
      assertThat(lines.get(0)).matches("UP 0 years, 0 days, 0 hours, 0 minutes, \\d+ seconds, \\d+ milliseconds, \\d+ microseconds");
      assertThat(lines.get(1)).isEqualTo("FreeSWITCH (Version 1.11.1-release  64bit) is ready");
      assertThat(lines).contains("2000 session(s) max", "Current Stack Size/Max 240K/8192K");
      assertThat(body).endsWith("\n");
    }
  }

  @Test
  void apiErrorsUseTheCapturedTexts() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.api("uuid_bridge bogus bogus")).isEqualTo("-ERR Invalid uuid\n");
      assertThat(c.api("uuid_kill 00000000-0000-0000-0000-000000000000")).isEqualTo("-ERR No such channel!\n");
      assertThat(c.api("uuid_transfer 00000000-0000-0000-0000-000000000000 9999 XML default"))
          .isEqualTo("-ERR No such channel!\n");
      assertThat(c.api("show channels as json")).isEqualTo("{\"row_count\": 0}\n");
      assertThat(c.api("show channels count")).isEqualTo("\n0 total.\n");
      assertThat(c.api("no_such_api")).isEqualTo("-ERR no_such_api Command not found!\n");
      assertThat(c.call(new EslCommand.Log(7)).replyText()).isEqualTo("+OK log level 7 [7]");
      assertThat(c.call(new EslCommand.NoLog()).replyText()).isEqualTo("+OK no longer logging");
      c.sendRaw("foo\n\n");
      assertThat(c.nextReply().replyText()).isEqualTo("-ERR command not found");
    }
  }

  @Test
  void bgapiRepliesWithJobUuidThenBackgroundJobCarriesTheOutput() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("BACKGROUND_JOB"), List.of()));
      EslFrame reply = c.call(new EslCommand.BgApi("status", "ba27e352-5b54-4a07-b03b-01b87b260ab2"));
      assertThat(reply.replyText()).isEqualTo("+OK Job-UUID: ba27e352-5b54-4a07-b03b-01b87b260ab2");
      assertThat(reply.headers().get("Job-UUID")).isEqualTo("ba27e352-5b54-4a07-b03b-01b87b260ab2");
      EslEvent job = c.awaitEvent("BACKGROUND_JOB");
      assertThat(job.header("Job-UUID")).isEqualTo("ba27e352-5b54-4a07-b03b-01b87b260ab2");
      assertThat(job.header("Job-Command")).isEqualTo("status");
      assertThat(job.body()).contains("is ready");
      assertThat(job.header("Content-Length")).isEqualTo(Integer.toString(job.body().length()));
    }
  }

  @Test
  void bgapiWithoutJobUuidMakesOne() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("ALL"), List.of()));
      c.sendRaw("bgapi uuid_kill nope\n\n");
      EslFrame reply = c.nextReply();
      String job = reply.headers().get("Job-UUID");
      assertThat(reply.replyText()).isEqualTo("+OK Job-UUID: " + job);
      EslEvent api = c.awaitEvent("API");
      assertThat(api.header("API-Command")).isEqualTo("uuid_kill");
      assertThat(api.header("API-Command-Argument")).isEqualTo("nope");
      EslEvent bg = c.awaitEvent("BACKGROUND_JOB");
      assertThat(bg.header("Job-UUID")).isEqualTo(job);
      assertThat(bg.body()).isEqualTo("-ERR No such channel!\n");
    }
  }

  @Test
  void sendeventIsAcknowledgedWithItsUuidEchoedWithCommandHeaderAndRecorded() {
    try (EslTestClient listener = EslTestClient.authenticated(vertx, fs);
        EslTestClient sender = EslTestClient.authenticated(vertx, fs)) {
      listener.call(new EslCommand.Event("plain", List.of("PRESENCE_IN"), List.of()));
      EslHeaders presence = EslHeaders.of("proto", "park", "login", "6001", "from", "6001@127.0.0.1",
          "rpid", "active", "force-status", "Active (1 caller)", "event_type", "presence",
          "alt_event_type", "dialog", "event_count", "1", "unique-id", "6001", "channel-state", "CS_ROUTING",
          "answer-state", "confirmed", "presence-call-direction", "inbound");
      EslFrame ack = sender.call(new EslCommand.SendEvent("PRESENCE_IN", presence, null));
      assertThat(ack.replyText()).matches("\\+OK [0-9a-f-]{36}");
      String eventUuid = ack.replyText().substring(4);

      EslEvent echo = listener.awaitEvent("PRESENCE_IN");
      assertThat(echo.headers().name(0)).isEqualTo("Command");
      assertThat(echo.header("Command")).isEqualTo("sendevent PRESENCE_IN");
      assertThat(echo.headers().name(1)).isEqualTo("proto");
      assertThat(echo.header("Event-UUID")).isEqualTo(eventUuid);
      assertThat(echo.header("Core-UUID")).isEqualTo(fs.coreUuid());
      assertThat(echo.header("force-status")).isEqualTo("Active (1 caller)");

      assertThat(fs.presenceIn()).singleElement().satisfies(e -> {
        assertThat(e.header("login")).isEqualTo("6001");
        assertThat(e.header("answer-state")).isEqualTo("confirmed");
      });
    }
  }

  @Test
  void filtersNarrowWhatAListenerGetsAndCanBeDeleted() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("CUSTOM"), List.of("test::a")));
      assertThat(c.call(new EslCommand.Filter("X-Which", "two", false)).replyText())
          .isEqualTo("+OK filter added. [X-Which]=[two]");
      fireCustom("test::a", "one");
      fireCustom("test::a", "two");
      fireCustom("test::b", "two");
      assertThat(c.nextEvent().header("X-Which")).isEqualTo("two");
      assertThat(c.call(new EslCommand.Filter("X-Which", "two", true)).replyText())
          .isEqualTo("+OK filter deleted. [X-Which][two]");
      fireCustom("test::a", "three");
      EslEvent e = c.nextEvent();
      assertThat(e.header("X-Which")).isEqualTo("three");
      assertThat(e.subclass()).isEqualTo("test::a");
      assertThat(c.drainEvents()).isEmpty();
    }
  }

  @Test
  void nixeventAndNoeventsStopDelivery() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.call(new EslCommand.Event("plain", List.of("ALL"), List.of())).replyText())
          .isEqualTo("+OK event listener enabled plain");
      assertThat(c.call(new EslCommand.NixEvent(List.of("HEARTBEAT"))).replyText()).isEqualTo("+OK events nixed");
      await(fs.fireHeartbeat());
      assertThat(c.nextEvent().name()).isEqualTo("RE_SCHEDULE");
      assertThat(c.call(new EslCommand.NoEvents()).replyText()).isEqualTo("+OK no longer listening for events");
      assertThat(c.call(new EslCommand.NoEvents()).replyText()).isEqualTo("-ERR not listening for events");
    }
  }

  @Test
  void jsonListenersGetEventJson() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.call(new EslCommand.Event("json", List.of("HEARTBEAT"), List.of())).replyText())
          .isEqualTo("+OK event listener enabled json");
      await(fs.fireHeartbeat());
      EslEvent hb = c.nextEvent();
      assertThat(c.frames()).last().extracting(EslFrame::kind).isEqualTo(FrameKind.EVENT_JSON);
      assertThat(hb.name()).isEqualTo("HEARTBEAT");
      assertThat(hb.header("Event-Info")).isEqualTo("System Ready");
    }
  }

  @Test
  void exitSaysByeSendsTheGoodbyeNoticeAndCloses() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      assertThat(c.call(new EslCommand.Exit()).replyText()).isEqualTo("+OK bye");
      EslFrame notice = c.nextReply();
      assertThat(notice.kind()).isEqualTo(FrameKind.DISCONNECT_NOTICE);
      assertThat(notice.bodyAsString()).isEqualTo("Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
      await().atMost(Duration.ofSeconds(2)).until(c::closed);
    }
  }

  @Test
  void recordsEveryCommandWithItsConnection() throws InterruptedException {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.api("status");
      assertThat(fs.takeRequest(Duration.ofSeconds(1)).verb()).isEqualTo("auth");
      RecordedRequest api = fs.takeRequest(Duration.ofSeconds(1));
      assertThat(api.line()).isEqualTo("api status");
      assertThat(api.kind()).isEqualTo(ConnectionInfo.Kind.INBOUND);
      assertThat(fs.connections()).extracting(ConnectionInfo::id).contains(api.connectionId());
      assertThat(api.request().toString()).doesNotContain("ClueCon");
    }
  }

  private void fireCustom(String subclass, String which) {
    await(fs.fireEvent("CUSTOM", EslHeaders.of("Event-Subclass", subclass, "X-Which", which), null));
  }
}
