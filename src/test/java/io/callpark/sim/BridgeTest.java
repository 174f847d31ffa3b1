package io.callpark.sim;

import static io.callpark.sim.EslTestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslCommand;
import io.callpark.esl.codec.EslEvent;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retrieval by uuid_bridge (fact 30–31, retrieve_uuid_bridge*.txt) and the bridge application. */
class BridgeTest {
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

  private EslTestClient held(boolean moh) {
    EslTestClient s = controller.accept();
    s.call(new EslCommand.Connect());
    s.call(new EslCommand.MyEvents(null, null));
    s.call(new EslCommand.Linger(null));
    s.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
    s.awaitEvent("CHANNEL_EXECUTE_COMPLETE");
    if (moh) {
      s.call(EslCommand.SendMsg.execute(null, "playback", "local_stream://default", null, false, 1));
      s.awaitEvent("CHANNEL_EXECUTE");
    }
    return s;
  }

  private static List<String> names(EslTestClient s, String until) {
    List<String> out = new ArrayList<>();
    EslEvent e;
    do {
      e = s.nextEvent();
      String app = e.header("Application");
      String st = "CHANNEL_STATE".equals(e.name()) ? ":" + e.header("Channel-State") : "";
      out.add(e.name() + (app != null ? ":" + app : "") + st);
    } while (!until.equals(out.get(out.size() - 1)));
    return out;
  }

