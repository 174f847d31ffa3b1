package io.callpark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one process sharing a store and a box: what survivors do when a node hangs
 * (membership says it left, its sockets stay open) and what a node does on graceful shutdown. The
 * multi-process versions (kill -9, SIGSTOP, SIGTERM) are in it/ClusterIT.
 */
class RehomeAndDrainTest {
  private Vertx vertx;
  private FakeFreeSwitch fs;
  private final InMemorySlotStore store = new InMemorySlotStore();
  private final StaticMembership membership = new StaticMembership("n1", "n2");
  private CallparkNode n1;
  private CallparkNode n2;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private CallparkNode node(String id) throws Exception {
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base.withNodeId(id).withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), "127.0.0.1")))
        .withLots(Map.of("default", Lot.withDefaults("default", SlotRange.of(6001, 6010))), "default");
    CallparkNode node = new CallparkNode(vertx, config, store, Clock.systemUTC(), membership);
    get(node.start());
    await().until(() -> node.links().get(0).isConnected());
    return node;
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().build()));
    n1 = node("n1");
    n2 = node("n2");
    String both = "socket 127.0.0.1:" + n2.outboundPort() + "|127.0.0.1:" + n1.outboundPort() + " async full";
    // Like freeswitch-conf: park via the node list, and come back to 'park' whenever the socket returns.
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", both, "transfer park XML default")
        .extension("park", "set socket_resume=true", both, "transfer park XML default");
  }

  @AfterEach
  void stop() throws Exception {
    get(fs.close());
    get(n1.stop());
    get(n2.stop());
    get(vertx.close());
  }

  private Optional<SlotRecord> slot(String s) throws Exception {
    return get(store.get("default", s));
  }

  private boolean outboundOpenOn(String uuid, int port) {
    return fs.connections().stream().anyMatch(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND
        && uuid.equals(c.channelUuid()) && c.open() && c.remoteAddress().endsWith(":" + port));
  }

  @Test
  void aHungNodesParkedCallIsMovedToASurvivorWhichRestartsItsMusic() throws Exception {
    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> slot("6001").map(r -> "n2".equals(r.ownerNode())).orElse(false));
    // n2 hangs: its socket stays open but the cluster gives up on it. n1 must not leave the caller behind.
    // (A hung node accepts nothing either: from now on the park extension reaches n1 only.)
    fs.dialplan().remove("default", "park").extension("park", "set socket_resume=true",
        "socket 127.0.0.1:" + n1.outboundPort() + " async full");
    membership.leave("n2");
    await().atMost(Duration.ofSeconds(10)).until(() -> slot("6001").map(r -> "n1".equals(r.ownerNode())).orElse(false));
    SlotRecord r = slot("6001").orElseThrow();
    assertThat(r.callUuid()).isEqualTo(alice);
    assertThat(fs.requests().stream().filter(q -> q.line().startsWith("api uuid_transfer " + alice + " park XML default")))
        .hasSize(1);
    await().until(() -> outboundOpenOn(alice, n1.outboundPort()));
  }

  @Test
  void callsStillComingBackByThemselvesAreNotMovedWhileTheyKeepComing() throws Exception {
    // A killed node on a loaded machine: its calls' adoptions by socket_resume trickle in for longer than the
    // grace. Each adoption is played here by a conditional owner write, one every 300 ms; with a fixed
    // grace the rehomer took the stragglers and moved them mid-adoption (the failover benchmark lost calls).
    List<SlotRecord> left = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SlotRecord r = SlotRecord.parked("default", String.valueOf(6001 + i), "coming-back-" + i, "fs1", null, null,
          "1000", "n2", 0, Long.MAX_VALUE / 2);
      get(store.putIfAbsent(r));
      left.add(r);
    }
    java.util.concurrent.atomic.AtomicInteger adopted = new java.util.concurrent.atomic.AtomicInteger();
    membership.leave("n2");
    vertx.setPeriodic(300, id -> {
      int k = adopted.get();
      if (k >= left.size()) {
        vertx.cancelTimer(id);
        return;
      }
      SlotRecord r = left.get(k);
      store.replace(r, r.withOwner("n1")).onSuccess(won -> adopted.incrementAndGet());
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> adopted.get() == left.size());
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      // the rehomer's check and move of a call (the ghost reaper's uuid_exists is another matter)
      assertThat(fs.requests()).noneMatch(q -> q.line().startsWith("api uuid_getvar coming-back-")
          || q.line().startsWith("api uuid_transfer coming-back-"));
      for (SlotRecord r : left) {
        assertThat(slot(r.slot()).map(SlotRecord::ownerNode)).contains("n1");
      }
    });
  }

  @Test
  void aNodeThatLeavesAndIsBackBeforeTheGraceEndsKeepsItsCalls() throws Exception {
    // What a member merging back after a split brain looks like: removed, then added under a new member id.
    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> slot("6001").map(r -> "n2".equals(r.ownerNode())).orElse(false));
    SlotRecord before = slot("6001").orElseThrow();

    membership.leave("n2");
    membership.join("n2");

    await().during(n1.rehomer().grace().multipliedBy(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(slot("6001")).contains(before);
      assertThat(fs.requests()).noneMatch(q -> q.line().startsWith("api uuid_transfer " + alice));
    });
    assertThat(outboundOpenOn(alice, n2.outboundPort())).isTrue();
  }

  @Test
  void aNodeThatWakesUpAfterItsCallsWereMovedLetsGoOfThem() throws Exception {
    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> slot("6001").map(r -> "n2".equals(r.ownerNode())).orElse(false));
    SlotRecord r = slot("6001").orElseThrow();
    // Survivor n1 took the record over while n2 was frozen (simulated: the conditional write n1 would do).
    assertThat(get(store.replace(r, r.withOwner("n1")))).isTrue();
    int let = get(n2.parking().letGoOfForeignCalls());
    assertThat(let).isEqualTo(1);
    assertThat(n2.parking().trackedCalls()).isZero();
    assertThat(slot("6001").orElseThrow().ownerNode()).isEqualTo("n1");
    assertThat(fs.channel(alice)).isPresent();
    // Letting go touches nothing: no command about that call went out after the take-over.
    long after = fs.requests().size();
    assertThat(get(n2.parking().letGoOfForeignCalls())).isZero();
    assertThat(fs.requests().subList((int) after, fs.requests().size())).noneMatch(q -> alice.equals(q.channelUuid()));
  }

  @Test
  void gracefulShutdownHandsEveryParkedCallToAnotherNode() throws Exception {
    String a = get(fs.placeCall(CallSpec.builder("5900").from("A", "1000").build()));
    String b = get(fs.placeCall(CallSpec.builder("5900").from("B", "1001").build()));
    await().until(() -> store.all().result().size() == 2
        && store.all().result().stream().allMatch(r -> "n2".equals(r.ownerNode())));
    int left = get(n2.drain(Duration.ofSeconds(10)));
    assertThat(left).isZero();
    await().atMost(Duration.ofSeconds(10)).until(() -> store.all().result().stream().allMatch(r -> "n1".equals(r.ownerNode())));
    assertThat(store.all().result()).extracting(SlotRecord::callUuid).containsExactlyInAnyOrder(a, b);
    await().until(() -> outboundOpenOn(a, n1.outboundPort()) && outboundOpenOn(b, n1.outboundPort()));
    assertThat(fs.channel(a)).isPresent();
    assertThat(fs.channel(b)).isPresent();
  }

  @Test
  void aCallWhoseRecordAMergeDroppedIsParkedAgainInAFreeSlot() throws Exception {
    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> slot("6001").isPresent());
    // The other half of a split cluster parked Bob in 6001 too; the merge kept Bob's record, not Alice's.
    SlotRecord mine = slot("6001").orElseThrow();
    assertThat(get(store.remove(mine))).isTrue();
    SlotRecord bob = SlotRecord.parked("default", "6001", "bob-uuid", "fs1", "Bob", "1009", null, "n9", 1L, 0L);
    assertThat(get(store.putIfAbsent(bob))).isEmpty();
    CallparkNode holder = n2.parking().trackedCalls() == 1 ? n2 : n1;
    assertThat(get(holder.parking().reslotOrphans())).as("first audit only suspects").isZero();
    assertThat(get(holder.parking().reslotOrphans())).isEqualTo(1);
    assertThat(slot("6002").orElseThrow().callUuid()).isEqualTo(alice);
    assertThat(slot("6001").orElseThrow().callUuid()).isEqualTo("bob-uuid");
    await().until(() -> "6002".equals(fs.channel(alice).orElseThrow().variable("callpark_slot")));
  }

  @Test
  void aRetrievedCallIsNeverReslotted() throws Exception {
    String alice = get(fs.placeCall(CallSpec.builder("5900").from("Alice", "1000").build()));
    await().until(() -> slot("6001").isPresent());
    fs.dialplan().extension("6001", "set callpark_request=default retrieve 6001",
        "socket 127.0.0.1:" + n1.outboundPort() + " async full");
    get(fs.placeCall(CallSpec.builder("6001").from("Reception", "1005").build()));
    await().until(() -> slot("6001").isEmpty() && fs.channel(alice).map(c -> c.bridgedTo() != null).orElse(false));
    CallparkNode holder = n2.parking().trackedCalls() == 1 ? n2 : n1;
    get(holder.parking().reslotOrphans());
    assertThat(get(holder.parking().reslotOrphans())).isZero();
    assertThat(store.all().result()).isEmpty();
  }
}
