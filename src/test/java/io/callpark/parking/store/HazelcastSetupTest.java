package io.callpark.parking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.hazelcast.config.CompactSerializationConfigAccessor;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The member config: the repo's cluster.yaml and the embedded default say the same thing. */
class HazelcastSetupTest {
  private static final Path CLUSTER_YAML = Path.of("cluster.yaml");

  @Test
  void theClusterYamlAtTheRepoRootSaysWhatTheEmbeddedDefaultSays() {
    Config fromYaml = HazelcastSetup.load(CLUSTER_YAML);
    Config embedded = HazelcastSetup.embedded();

    for (Config c : List.of(fromYaml, embedded)) {
      assertThat(c.getClusterName()).isEqualTo("callpark");
      NetworkConfig network = c.getNetworkConfig();
      assertThat(network.getPort()).isEqualTo(5701);
      assertThat(network.isPortAutoIncrement()).isTrue();
      assertThat(network.getPortCount()).isEqualTo(100);
      assertThat(network.getInterfaces().isEnabled()).isTrue();
      assertThat(network.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
      JoinConfig join = network.getJoin();
      assertThat(join.getMulticastConfig().isEnabled()).isFalse();
      assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
      assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
      assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
      assertThat(c.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
      assertThat(c.getProperty("hazelcast.logging.type")).isEqualTo("slf4j");
      assertThat(c.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("1");
      assertThat(c.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("5");
      assertThat(c.getProperty("hazelcast.shutdownhook.policy")).isEqualTo("GRACEFUL");
      assertSlotStoreReady(c);
    }
    assertThat(fromYaml.getMapConfig(HazelcastSlotStore.MAP_NAME).getBackupCount()).isEqualTo(1);
  }

  @Test
  void aYamlWithoutTheSlotMapStillGetsItsIndexesAndSerializers() {
    Config bare = Config.loadFromString("hazelcast:\n  cluster-name: elsewhere\n");

    assertSlotStoreReady(HazelcastSetup.withSlotStore(bare));
  }

  @Test
  void addingTheSlotStoreTwiceAddsNothingTwice() {
    Config twice = HazelcastSetup.withSlotStore(HazelcastSetup.embedded("twice"));

    assertSlotStoreReady(twice);
  }

  @Test
  void aMissingConfigFileIsAnErrorNamingThePath() {
    assertThatThrownBy(() -> HazelcastSetup.load(Path.of("no-such-cluster.yaml")))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("no-such-cluster.yaml");
  }

  @Test
  void withoutAFileTheEmbeddedDefaultIsUsed() {
    assertThat(HazelcastSetup.loadOrEmbedded(null).getClusterName()).isEqualTo("callpark");
    assertThat(HazelcastSetup.loadOrEmbedded(Path.of("no-such-cluster.yaml")).getNetworkConfig().getJoin()
        .getTcpIpConfig().getMembers()).containsExactly("127.0.0.1");
  }

  private static void assertSlotStoreReady(Config c) {
    assertThat(CompactSerializationConfigAccessor.getRegistrations(
        c.getSerializationConfig().getCompactSerializationConfig()))
        .containsOnlyKeys(SlotRecordSerializer.TYPE_NAME, "callpark.SlotWrite", FetchTokenSerializer.TYPE_NAME,
            "callpark.CounterIncrement");
    assertThat(c.getMapConfig(HazelcastSlotStore.MAP_NAME).getIndexConfigs())
        .extracting(IndexConfig::getType, i -> i.getAttributes())
        .containsExactlyInAnyOrder(
            tuple(IndexType.HASH, List.of("lot")),
            tuple(IndexType.HASH, List.of("callUuid")),
            tuple(IndexType.SORTED, List.of("deadlineMillis")));
    assertThat(c.getMapConfig(HazelcastSlotStore.MAP_NAME).getMergePolicyConfig().getPolicy())
        .isEqualTo(SlotMergePolicy.class.getName());
    assertThat(c.getMapConfig(HazelcastSlotStore.COUNTS_MAP_NAME).getMergePolicyConfig().getPolicy())
        .isEqualTo(CounterMergePolicy.class.getName());
  }
}
