package io.callpark.parking.store;

import static io.callpark.parking.store.SlotStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.callpark.parking.SlotRecord;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real split brain: two Hazelcast members of one cluster name that start apart (each knows only its
 * own address), both park calls — some in the same slots — and then find each other and merge. For a
 * slot both halves held, the record with more writes wins whichever half Hazelcast merges into; slots
 * held by one half survive; counters keep the larger count (docs/cluster.md, "Split brain").
 */
class SplitBrainMergeTest {
  private static final long T0 = 1_795_552_356_000L;
  private final List<HazelcastInstance> members = new ArrayList<>();
  private Vertx vertx;

  @AfterEach
  void stop() {
    members.forEach(m -> m.getLifecycleService().terminate());
    if (vertx != null) {
      await(vertx.close());
    }
  }

  private static Config alone(String cluster) {
    Config c = HazelcastSetup.embedded(cluster)
        .setProperty("hazelcast.wait.seconds.before.join", "1")
        .setProperty("hazelcast.merge.first.run.delay.seconds", "1")
        .setProperty("hazelcast.merge.next.run.delay.seconds", "1");
    c.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(new ArrayList<>());
    return c;
  }

  private static String address(HazelcastInstance m) {
    return "127.0.0.1:" + m.getCluster().getLocalMember().getAddress().getPort();
  }

  private static SlotRecord parked(String slot, String call) {
    return SlotRecord.parked("main", slot, call, "fs1", null, null, "1001", "node-x", T0, T0 + 60_000);
  }

  @Test
  void halvesThatBothParkedMergeToTheNewerRecordPerSlotAndKeepEverySlotOnlyOneHalfUsed() {
    vertx = Vertx.vertx();
    String cluster = "callpark-split-" + UUID.randomUUID();
    Config configA = alone(cluster);
    Config configB = alone(cluster);
    HazelcastInstance a = HazelcastSetup.start(configA);
    members.add(a);
    HazelcastInstance b = HazelcastSetup.start(configB);
    members.add(b);
    assertThat(a.getCluster().getMembers()).hasSize(1);
    assertThat(b.getCluster().getMembers()).hasSize(1);
    SlotStore storeA = new HazelcastSlotStore(vertx, a);
    SlotStore storeB = new HazelcastSlotStore(vertx, b);

    // 6001: both halves parked a caller; B's record was re-homed since (one write more) and must win.
    await(storeA.putIfAbsent(parked("6001", "call-a1")));
    SlotRecord b1 = parked("6001", "call-b1");
    await(storeB.putIfAbsent(b1));
    await(storeB.replace(b1, b1.withOwner("node-b")));
    // 6002: only A used it. 6003: both, A's record is the newer one. 6004: only B.
    await(storeA.putIfAbsent(parked("6002", "call-a2")));
    SlotRecord a3 = parked("6003", "call-a3");
    await(storeA.putIfAbsent(a3));
    SlotRecord a3v2 = a3.withOwner("node-a");
    await(storeA.replace(a3, a3v2));
    await(storeA.replace(a3v2, a3v2.withOwner("node-a2")));
    await(storeB.putIfAbsent(parked("6003", "call-b3")));
    await(storeB.putIfAbsent(parked("6004", "call-b4")));
    // Lamp counters: A handed out 3 for a key, B only 1; another key only B counted.
    for (int i = 0; i < 3; i++) {
      await(storeA.nextCounts(List.of("main/6001")));
    }
    await(storeB.nextCounts(List.of("main/6001")));
    await(storeB.nextCounts(List.of("main/6009")));

    // The network heals: each now knows the other's address, and the split-brain handler merges them.
    configA.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of(address(a), address(b)));
    configB.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of(address(a), address(b)));
    await().atMost(Duration.ofSeconds(60)).until(() -> a.getLifecycleService().isRunning()
        && b.getLifecycleService().isRunning() && a.getCluster().getMembers().size() == 2
        && b.getCluster().getMembers().size() == 2 && a.getPartitionService().isClusterSafe()
        && a.getMap(HazelcastSlotStore.MAP_NAME).size() == 4);

    Map<String, String> callBySlot = new java.util.TreeMap<>();
    for (SlotRecord r : await(new HazelcastSlotStore(vertx, a).all())) {
      callBySlot.put(r.slot(), r.callUuid());
    }
    assertThat(callBySlot).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        "6001", "call-b1", "6002", "call-a2", "6003", "call-a3", "6004", "call-b4")));
    SlotStore merged = new HazelcastSlotStore(vertx, b);
    assertThat(await(merged.nextCounts(List.of("main/6001")))).containsEntry("main/6001", 4L);
    assertThat(await(merged.nextCounts(List.of("main/6009")))).containsEntry("main/6009", 2L);
  }
}