  @Test
  void uuidBridgeOfRetrieverAndParkedCallJoinsThemAsTheCapturesShow() {
    String parked = await(fs.placeCall(CallSpec.builder("5000").from("Parked", "1000").loopback().build()));
    EslTestClient parkedSocket = held(true);
    String retriever = await(fs.placeCall(CallSpec.builder("5000").from("Retriever", "1002").loopback().build()));
    EslTestClient retrieverSocket = held(false);
    try (EslTestClient inbound = EslTestClient.authenticated(vertx, fs)) {
      inbound.call(new EslCommand.Event("plain", List.of("CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE",
          "CHANNEL_HANGUP_COMPLETE"), List.of()));
      assertThat(inbound.api("uuid_bridge " + retriever + " " + parked)).isEqualTo("+OK " + parked + "\n");

      assertThat(names(parkedSocket, "CHANNEL_EXECUTE:uuid_bridge")).containsExactly(
          "CHANNEL_EXECUTE_COMPLETE:playback", "CHANNEL_UNPARK", "CHANNEL_EXECUTE_COMPLETE:socket",
          "CHANNEL_STATE:CS_HIBERNATE", "CHANNEL_STATE:CS_RESET", "CHANNEL_STATE:CS_SOFT_EXECUTE",
          "CHANNEL_EXECUTE:uuid_bridge");
      EslEvent bridge = retrieverSocket.awaitEvent("CHANNEL_BRIDGE");
      assertThat(bridge.header("Bridge-A-Unique-ID")).isEqualTo(retriever);
      assertThat(bridge.header("Bridge-B-Unique-ID")).isEqualTo(parked);
      assertThat(bridge.header("Other-Type")).isEqualTo("originatee");
      assertThat(bridge.header("Other-Leg-Unique-ID")).isEqualTo(parked);
      assertThat(bridge.header("Other-Leg-Caller-ID-Name")).isEqualTo("Parked");
      assertThat(inbound.awaitEvent("CHANNEL_BRIDGE").uniqueId()).isEqualTo(retriever);
      assertThat(parkedSocket.drainEvents()).extracting(EslEvent::name).doesNotContain("CHANNEL_BRIDGE");
      assertThat(fs.channel(parked)).hasValueSatisfying(c -> assertThat(c.bridgedTo()).isEqualTo(retriever));

      assertThat(inbound.api("uuid_kill " + retriever)).isEqualTo("+OK\n");
      assertThat(inbound.awaitEvent("CHANNEL_UNBRIDGE").uniqueId()).isEqualTo(retriever);
      await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(fs.channels()).isEmpty());
      assertThat(fs.channel(parked)).hasValueSatisfying(c -> assertThat(c.hangupCause()).isEqualTo("NORMAL_CLEARING"));
      assertThat(parkedSocket.nextReply().headers().get("Content-Disposition")).isEqualTo("linger");
    }
    parkedSocket.close();
    retrieverSocket.close();
  }

  @Test
  void uuidBridgeWithAnUnknownLegIsInvalid() {
    String parked = await(fs.dial("9999"));
    assertThat(await(fs.api("uuid_bridge " + parked + " 00000000-0000-0000-0000-000000000000")))
        .isEqualTo("-ERR Invalid uuid\n");
  }

  @Test
  void bridgeApplicationDialsTheEndpointAndReturnsWhenTheFarEndHangsUp() {
    String caller = await(fs.dial("5000"));
    try (EslTestClient s = held(false)) {
      s.call(EslCommand.SendMsg.execute(null, "bridge", "{absolute_codec_string=PCMU}user/1001@127.0.0.1", "br", false, 1));
      EslEvent bridge = s.awaitEvent("CHANNEL_BRIDGE");
      String far = bridge.header("Bridge-B-Unique-ID");
      assertThat(bridge.header("Other-Leg-Channel-Name")).isEqualTo("sofia/internal/1001@127.0.0.1");
      assertThat(fs.channel(far)).hasValueSatisfying(c -> assertThat(c.variable("absolute_codec_string")).isEqualTo("PCMU"));
      await(fs.hangup(far));
      EslEvent done = s.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "br".equals(e.header("Application-UUID")));
      assertThat(done.variable("bridge_hangup_cause")).isEqualTo("NORMAL_CLEARING");
      assertThat(fs.channel(caller)).hasValueSatisfying(c -> assertThat(c.ended()).isFalse());
    }
  }

  @Test
  void bridgeToALoopbackExtensionIsBridgedWhenThatExtensionAnswers() {
    String caller = await(fs.dial("5000"));
    try (EslTestClient s = held(false)) {
      s.call(EslCommand.SendMsg.execute(null, "bridge", "loopback/9999/default", "br", false, 1));
      EslEvent bridge = s.awaitEvent("CHANNEL_BRIDGE");
      assertThat(bridge.header("Other-Leg-Channel-Name")).isEqualTo("loopback/9999-a");
      String far = bridge.header("Bridge-B-Unique-ID");
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fs.channels())
          .anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("loopback/9999-b");
            assertThat(c.application()).isEqualTo("playback");
          }));
      await(fs.hangup(caller));
      await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fs.channels()).isEmpty());
      assertThat(fs.channel(far)).hasValueSatisfying(c -> assertThat(c.hangupCause()).isEqualTo("NORMAL_CLEARING"));
    }
  }

  @Test
  void bridgeToARejectingEndpointSetsTheDispositionAndReturns() {
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .dialplan(FakeDialplan.likeTheCaptures(controller.address()))
        .endpoint(SimEndpoint.rejecting("USER_BUSY")).build()));
    await(fs.dial("5000"));
    try (EslTestClient s = held(false)) {
      s.call(EslCommand.SendMsg.execute(null, "bridge", "user/1001", "br", false, 1));
      EslEvent done = s.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "br".equals(e.header("Application-UUID")));
      assertThat(done.variable("originate_disposition")).isEqualTo("USER_BUSY");
    }
  }

  @Test
  void crossBoxBridgeArrivesAtTheOtherBoxAndIsBridgedWhenItsControllerAnswers() {
    TestController controllerA = new TestController(vertx);
    FakeDialplan dA = new FakeDialplan().extension("^fetch\\+(\\d+)$", "set socket_resume=true",
        "socket " + controllerA.address() + " async full");
    FakeFreeSwitch boxA = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(dA).build()));
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .dialplan(FakeDialplan.likeTheCaptures(controller.address()))
        .endpoint(target -> new SimEndpoint.Remote(boxA, CallSpec.builder("fetch+6001").from("Retriever", "1002")
            .variable("sip_h_X-Callpark-Token", "abc123").build())).build()));
    try {
      String retriever = await(fs.dial("5000"));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "sofia/internal/fetch+6001@127.0.0.1:5062", "x", false, 1));
        try (EslTestClient a = controllerA.accept()) {
          EslEvent data = EslEvent.fromChannelData(a.call(new EslCommand.Connect()));
          assertThat(data.header("Caller-Destination-Number")).isEqualTo("fetch+6001");
          assertThat(data.variable("sip_h_X-Callpark-Token")).isEqualTo("abc123");
          a.call(EslCommand.SendMsg.execute(null, "answer", null, null, false, 1));
          EslEvent bridge = b.awaitEvent("CHANNEL_BRIDGE");
          assertThat(bridge.uniqueId()).isEqualTo(retriever);
          await(fs.hangup(retriever));
          await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(boxA.channels()).isEmpty());
        }
      }
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }

  @Test
  void aCrossBoxLegCarriesItsCustomSipHeadersFromTheDialStringAsSofiaDoes() {
    TestController controllerA = new TestController(vertx);
    FakeDialplan dA = new FakeDialplan().extension("^fetch\\+(\\d+)$", "socket " + controllerA.address() + " async full");
    FakeFreeSwitch boxA = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(dA).build()));
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder()
        .dialplan(FakeDialplan.likeTheCaptures(controller.address()))
        .endpoint(target -> new SimEndpoint.Remote(boxA, CallSpec.builder("fetch+6001").from("Retriever", "1002")
            .variable("sip_network_ip", "127.0.0.2").variable("sip_h_X-Mine", "spec").build())).build()));
    try {
      await(fs.dial("5000"));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "{absolute_codec_string=PCMU,sip_h_X-Callpark-Token=tok42,"
            + "sip_h_P-Asserted-Identity=1002,sip_h_X-FS-Internal=no,sip_h_Subject=no,sip_h_X-Mine=dial}"
            + "sofia/internal/fetch+6001@127.0.0.1:5062", "x", false, 1));
        try (EslTestClient a = controllerA.accept()) {
          EslEvent data = EslEvent.fromChannelData(a.call(new EslCommand.Connect()));
          assertThat(data.variable("sip_h_X-Callpark-Token")).isEqualTo("tok42");
          assertThat(data.variable("sip_h_P-Asserted-Identity")).isEqualTo("1002");
          assertThat(data.variable("sip_h_X-FS-Internal")).isNull();
          assertThat(data.variable("sip_h_Subject")).isNull();
          assertThat(data.variable("absolute_codec_string")).isNull();
          assertThat(data.variable("sip_h_X-Mine")).isEqualTo("spec");
          assertThat(data.variable("sip_network_ip")).isEqualTo("127.0.0.2");
        }
      }
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }

  /**
   * Box A at 127.0.0.1:5060 whose fetch+N legs go to {@code controllerA} (9999: music); this test's box
   * dials from 127.0.0.2 and its phones are busy.
   */
  private FakeFreeSwitch twoBoxes(TestController controllerA) {
    SipNetwork net = new SipNetwork();
    FakeDialplan dA = new FakeDialplan().extension("^fetch\\+(\\d+)$", "socket " + controllerA.address() + " async full")
        .extension("9999", "answer", "playback local_stream://default");
    FakeFreeSwitch boxA = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(dA).build()));
    net.attach("127.0.0.1", boxA);
    await(fs.close());
    fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().dialplan(FakeDialplan.likeTheCaptures(controller.address()))
        .endpoint(net.endpointFrom("127.0.0.2", SimEndpoint.rejecting("USER_BUSY"))).build()));
    return boxA;
  }

  @Test
  void aLegToAnotherBoxsSipAddressArrivesThereFromThisBoxWithTheCallersIdAndNoDigest() {
    TestController controllerA = new TestController(vertx);
    FakeFreeSwitch boxA = twoBoxes(controllerA);
    try {
      await(fs.placeCall(CallSpec.builder("5000").from("Retriever", "1002").build()));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "{sip_h_X-Callpark-Token=t1}sofia/internal/fetch+6001@127.0.0.1:5060",
            "x", false, 1));
        try (EslTestClient a = controllerA.accept()) {
          EslEvent data = EslEvent.fromChannelData(a.call(new EslCommand.Connect()));
          assertThat(data.header("Caller-Destination-Number")).isEqualTo("fetch+6001");
          assertThat(data.header("Caller-Caller-ID-Name")).isEqualTo("Retriever");
          assertThat(data.header("Caller-Caller-ID-Number")).isEqualTo("1002");
          assertThat(data.header("Caller-Network-Addr")).isEqualTo("127.0.0.2");
          assertThat(data.variable("sip_network_ip")).isEqualTo("127.0.0.2");
          assertThat(data.variable("sip_received_ip")).isEqualTo("127.0.0.2");
          assertThat(data.variable("sip_h_X-Callpark-Token")).isEqualTo("t1");
          assertThat(data.variable("sip_auth_username")).isNull();
          assertThat(data.variable("sip_authorized")).isNull();
        }
      }
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }

  @Test
  void aTargetNoBoxIsAttachedAtGoesToThePhonesInstead() {
    TestController controllerA = new TestController(vertx);
    FakeFreeSwitch boxA = twoBoxes(controllerA);
    try {
      await(fs.dial("5000"));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "sofia/internal/fetch+6001@127.0.0.9:5060", "br", false, 1));
        EslEvent done = b.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "br".equals(e.header("Application-UUID")));
        assertThat(done.variable("originate_disposition")).isEqualTo("USER_BUSY");
      }
      assertThat(boxA.channels()).isEmpty();
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }

  @Test
  void aLoopbackCallerBridgedToAnotherBoxWithoutAPinnedCodecIsRefusedAsIncompatible() {
    TestController controllerA = new TestController(vertx);
    FakeFreeSwitch boxA = twoBoxes(controllerA);
    try {
      await(fs.placeCall(CallSpec.builder("5000").from("Retriever", "1002").loopback().build()));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "sofia/internal/fetch+6001@127.0.0.1:5060", "br", false, 1));
        EslEvent done = b.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "br".equals(e.header("Application-UUID")));
        assertThat(done.variable("originate_disposition")).isEqualTo("INCOMPATIBLE_DESTINATION");
      }
      assertThat(boxA.channels()).isEmpty();
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }

  @Test
  void bridgingAnotherBoxsLegBeforeAnsweringItRefusesThatCall() {
    TestController controllerA = new TestController(vertx);
    FakeFreeSwitch boxA = twoBoxes(controllerA);
    try {
      String parked = await(boxA.dial("9999"));
      await(fs.placeCall(CallSpec.builder("5000").from("Retriever", "1002").loopback().build()));
      try (EslTestClient b = held(false)) {
        b.call(EslCommand.SendMsg.execute(null, "bridge", "{absolute_codec_string=PCMU}sofia/internal/fetch+6001@127.0.0.1:5060",
            "br", false, 1));
        try (EslTestClient a = controllerA.accept()) {
          EslEvent data = EslEvent.fromChannelData(a.call(new EslCommand.Connect()));
          assertThat(a.api("uuid_bridge " + data.uniqueId() + " " + parked)).startsWith("+OK");
          EslEvent done = b.awaitEvent(e -> "CHANNEL_EXECUTE_COMPLETE".equals(e.name()) && "br".equals(e.header("Application-UUID")));
          assertThat(done.variable("originate_disposition")).isEqualTo("DESTINATION_OUT_OF_ORDER");
          assertThat(boxA.channel(parked)).hasValueSatisfying(c -> {
            assertThat(c.ended()).isFalse();
            assertThat(c.bridgedTo()).isNull();
          });
        }
      }
    } finally {
      await(boxA.close());
      controllerA.close();
    }
  }
}
