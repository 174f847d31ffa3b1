package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.FrameKind;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A controller's view of a call the fake hands to it with {@code socket <controller> async full}. */
class OutboundSocketTest {
  private Vertx vertx;
  private TestController controller;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    controller = new TestController(vertx);
    FakeDialplan dialplan = FakeDialplan.likeTheCaptures(controller.address());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(dialplan).build()));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    controller.close();
    await(vertx.close());
  }

  private EslTestClient connected(EslTestClient s) {
    assertThat(s.call(new EslCommand.MyEvents(null, null)).replyText()).isEqualTo("+OK Events Enabled");
    assertThat(s.call(new EslCommand.Linger(null)).replyText()).isEqualTo("+OK will linger");
    return s;
  }

  @Test
  void connectReplyCarriesTheChannelDataAsHeaders() {
    String uuid = await(fs.placeCall(CallSpec.builder("5000").from("Alice", "1000")
        .variable("sip_h_Referred-By", "<sip:1001@127.0.0.1>").build()));
    try (EslTestClient s = controller.accept()) {
      EslFrame reply = s.call(new EslCommand.Connect());
      assertThat(reply.kind()).isEqualTo(FrameKind.COMMAND_REPLY);
      assertThat(reply.headers().contains("Content-Length")).isFalse();
      assertThat(reply.headers().name(0)).isEqualTo("Event-Name");
      assertThat(reply.headers().get("Reply-Text")).isEqualTo("%2BOK%0A");
      assertThat(reply.replyText()).isEqualTo("+OK\n");
      EslEvent data = EslEvent.fromChannelData(reply);
      assertThat(data.name()).isEqualTo("CHANNEL_DATA");
      assertThat(data.uniqueId()).isEqualTo(uuid);
      assertThat(data.header("Core-UUID")).isEqualTo(fs.coreUuid());
      assertThat(data.header("Channel-Name")).isEqualTo("sofia/internal/1000@127.0.0.1");
      assertThat(data.header("Caller-Caller-ID-Name")).isEqualTo("Alice");
      assertThat(data.header("Caller-Destination-Number")).isEqualTo("5000");
      assertThat(data.header("Channel-State")).isEqualTo("CS_EXECUTE");
      assertThat(data.header("Answer-State")).isEqualTo("ringing");
      assertThat(data.variable("sip_authorized")).isEqualTo("true");
      assertThat(data.variable("sip_h_Referred-By")).isEqualTo("<sip:1001@127.0.0.1>");
      assertThat(data.variable("current_application")).isEqualTo("socket");
      assertThat(data.variable("current_application_data")).isEqualTo(controller.address() + " async full");
      assertThat(data.header("Socket-Mode")).isEqualTo("async");
      assertThat(data.header("Control")).isEqualTo("full");
      List<String> names = reply.headers().asPairs().stream().map(p -> p.get(0)).toList();
      assertThat(names.subList(names.size() - 4, names.size()))
          .containsExactly("Content-Type", "Reply-Text", "Socket-Mode", "Control");
    }
  }

  @Test
  void myeventsConnectionsGetOnlyTheirOwnChannelsEventsWhileAnAllListenerGetsEveryones() {
    try (EslTestClient all = EslTestClient.authenticated(vertx, fs)) {
      all.call(new EslCommand.Event("plain", List.of("ALL"), List.of()));
      String first = await(fs.dial("5000"));
      String second = await(fs.dial("5000"));
      try (EslTestClient a = connected(controller.accept()); EslTestClient b = connected(controller.accept())) {
        a.call(new EslCommand.Connect());
        b.call(new EslCommand.Connect());
        a.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
        b.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
        EslEvent doneA = a.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
        EslEvent doneB = b.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
        assertThat(java.util.Set.of(doneA.uniqueId(), doneB.uniqueId())).containsExactlyInAnyOrder(first, second);
        assertThat(a.drainEvents()).allSatisfy(e -> assertThat(e.uniqueId()).isEqualTo(doneA.uniqueId()));
        assertThat(b.drainEvents()).allSatisfy(e -> assertThat(e.uniqueId()).isEqualTo(doneB.uniqueId()));
        all.awaitEvent(e -> "CHANNEL_ANSWER".equals(e.name()) && first.equals(e.uniqueId()));
        all.awaitEvent(e -> "CHANNEL_ANSWER".equals(e.name()) && second.equals(e.uniqueId()));
      }
      // Their connections gone, the channels' later events still reach the ALL listener (and nothing breaks).
      // The box may already have ended the channel on the close (seen once in a full run): either way it ends.
      await(fs.hangup(first).otherwiseEmpty());
      all.awaitEvent(e -> "CHANNEL_HANGUP_COMPLETE".equals(e.name()) && first.equals(e.uniqueId()));
    }
  }

  @Test
  void executeAnswerParksFirstThenReportsOurApplicationUuid() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      EslFrame ack = s.call(EslCommand.SendMsg.execute(null, "answer", null, "76dd4938-7b73-428a-8b0b-376ab5a95d78", false, 1));
      assertThat(ack.replyText()).isEqualTo("+OK");
      assertThat(s.nextEvent().name()).isEqualTo("CHANNEL_PARK");
      EslEvent exec = s.nextEvent();
      assertThat(exec.name()).isEqualTo("CHANNEL_EXECUTE");
      assertThat(exec.header("Application")).isEqualTo("answer");
      assertThat(exec.header("Application-UUID")).isEqualTo("76dd4938-7b73-428a-8b0b-376ab5a95d78");
      EslEvent answer = s.nextEvent();
      assertThat(answer.name()).isEqualTo("CHANNEL_ANSWER");
      assertThat(answer.header("Answer-State")).isEqualTo("answered");
      EslEvent done = s.nextEvent();
      assertThat(done.name()).isEqualTo("CHANNEL_EXECUTE_COMPLETE");
      assertThat(done.header("Application-Response")).isEqualTo("_none_");
      assertThat(done.header("Application-UUID")).isEqualTo("76dd4938-7b73-428a-8b0b-376ab5a95d78");
      assertThat(done.uniqueId()).isEqualTo(uuid);
      assertThat(Long.parseLong(done.sequence())).isGreaterThan(Long.parseLong(exec.sequence()));
      assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
        assertThat(c.answered()).isTrue();
        assertThat(c.controlled()).isTrue();
      });
    }
  }

  @Test
  void playbackRunsUntilUuidBreakThenCompletesFilePlayed() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
      s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", "moh-1", false, 1));
      EslEvent exec = s.awaitEvent("CHANNEL_EXECUTE");
      assertThat(exec.header("Application-Data")).isEqualTo("local_stream://default");
      s.call(EslCommand.SendMsg.execute(null, "set", "foo=bar", null, false, 1));
      EslEvent setDone = s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
      assertThat(setDone.header("Application")).as("set runs nested while playback plays (fact 50)").isEqualTo("set");
      assertThat(s.api("uuid_getvar " + uuid + " foo")).isEqualTo("bar");
      assertThat(s.api("uuid_break " + uuid)).isEqualTo("+OK\n");
      EslEvent done = s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
      assertThat(done.header("Application")).isEqualTo("playback");
      assertThat(done.header("Application-UUID")).isEqualTo("moh-1");
      assertThat(done.header("Application-Response")).isEqualTo("FILE PLAYED");
    }
  }

  @Test
  void eventLockQueuesTheNextApplicationUntilTheLockedOneEnds() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", "moh", true, 1));
      s.awaitEvent(e -> "CHANNEL_EXECUTE".equals(e.name()) && "playback".equals(e.header("Application")));
      s.call(EslCommand.SendMsg.execute(null, "set", "foo=bar", null, false, 1));
      assertThat(s.api("uuid_getvar " + uuid + " foo")).isEqualTo("_undef_");
      s.api("uuid_break " + uuid);
      assertThat(s.awaitEvent("CHANNEL_EXECUTE_COMPLETE").header("Application")).isEqualTo("playback");
      assertThat(s.awaitEvent("CHANNEL_EXECUTE").header("Application")).isEqualTo("set");
      assertThat(s.awaitEvent("CHANNEL_EXECUTE_COMPLETE").header("Application")).isEqualTo("set");
      assertThat(s.api("uuid_getvar " + uuid + " foo")).isEqualTo("bar");
    }
  }

  @Test
  void dtmfFromTheCallerReachesPlayAndGetDigits() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "play_and_get_digits",
          "4 4 1 5000 # ivr/enter_slot.wav ivr/invalid.wav slot \\d+", "pagd", false, 1));
      s.awaitEvent("CHANNEL_EXECUTE");
      await(fs.sendDtmf(uuid, "6001"));
      assertThat(s.awaitEvent("DTMF").header("DTMF-Digit")).isEqualTo("6");
      EslEvent done = s.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()));
      assertThat(done.header("Application-UUID")).isEqualTo("pagd");
      assertThat(done.variable("slot")).isEqualTo("6001");
      assertThat(s.api("uuid_recv_dtmf " + uuid + " 42")).isEqualTo("+OK " + uuid + " received DTMF 42.\n");
      assertThat(s.awaitEvent("DTMF").header("DTMF-Digit")).isEqualTo("4");
      assertThat(s.awaitEvent("DTMF").header("DTMF-Digit")).isEqualTo("2");
    }
  }

  @Test
  void hangupFiresTheHangupEventsThenTheLingerNoticeThenCloses() {
    String uuid = await(fs.placeCall(CallSpec.builder("5000").loopback().build()));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", "moh", false, 1));
      s.awaitEvent(e -> "CHANNEL_EXECUTE".equals(e.name()) && "playback".equals(e.header("Application")));
      s.drainEvents();
      assertThat(s.call(EslCommand.SendMsg.hangup(null, "NORMAL_CLEARING")).replyText()).isEqualTo("+OK");
      List<String> seen = new java.util.ArrayList<>();
      EslEvent e;
      do {
        e = s.nextEvent();
        seen.add(e.name() + (e.header("Application") != null ? ":" + e.header("Application") : "")
            + (e.name().equals("CHANNEL_STATE") ? ":" + e.header("Channel-State") : ""));
      } while (!"CHANNEL_HANGUP_COMPLETE".equals(e.name()));
      assertThat(seen).containsExactly("CHANNEL_HANGUP", "CHANNEL_EXECUTE_COMPLETE:playback", "CHANNEL_UNPARK",
          "CHANNEL_EXECUTE_COMPLETE:socket", "CHANNEL_STATE:CS_HANGUP", "CHANNEL_STATE:CS_REPORTING",
          "CHANNEL_HANGUP_COMPLETE");
      assertThat(e.header("Hangup-Cause")).isEqualTo("NORMAL_CLEARING");
      assertThat(e.variable("hangup_cause_q850")).isEqualTo("16");
      EslFrame notice = s.nextReply();
      assertThat(notice.kind()).isEqualTo(FrameKind.DISCONNECT_NOTICE);
      assertThat(notice.headers().get("Content-Disposition")).isEqualTo("linger");
      assertThat(notice.headers().get("Controlled-Session-UUID")).isEqualTo(uuid);
      assertThat(notice.headers().get("Channel-Name")).isEqualTo("loopback/5000-b");
      assertThat(notice.headers().get("Linger-Time")).isEqualTo("-1");
      await().atMost(Duration.ofSeconds(2)).until(s::closed);
      assertThat(s.drainEvents()).isEmpty();
      assertThat(fs.channels()).isEmpty();
    }
  }

  @Test
  void sipCallerHangupSendsTheLingerNoticeBeforeReporting() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", null, false, 1));
      s.awaitEvent("CHANNEL_EXECUTE");
      await(fs.hangup(uuid));
      assertThat(s.awaitEvent(e -> "playback".equals(e.header("Application"))
          && "CHANNEL_EXECUTE_COMPLETE".equals(e.name())).header("Application-Response")).isEqualTo("PLAYBACK ERROR");
      assertThat(s.awaitEvent(e -> "CS_HANGUP".equals(e.header("Channel-State"))).name()).isEqualTo("CHANNEL_STATE");
      assertThat(s.nextReply().headers().get("Content-Disposition")).isEqualTo("linger");
      await().atMost(Duration.ofSeconds(2)).until(s::closed);
      List<EslFrame> frames = s.frames();
      int notice = frames.indexOf(frames.stream().filter(f -> f.kind() == FrameKind.DISCONNECT_NOTICE).findFirst().orElseThrow());
      assertThat(frames.subList(notice + 1, frames.size()))
          .extracting(f -> io.callpark.esl.codec.EslEvent.from(f).name())
          .as("outbound_sip_call: the last events follow the linger notice")
          .containsExactly("CHANNEL_STATE", "CHANNEL_HANGUP_COMPLETE");
    }
  }

  @Test
  void withoutLingerTheControllerGetsTheGoodbyeDisconnectNotice() {
    String uuid = await(fs.placeCall(CallSpec.builder("5000").loopback().build()));
    try (EslTestClient s = controller.accept()) {
      s.call(new EslCommand.Connect());
      s.call(new EslCommand.MyEvents(null, null));
      s.call(EslCommand.SendMsg.hangup(null, "NORMAL_CLEARING"));
      s.awaitEvent("CHANNEL_HANGUP_COMPLETE");
      EslFrame notice = s.nextReply();
      assertThat(notice.headers().get("Content-Disposition")).isEqualTo("disconnect");
      assertThat(notice.headers().get("Controlled-Session-UUID")).isEqualTo(uuid);
      assertThat(notice.bodyAsString()).startsWith("Disconnected, goodbye.");
      await().atMost(Duration.ofSeconds(2)).until(s::closed);
    }
  }

  @Test
  void unknownApplicationIsAcknowledgedThenHangsUpDestinationOutOfOrder() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      assertThat(s.call(EslCommand.SendMsg.execute(null, "no_such_app", null, null, false, 1)).replyText()).isEqualTo("+OK");
      EslEvent hangup = s.awaitEvent("CHANNEL_HANGUP");
      assertThat(hangup.header("Hangup-Cause")).isEqualTo("DESTINATION_OUT_OF_ORDER");
      await().untilAsserted(() -> assertThat(fs.channel(uuid)).hasValueSatisfying(c -> {
        assertThat(c.ended()).isTrue();
        assertThat(c.hangupCause()).isEqualTo("DESTINATION_OUT_OF_ORDER");
      }));
    }
  }

  @Test
  void transferKeepsTheSocketAttachedToTheChannel() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = connected(controller.accept())) {
      s.call(new EslCommand.Connect());
      s.call(EslCommand.SendMsg.execute(null, "transfer", "9999 XML default", "xfer", false, 1));
      assertThat(s.awaitEvent("CHANNEL_EXECUTE_COMPLETE").header("Application")).isEqualTo("transfer");
      assertThat(s.nextEvent().name()).isEqualTo("CHANNEL_UNPARK");
      assertThat(s.nextEvent().header("Application")).isEqualTo("socket");
      EslEvent answer = s.awaitEvent("CHANNEL_ANSWER");
      assertThat(answer.header("Caller-Destination-Number")).isEqualTo("9999");
      assertThat(answer.variable("transfer_source")).contains(":bl_xfer:9999/default/XML");
      s.call(EslCommand.SendMsg.hangup(null, "NORMAL_CLEARING"));
      s.awaitEvent("CHANNEL_HANGUP_COMPLETE");
      assertThat(fs.channel(uuid)).hasValueSatisfying(c -> assertThat(c.ended()).isTrue());
    }
  }

  @Test
  void apiWorksOverTheOutboundSocket() {
    String uuid = await(fs.dial("5000"));
    try (EslTestClient s = controller.accept()) {
      s.call(new EslCommand.Connect());
      assertThat(s.api("uuid_getvar " + uuid + " nothing_here")).isEqualTo("_undef_");
      assertThat(s.api("uuid_setvar " + uuid + " callpark_slot 6001")).isEqualTo("+OK\n");
      assertThat(s.api("uuid_getvar " + uuid + " callpark_slot")).isEqualTo("6001");
      assertThat(fs.requests()).filteredOn(r -> r.kind() == ConnectionInfo.Kind.OUTBOUND)
          .extracting(RecordedRequest::channelUuid).containsOnly(uuid);
    }
  }
}
