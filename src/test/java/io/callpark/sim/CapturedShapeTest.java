package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslFrame;
import io.callpark.esl.codec.EslHeaders;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's frames have the captured shape: the same header names in the same order as the frames real
 * FreeSWITCH 1.11.1 wrote in the same situation (the expected parses in ../shared/freeswitch/*.frames.json,
 * on the test classpath under /fixtures). Values differ (uuids, times); names and order must not.
 */
class CapturedShapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Vertx vertx;
  private TestController controller;
  private FakeFreeSwitch fs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    controller = new TestController(vertx);
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .dialplan(FakeDialplan.likeTheCaptures(controller.address())).build()));
  }

  @AfterEach
  void stop() {
    await(fs.close());
    controller.close();
    await(vertx.close());
  }

  @Test
  void outboundSessionOfALoopbackCallHasTheCapturedHeaders() {
    await(fs.placeCall(CallSpec.builder("5000").from("Alice", "1000").loopback().build()));
    try (EslTestClient s = controller.accept()) {
      EslFrame connect = s.call(new EslCommand.Connect());
      assertThat(names(connect.headers())).isEqualTo(captured("outbound_esl_session", 0));
      s.call(new EslCommand.MyEvents(null, null));
      s.call(new EslCommand.Linger(null));
      s.call(EslCommand.SendMsg.execute(null, "answer", null, "76dd4938-7b73-428a-8b0b-376ab5a95d78", false, 1));
      EslEvent park = s.awaitEvent("CHANNEL_PARK");
      assertThat(names(park.headers())).isEqualTo(capturedEvent("outbound_esl_session", e -> true, "CHANNEL_PARK"));
      EslEvent exec = s.awaitEvent("CHANNEL_EXECUTE");
      assertThat(names(exec.headers())).isEqualTo(capturedEvent("outbound_esl_session",
          h -> "answer".equals(h.get("Application")), "CHANNEL_EXECUTE"));
      EslEvent answer = s.awaitEvent("CHANNEL_ANSWER");
      assertThat(names(answer.headers())).isEqualTo(capturedEvent("outbound_esl_session", h -> true, "CHANNEL_ANSWER"));
      EslEvent done = s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
      assertThat(names(done.headers())).isEqualTo(capturedEvent("outbound_esl_session",
          h -> "answer".equals(h.get("Application")), "CHANNEL_EXECUTE_COMPLETE"));
    }
  }

  @Test
  void aSipCallersConnectReplyHasTheVariablesOfAnAuthenticatedInvite() {
    await(fs.placeCall(CallSpec.builder("5000").from("Alice", "1000").build()));
    try (EslTestClient s = controller.accept()) {
      EslFrame connect = s.call(new EslCommand.Connect());
      List<String> expected = new ArrayList<>(captured("outbound_sip_auth_call", 0));
      expected.remove("variable_sip_subject"); // SIPp's own "Subject: callpark capture" header
      assertThat(names(connect.headers())).isEqualTo(expected);
      EslEvent data = EslEvent.fromChannelData(connect);
      assertThat(data.header("Channel-Name")).isEqualTo("sofia/internal/1000@127.0.0.1");
      assertThat(data.variable("sip_auth_username")).isEqualTo("1000");
      assertThat(data.variable("user_name")).isEqualTo("1000");
      assertThat(data.variable("presence_id")).isEqualTo("1000@127.0.0.1");
    }
  }

  @Test
  void theHangupOfOutboundSessionHasTheCapturedEventsAndCdrVariables() {
    String uuid = await(fs.placeCall(CallSpec.builder("5000").from("Alice", "1000").loopback().build()));
    try (EslTestClient s = controller.accept()) {
      s.call(new EslCommand.Connect());
      s.call(new EslCommand.MyEvents(null, null));
      s.call(new EslCommand.Linger(null));
      s.call(EslCommand.SendMsg.execute(null, "answer", null, "a9451079", false, 1));
      s.call(EslCommand.SendMsg.execute(null, "set", "callpark_slot=6001", null, true, 1));
      s.api("uuid_getvar " + uuid + " callpark_slot");
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", "80e142cf", false, 1));
      s.awaitEvent(e -> "playback".equals(e.header("Application")));
      s.api("uuid_recv_dtmf " + uuid + " 42");
      s.api("uuid_break " + uuid + " all");
      s.awaitEvent(e -> "FILE PLAYED".equals(e.header("Application-Response")));
      s.call(EslCommand.SendMsg.execute(null, "log", "INFO an argument carried in the body\n".repeat(30), null, false, 1));
      s.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "log".equals(e.header("Application")));
      s.call(EslCommand.SendMsg.execute(null, "no_such_app", null, null, false, 1));
      EslEvent hangup = s.awaitEvent("CHANNEL_HANGUP");
      assertThat(names(hangup.headers())).isEqualTo(capturedEvent("outbound_session", h -> true, "CHANNEL_HANGUP"));
      assertThat(names(s.nextEvent().headers())).isEqualTo(capturedEvent("outbound_session", h -> true, "CHANNEL_UNPARK"));
      EslEvent socket = s.nextEvent();
      assertThat(socket.header("Application")).isEqualTo("socket");
      assertThat(names(socket.headers())).isEqualTo(capturedEvent("outbound_session",
          h -> "socket".equals(h.get("Application")), "CHANNEL_EXECUTE_COMPLETE"));
      EslEvent complete = s.awaitEvent("CHANNEL_HANGUP_COMPLETE");
      assertThat(names(complete.headers()))
          .isEqualTo(capturedEvent("outbound_session", h -> true, "CHANNEL_HANGUP_COMPLETE"));
      assertThat(complete.header("Hangup-Cause")).isEqualTo("DESTINATION_OUT_OF_ORDER");
      assertThat(complete.variable("digits_dialed")).isEqualTo("42");
    }
  }

  @Test
  void dtmfAndStateEventsCarryTheProfileButNoVariables() {
    String uuid = await(fs.placeCall(CallSpec.builder("5000").loopback().build()));
    try (EslTestClient s = controller.accept()) {
      s.call(new EslCommand.Connect());
      s.call(new EslCommand.MyEvents(null, null));
      s.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
      s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
      s.api("uuid_recv_dtmf " + uuid + " 4");
      assertThat(names(s.awaitEvent("DTMF").headers())).isEqualTo(capturedEvent("outbound_esl_session", h -> true, "DTMF"));
    }
  }

  @Test
  void inboundEventsHaveTheCapturedHeaders() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("ALL"), List.of()));
      c.call(new EslCommand.BgApi("status", "ba27e352-5b54-4a07-b03b-01b87b260ab2"));
      assertThat(names(c.awaitEvent("API").headers())).isEqualTo(capturedEvent("inbound_esl_session",
          h -> "status".equals(h.get("API-Command")), "API"));
      assertThat(names(c.awaitEvent("BACKGROUND_JOB").headers()))
          .isEqualTo(capturedEvent("inbound_esl_session", h -> true, "BACKGROUND_JOB"));
      c.send(new EslCommand.SendEvent("PRESENCE_IN", EslHeaders.of("proto", "park", "login", "6001",
          "from", "6001@127.0.0.1", "status", "Active (1 caller)", "rpid", "active", "force-status", "Active (1 caller)",
          "event_type", "presence", "alt_event_type", "dialog", "event_count", "1", "unique-id", "6001",
          "channel-state", "CS_ROUTING", "answer-state", "confirmed", "presence-call-direction", "inbound"), null));
      assertThat(names(c.awaitEvent("PRESENCE_IN").headers()))
          .isEqualTo(capturedEvent("inbound_esl_session", h -> true, "PRESENCE_IN"));
      await(fs.fireHeartbeat());
      assertThat(names(c.awaitEvent("HEARTBEAT").headers()))
          .isEqualTo(capturedEvent("inbound_esl_session", h -> true, "HEARTBEAT"));
      assertThat(names(c.awaitEvent("RE_SCHEDULE").headers()))
          .isEqualTo(capturedEvent("inbound_esl_session", h -> true, "RE_SCHEDULE"));
      await(fs.firePresenceProbe("6001", "1001"));
      assertThat(names(c.awaitEvent("PRESENCE_PROBE").headers())).isEqualTo(capturedEvent("blf_esl_events_2",
          h -> "park".equals(h.get("proto")), "PRESENCE_PROBE"));
    }
  }

  @Test
  void sendeventWithABodyKeepsTheClientsHeadersAsCaptured() {
    try (EslTestClient c = EslTestClient.authenticated(vertx, fs)) {
      c.call(new EslCommand.Event("plain", List.of("CUSTOM"), List.of("test::capture")));
      c.sendRaw("sendevent CUSTOM\nEvent-Subclass: test::capture\nX-Test: a value with spaces\nContent-Length: 28\n\n"
          + "body line one\nbody line two\n");
      assertThat(c.nextReply().replyText()).startsWith("+OK ");
      EslEvent e = c.awaitEvent("CUSTOM");
      assertThat(names(e.headers())).isEqualTo(capturedEvent("inbound_session", h -> true, "CUSTOM"));
      assertThat(e.body()).isEqualTo("body line one\nbody line two\n");
    }
  }

  private static List<String> names(EslHeaders h) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      out.add(h.name(i));
    }
    return out;
  }

  /** Outer header names of frame {@code index} (the connect reply is frame 0 of an outbound session). */
  private static List<String> captured(String fixture, int index) {
    List<String> out = new ArrayList<>();
    for (JsonNode pair : frames(fixture).get(index).get("headers")) {
      out.add(pair.get(0).asText());
    }
    return out;
  }

  /** Decoded header names of the first captured event called {@code name} whose headers match. */
  private static List<String> capturedEvent(String fixture, Predicate<EslHeaders> match, String name) {
    for (JsonNode f : frames(fixture)) {
      JsonNode ev = f.get("event");
      if (ev == null || !name.equals(ev.get("name").asText()) || ev.get("headers_decoded") == null) {
        continue;
      }
      EslHeaders.Builder b = EslHeaders.builder();
      for (JsonNode pair : ev.get("headers_decoded")) {
        b.add(pair.get(0).asText(), pair.get(1).asText());
      }
      EslHeaders h = b.build();
      if (match.test(h)) {
        return names(h);
      }
    }
    throw new AssertionError("no " + name + " in " + fixture);
  }

  private static JsonNode frames(String fixture) {
    try (InputStream in = CapturedShapeTest.class.getResourceAsStream("/fixtures/" + fixture + ".frames.json")) {
      if (in == null) {
        throw new AssertionError("fixture " + fixture + " not on the test classpath");
      }
      return JSON.readTree(in).get("frames");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
