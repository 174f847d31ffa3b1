package io.callpark.regression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.HazelcastSetup;
import io.callpark.parking.store.HazelcastSlotStore;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Found by {@code ClusterIT}: a conditional slot write that <em>lost</em> (a second caller asking for a
 * taken slot, a stale replace, a stale remove) still sent its would-be outcome to the backup replica,
 * because Hazelcast backs up every entry-processor call that offers a backup processor. Once the
 * primary's member died, the backup came back with the loser in the slot (or the slot empty) and the
 * caller who had really parked there lost their record.
 *
 * <p>Two members in this JVM; the records live in partitions member A owns, so B holds their backups;
 * the writes go through B's store; then A is terminated (as by kill -9) and B answers from what was
 * its backup.
 */
class LosingSlotWriteBackupTest {
  private Vertx vertx;
  private HazelcastInstance memberA;
  private HazelcastInstance memberB;

  @AfterEach
  void stop() throws Exception {
    for (HazelcastInstance m : new HazelcastInstance[] {memberB, memberA}) {
      if (m != null) {
        m.getLifecycleService().terminate();
      }
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void writesThatLostLeaveNothingOnTheBackupSoTheWinnerSurvivesThePrimarysDeath() {
    String cluster = "callpark-test-" + UUID.randomUUID();
    vertx = Vertx.vertx();
    memberA = HazelcastSetup.start(fastJoin(HazelcastSetup.embedded(cluster)));
    Config configB = fastJoin(HazelcastSetup.embedded(cluster));
    configB.getNetworkConfig().getJoin().getTcpIpConfig()
        .setMembers(List.of("127.0.0.1:" + memberA.getCluster().getLocalMember().getAddress().getPort()));
    memberB = HazelcastSetup.start(configB);
    await().atMost(Duration.ofSeconds(20)).until(() -> memberA.getCluster().getMembers().size() == 2
        && memberA.getPartitionService().isClusterSafe());
    SlotStore viaB = new HazelcastSlotStore(vertx, memberB);
    List<String> slots = slotsOwnedBy(memberA, 3);

    SlotRecord alice = record(slots.get(0), "alice");
    assertThat(get(viaB.putIfAbsent(alice))).isEmpty();
    assertThat(get(viaB.putIfAbsent(record(slots.get(0), "bob")))).contains(alice);

    SlotRecord carol = record(slots.get(1), "carol");
    get(viaB.putIfAbsent(carol));
    SlotRecord stale = carol.withOwner("node-x");
    assertThat(get(viaB.replace(stale, stale.withOwner("node-y")))).isFalse();

    SlotRecord dave = record(slots.get(2), "dave");
    get(viaB.putIfAbsent(dave));
    assertThat(get(viaB.remove(dave.withOwner("node-x")))).isFalse();

    memberA.getLifecycleService().terminate();
    await().atMost(Duration.ofSeconds(20)).until(() -> memberB.getCluster().getMembers().size() == 1
        && memberB.getPartitionService().isClusterSafe());

    assertThat(get(viaB.get("main", slots.get(0)))).as("slot a losing park asked for").contains(alice);
    assertThat(get(viaB.get("main", slots.get(1)))).as("slot of a losing replace").contains(carol);
    assertThat(get(viaB.get("main", slots.get(2)))).as("slot of a losing remove").contains(dave);
  }

  private static SlotRecord record(String slot, String call) {
    return SlotRecord.parked("main", slot, call, "fs1", "Caller", "1001", "2001", "node-b", 1_700_000_000_000L, 0);
  }

  /** {@code count} slots of lot {@code main} whose records' partitions {@code member} owns. */
  private static List<String> slotsOwnedBy(HazelcastInstance member, int count) {
    Member me = member.getCluster().getLocalMember();
    List<String> out = new ArrayList<>();
    for (int s = 6001; out.size() < count; s++) {
      if (me.equals(member.getPartitionService().getPartition(SlotRecord.key("main", Integer.toString(s))).getOwner())) {
        out.add(Integer.toString(s));
      }
    }
    return out;
  }

  private static Config fastJoin(Config config) {
    return config.setProperty("hazelcast.wait.seconds.before.join", "1");
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call did not complete", e);
    }
  }
}
