package io.callpark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Escalation;
import io.callpark.parking.EscalationStep;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.callpark.parking.store.HazelcastSetup;
import io.callpark.parking.store.HazelcastSlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The escalation chain on a two-member Hazelcast cluster: the node that owns the slot's partition
 * dies while its step is ringing, and the survivor — now owner of that partition — carries the chain
 * on, once. (The multi-process kill -9 of a timer's owner is in it/ClusterIT.)
 */
class EscalationAcrossNodesTest {
  private final AtomicLong now = new AtomicLong(1_795_552_356_000L);
  private final Clock clock = new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.get());
    }
  };
  private final List<ParkEvent> events = new CopyOnWriteArrayList<>();
  private final List<List<ParkEvent>> byNode = List.of(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
  private Vertx vertx;
  private FakeFreeSwitch fs;
  private final HazelcastInstance[] members = new HazelcastInstance[2];
  private final CallparkNode[] nodes = new CallparkNode[2];

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private CallparkNode node(int i, HazelcastInstance hz) throws Exception {
    Lot lot = Lot.withDefaults("default", SlotRange.of(6001, 6010)).with(new Escalation(List.of(
        new EscalationStep.Recall(Duration.ofSeconds(30), Duration.ofSeconds(20)),
        new EscalationStep.Transfer(Duration.ZERO, "operator")), null, Duration.ZERO));
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base.withNodeId("n" + i).withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), "127.0.0.1")))
        .withLots(Map.of("default", lot), "default");
    CallparkNode node = new CallparkNode(vertx, config, new HazelcastSlotStore(vertx, hz), clock,
        new StaticMembership("n0", "n1"));
    node.parking().context().events().listen(events::add);
    node.parking().context().events().listen(byNode.get(i)::add);
    get(node.start());
    await().until(() -> node.links().get(0).isConnected());
    return node;
  }

  @AfterEach
  void stop() throws Exception {
    if (fs != null) {
      get(fs.close());
    }
    for (CallparkNode n : nodes) {
      if (n != null) {
        get(n.stop().recover(e -> Future.succeededFuture()));
      }
    }
    for (HazelcastInstance m : members) {
      if (m != null) {
        m.getLifecycleService().terminate();
      }
    }
    if (vertx != null) {
      get(vertx.close());
    }
  }

  private List<ParkEvent.Type> types(int node) {
    return byNode.get(node).stream().map(ParkEvent::type).toList();
  }

  private long count(ParkEvent.Type t) {
    return events.stream().filter(e -> e.type() == t).count();
  }

  @Test
  void whenTheNodeOwningARingingStepsPartitionDiesTheSurvivorMovesTheChainOnOnce() throws Exception {
    vertx = Vertx.vertx();
    // The parker's phone rings and rings: the step is still ringing when its node dies.
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().domain("127.0.0.1")
        .endpoint(target -> new SimEndpoint.Answer(Duration.ofMinutes(5))).build()));
    String cluster = "callpark-escalation-" + UUID.randomUUID();
    members[0] = HazelcastSetup.start(fastJoin(HazelcastSetup.embedded(cluster)));
    Config second = fastJoin(HazelcastSetup.embedded(cluster));
    second.getNetworkConfig().getJoin().getTcpIpConfig()
        .setMembers(List.of("127.0.0.1:" + members[0].getCluster().getLocalMember().getAddress().getPort()));
    members[1] = HazelcastSetup.start(second);
    await().atMost(Duration.ofSeconds(20)).until(() -> members[0].getCluster().getMembers().size() == 2
        && members[0].getPartitionService().isClusterSafe());
    nodes[0] = node(0, members[0]);
    nodes[1] = node(1, members[1]);
    String both = "socket 127.0.0.1:" + nodes[0].outboundPort() + "|127.0.0.1:" + nodes[1].outboundPort() + " async full";
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", both, "transfer park XML default")
        .extension("park", "set socket_resume=true", both, "transfer park XML default")
        .extension("operator", "answer", "park");

    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "+15550001").answered()
        .variable("sip_h_Referred-By", "<sip:1001@127.0.0.1>").build()));
    await().until(() -> get(new HazelcastSlotStore(vertx, members[0]).get("default", "6001")).isPresent());

    Object ownerOfSlot = members[0].getPartitionService().getPartition(SlotRecord.key("default", "6001")).getOwner();
    int owner = ownerOfSlot.equals(members[0].getCluster().getLocalMember()) ? 0 : 1;
    int survivor = 1 - owner;
    HazelcastSlotStore view = new HazelcastSlotStore(vertx, members[survivor]);

    // Both nodes tick every 250 ms on the shared manual clock; only the partition's owner fires.
    now.addAndGet(31_000);
    await().until(() -> get(view.get("default", "6001")).map(r -> r.state() == SlotState.RECALLING).orElse(false));
    await().until(() -> fs.requests().stream().anyMatch(r -> r.request().argument() != null
        && r.request().argument().startsWith("originate")));

    // The owner dies mid-ring: its member first (no more writes), then its node (sockets close).
    members[owner].getLifecycleService().terminate();
    get(nodes[owner].stop().recover(e -> Future.succeededFuture()));
    await().atMost(Duration.ofSeconds(20)).until(() -> members[survivor].getCluster().getMembers().size() == 1
        && members[survivor].getPartitionService().isClusterSafe());
    assertThat(get(view.get("default", "6001"))).as("the backup kept the record").isPresent();

    assertThat(types(owner)).contains(ParkEvent.Type.TIMEOUT, ParkEvent.Type.RECALL_RINGING);
    assertThat(types(survivor)).doesNotContain(ParkEvent.Type.TIMEOUT, ParkEvent.Type.RECALL_RINGING);

    now.addAndGet(31_000);
    await().atMost(Duration.ofSeconds(15)).until(() -> count(ParkEvent.Type.FALLBACK) == 1);
    assertThat(types(survivor)).contains(ParkEvent.Type.RECALL_FAILED, ParkEvent.Type.FALLBACK);
    assertThat(get(nodes[survivor].timers().tick())).as("nothing left to fire").isZero();
    assertThat(count(ParkEvent.Type.RECALL_FAILED)).isEqualTo(1);
    assertThat(count(ParkEvent.Type.FALLBACK)).isEqualTo(1);
    assertThat(fs.requests().stream().map(r -> r.request().argument())
        .filter(a -> ("uuid_transfer " + alice + " operator XML default").equals(a))).hasSize(1);
    assertThat(fs.requests().stream().map(r -> r.request().argument())
        .filter(a -> a != null && a.startsWith("originate"))).as("the parker is not rung twice").hasSize(1);
    assertThat(get(view.get("default", "6001"))).isEmpty();
  }

  private static Config fastJoin(Config config) {
    return config.setProperty("hazelcast.wait.seconds.before.join", "1");
  }
}
