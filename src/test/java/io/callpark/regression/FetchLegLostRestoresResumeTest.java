package io.callpark.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.cluster.StaticMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.BoxSip;
import io.callpark.parking.Lot;
import io.callpark.parking.ManualClock;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.callpark.sim.SipNetwork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Found by the chaos run (docs/chaos.md; ChaosIT seed 12345, target/it-logs: "fetch of default/6001 ...
 * failed (fetch leg lost before the bridge ...); record put back"): a cross-box retrieve's fetch leg takes
 * the parked call's {@code socket_resume} away just before its {@code uuid_bridge} (FetchFlow). When the
 * fetch leg's socket was lost before the bridge, the record was put back and {@code socket_resume true}
 * given back — over that same lost socket, so it never arrived. The caller stayed parked with
 * {@code socket_resume false}: the next time its own node died (or drained), FreeSWITCH did not resume it
 * and it played music with nobody in control, its record naming it, for good.
 *
 * <p>One node, boxes A and B on a simulated SIP network; box A's {@code uuid_bridge} drops the fetch leg's
 * socket (its reply delayed so the drop comes first), as a node or network failure in that moment would.
 */
class FetchLegLostRestoresResumeTest {
  private static final String A_IP = "127.0.0.1";
  private static final String B_IP = "127.0.0.2";

  private final Vertx vertx = Vertx.vertx();
  private final InMemorySlotStore store = new InMemorySlotStore();
  private FakeFreeSwitch boxA;
  private FakeFreeSwitch boxB;
  private CallparkNode node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      get(node.stop());
    }
    get(vertx.close());
  }

  @Test
  void aFetchWhoseLegIsLostBeforeTheBridgeGivesTheParkedCallItsSocketResumeBack() throws Exception {
    start();
    String alice = get(boxA.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> get(store.get("default", "6001")).map(r -> alice.equals(r.callUuid())).orElse(false)
        && boxA.channel(alice).map(c -> "playback".equals(c.application())).orElse(false));
    boxA.registerApi("uuid_bridge", args -> {
      String fetchLeg = args.trim().split(" ")[0];
      boxA.policy().replyDelay(Duration.ofMillis(300));
      boxA.connections().stream().filter(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && c.open()
          && fetchLeg.equals(c.channelUuid())).forEach(c -> boxA.dropConnection(c.id()));
      return "+OK\n";
    });

    get(boxB.placeCall(CallSpec.builder("6001").from("Reception", "1005").build()));

    await().atMost(Duration.ofSeconds(10)).until(() -> boxA.requests().stream()
        .anyMatch(r -> "api".equals(r.verb()) && r.request().argument().startsWith("uuid_bridge ")));
    boxA.policy().replyDelay(Duration.ZERO);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> "true".equals(boxA.channel(alice).orElseThrow().variable("socket_resume")));
    Optional<SlotRecord> back = get(store.get("default", "6001"));
    assertThat(back).map(SlotRecord::callUuid).contains(alice);
    assertThat(boxA.channel(alice).orElseThrow().ended()).isFalse();
    assertThat(boxA.channel(alice).orElseThrow().bridgedTo()).isNull();
  }

  private void start() throws Exception {
    SipNetwork net = new SipNetwork();
    SimEndpoint phones = SimEndpoint.answering(Duration.ZERO);
    boxA = get(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fsA").domain(A_IP)
        .endpoint(net.endpointFrom(A_IP, phones)).build()));
    boxB = get(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fsB").domain(B_IP)
        .endpoint(net.endpointFrom(B_IP, phones)).build()));
    net.attach(A_IP + ":5060", boxA).attach(B_IP + ":5060", boxB);
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base.withNodeId("n1").withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(box("fsA", boxA, A_IP), box("fsB", boxB, B_IP)))
        .withLots(Map.of("default", Lot.withDefaults("default", SlotRange.of(6001, 6010))), "default");
    node = new CallparkNode(vertx, config, store, new ManualClock(), new StaticMembership("n1"), new InMemoryFetchTokens());
    get(node.start());
    await().until(() -> node.links().stream().allMatch(l -> l.isConnected()));
    String socket = "socket 127.0.0.1:" + node.outboundPort() + " async full";
    for (FakeFreeSwitch fs : List.of(boxA, boxB)) {
      fs.dialplan()
          .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
          .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket)
          .extension("^fetch\\+(\\d{1,9})$", socket, "hangup NORMAL_TEMPORARY_FAILURE");
    }
  }

  private static BoxConfig box(String id, FakeFreeSwitch fs, String sipIp) {
    return new BoxConfig(InboundOptions.of(id, "127.0.0.1", fs.port(), fs.password())
        .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), sipIp,
        BoxSip.parse(sipIp + ":5060", BoxSip.DEFAULT_PREFIX));
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }
}
