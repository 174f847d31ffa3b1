package io.callpark.parking.store;

import static io.callpark.parking.store.SlotStoreContract.NOW;
import static io.callpark.parking.store.SlotStoreContract.await;
import static io.callpark.parking.store.SlotStoreContract.parked;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import io.callpark.cluster.ClusterMembership;
import io.callpark.cluster.HazelcastMembership;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two members of one cluster in this JVM, on loopback, each with its own store (two callpark nodes):
 * what one writes the other sees and must match to overwrite, and each due deadline is returned by
 * exactly one of them; both hear every change, draw from the same counters, and agree on which node
 * owns a key.
 */
class HazelcastSlotStoreClusterTest {
  private static Vertx vertx;
  private static HazelcastInstance memberA;
  private static HazelcastInstance memberB;
  private static SlotStore storeA;
  private static SlotStore storeB;

  @BeforeAll
  static void startTwoMembers() {
    String cluster = "callpark-test-" + UUID.randomUUID();
    vertx = Vertx.vertx();
    memberA = HazelcastSetup.start(named(fastJoin(HazelcastSetup.embedded(cluster)), "node-a"));
    // Point B at A's actual port: A may not have got 5701 when other runs hold it.
    String addressOfA = "127.0.0.1:" + memberA.getCluster().getLocalMember().getAddress().getPort();
    Config configB = named(fastJoin(HazelcastSetup.embedded(cluster)), "node-b");
    configB.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of(addressOfA));
    memberB = HazelcastSetup.start(configB);
    await().atMost(Duration.ofSeconds(15)).until(() -> memberA.getCluster().getMembers().size() == 2
        && memberB.getCluster().getMembers().size() == 2);
    storeA = new HazelcastSlotStore(vertx, memberA);
    storeB = new HazelcastSlotStore(vertx, memberB);
  }

  @AfterAll
  static void stopMembers() {
    for (HazelcastInstance m : new HazelcastInstance[] {memberB, memberA}) {
      if (m != null) {
        m.getLifecycleService().terminate();
      }
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @BeforeEach
  void emptyMapAndSettledPartitions() {
    memberA.getMap(HazelcastSlotStore.MAP_NAME).clear();
    await().atMost(Duration.ofSeconds(15)).until(() -> memberA.getPartitionService().isClusterSafe());
  }

  @Test
  void aRecordWrittenThroughOneMemberIsReadAndConditionallyReplacedThroughTheOther() {
    SlotRecord v1 = parked("main", "6001", "call-1", NOW + 45_000);
    assertThat(await(storeA.putIfAbsent(v1))).isEmpty();

    assertThat(await(storeB.get("main", "6001"))).contains(v1);
    assertThat(await(storeB.putIfAbsent(parked("main", "6001", "call-2", 0)))).contains(v1);
    assertThat(await(storeB.findByCall("call-1"))).contains(v1);
    assertThat(await(storeB.list("main"))).containsExactly(v1);

    SlotRecord v2 = v1.withOwner("node-b");
    assertThat(await(storeB.replace(v1, v2))).isTrue();
    assertThat(await(storeA.replace(v1, v1.withState(SlotState.RECALLING, 0, 1)))).isFalse();
    assertThat(await(storeA.get("main", "6001"))).contains(v2);
    assertThat(await(storeA.remove(v1))).isFalse();
    assertThat(await(storeA.remove(v2))).isTrue();
    assertThat(await(storeB.get("main", "6001"))).isEmpty();
  }

  @Test
  void eachDueRecordIsReturnedByExactlyOneMemberTheOwnerOfItsPartition() {
    Set<SlotRecord> due = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      SlotRecord r = parked(i % 2 == 0 ? "main" : "sales", String.valueOf(6000 + i), "call-" + i, NOW - i);
      await(storeA.putIfAbsent(r));
      due.add(r);
    }
    await(storeB.putIfAbsent(parked("main", "6900", "call-later", NOW + 1)));
    await(storeB.putIfAbsent(parked("main", "6901", "call-no-deadline", 0)));

    List<SlotRecord> onA = await(storeA.dueBy(NOW));
    List<SlotRecord> onB = await(storeB.dueBy(NOW));

    assertThat(onA).isNotEmpty().doesNotContainAnyElementsOf(onB);
    assertThat(onB).isNotEmpty();
    Set<SlotRecord> union = new HashSet<>(onA);
    union.addAll(onB);
    assertThat(union).isEqualTo(due);
    assertThat(onA).allMatch(r -> ownedBy(memberA, r)).isSortedAccordingTo(
        (x, y) -> Long.compare(x.deadlineMillis(), y.deadlineMillis()));
    assertThat(onB).allMatch(r -> ownedBy(memberB, r));
  }

  @Test
  void writersOnBothMembersRacingForOneSlotLeaveOneWinnerPerRound() {
    for (int round = 0; round < 20; round++) {
      SlotRecord viaA = parked("race", "6100", "call-a-" + round, 0);
      SlotRecord viaB = parked("race", "6100", "call-b-" + round, 0);
      List<Future<Optional<SlotRecord>>> takes = List.of(storeA.putIfAbsent(viaA),
          storeB.putIfAbsent(viaB));
      int won = 0;
      for (Future<Optional<SlotRecord>> t : takes) {
        won += await(t).isEmpty() ? 1 : 0;
      }
      assertThat(won).as("round %d: slot takers", round).isEqualTo(1);

      SlotRecord held = await(storeA.get("race", "6100")).orElseThrow();
      List<Future<Boolean>> replaces = new ArrayList<>();
      replaces.add(storeA.replace(held, held.withOwner("node-a")));
      replaces.add(storeB.replace(held, held.withOwner("node-b")));
      replaces.add(storeA.replace(held, held.withOwner("node-a2")));
      replaces.add(storeB.replace(held, held.withOwner("node-b2")));
      assertThat(replaces.stream().map(SlotStoreContract::await).toList())
          .as("round %d: replacements that won", round).containsOnlyOnce(true);

      SlotRecord now = await(storeB.get("race", "6100")).orElseThrow();
      List<Future<Boolean>> removes = List.of(storeA.remove(now), storeB.remove(now));
      assertThat(removes.stream().map(SlotStoreContract::await).toList()).containsOnlyOnce(true);
    }
  }

  @Test
  void bothMembersAgreeWhichNodeOwnsEachKeyAndBothNodesOwnSome() {
    ClusterMembership viewA = new HazelcastMembership(memberA);
    ClusterMembership viewB = new HazelcastMembership(memberB);
    Map<String, Integer> owned = new java.util.HashMap<>();
    for (int i = 0; i < 200; i++) {
      String key = "main/" + (6000 + i);
      String owner = viewA.ownerOf(key);
      assertThat(viewB.ownerOf(key)).as(key).isEqualTo(owner);
      assertThat(owner).isIn("node-a", "node-b");
      assertThat(owner.equals("node-a")).isEqualTo(ownedBy(memberA, parked("main", String.valueOf(6000 + i), "c", 0)));
      owned.merge(owner, 1, Integer::sum);
    }
    assertThat(owned).containsOnlyKeys("node-a", "node-b");
  }

  @Test
  void aChangeWrittenThroughOneMemberIsHeardOnBoth() {
    List<SlotChange> heardOnA = new CopyOnWriteArrayList<>();
    List<SlotChange> heardOnB = new CopyOnWriteArrayList<>();
    String lot = "watch-" + UUID.randomUUID();
    try (SlotStore.Watch a = storeA.watch(c -> keepIfIn(lot, c, heardOnA));
        SlotStore.Watch b = storeB.watch(c -> keepIfIn(lot, c, heardOnB))) {
      SlotRecord r = parked(lot, "6001", "call-1", 0);
      await(storeA.putIfAbsent(r));
      await(storeB.remove(r));
      List<SlotChange> expected = List.of(new SlotChange(null, r), new SlotChange(r, null));
      await().until(() -> heardOnA.size() == 2 && heardOnB.size() == 2);
      assertThat(heardOnA).isEqualTo(expected);
      assertThat(heardOnB).isEqualTo(expected);
    }
  }

  @Test
  void countersDrawnThroughBothMembersInTurnOnlyGrow() {
    String key = "count-" + UUID.randomUUID() + "/6001";
    List<Long> drawn = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      drawn.add(await((i % 2 == 0 ? storeA : storeB).nextCounts(List.of(key))).get(key));
    }
    assertThat(drawn).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
  }

  private static void keepIfIn(String lot, SlotChange c, List<SlotChange> into) {
    if (c.lot().equals(lot)) {
      into.add(c);
    }
  }

  private static Config named(Config config, String node) {
    config.getMemberAttributeConfig().setAttribute(ClusterMembership.NODE_ATTRIBUTE, node);
    return config;
  }

  /** The master admits a joiner after 1 s instead of 5 s of waiting for more joiners to batch. */
  private static Config fastJoin(Config config) {
    return config.setProperty("hazelcast.wait.seconds.before.join", "1");
  }

  private static boolean ownedBy(HazelcastInstance member, SlotRecord r) {
    PartitionService partitions = member.getPartitionService();
    return member.getCluster().getLocalMember().equals(partitions.getPartition(r.key()).getOwner());
  }
}
