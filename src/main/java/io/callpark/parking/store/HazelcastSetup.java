package io.callpark.parking.store;

import com.hazelcast.config.CompactSerializationConfig;
import com.hazelcast.config.CompactSerializationConfigAccessor;
import com.hazelcast.config.Config;
import com.hazelcast.config.IndexConfig;
import com.hazelcast.config.IndexType;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.util.concurrent.ForkJoinPool;
/**
 * Builds the Hazelcast member {@link Config} of a callpark node: from {@code cluster.yaml}
 * (Hazelcast's own YAML, so every discovery and network option Hazelcast documents works there), or
 * the embedded default that needs no set-up: a member on loopback that clusters only with members
 * listed on 127.0.0.1. Either way {@link #withSlotStore} adds what the slot store's code relies on
 * (its Compact serializers and its map's indexes), so a hand-written cluster.yaml cannot forget them
 * and need not list them.
 *
 * <p>Lives in {@code parking/store} because everything it adds beyond plain Hazelcast is the slot
 * store's; when {@code cluster/} grows (membership listeners, the Vert.x cluster manager sharing this
 * member), that package can call it. Stateless; static methods are thread-safe.
 */
public final class HazelcastSetup {
  /** Cluster name of the embedded default; members with another name never join it. */
  public static final String CLUSTER_NAME = "callpark";
  /** First port tried; the next free one up to {@value #PORT_COUNT} further is taken. */
  public static final int PORT = 5701;
  static final int PORT_COUNT = 100;

  private HazelcastSetup() {}

  /** The embedded default member config with cluster name {@value #CLUSTER_NAME}. */
  public static Config embedded() {
    return embedded(CLUSTER_NAME);
  }

  /**
   * The embedded default: cluster {@code clusterName}, TCP-IP join on 127.0.0.1 only (multicast and
   * cloud auto-detection off), bound to 127.0.0.1 from port {@value #PORT} upwards, a dead member
   * noticed in about 5 s, no phone-home, logging through SLF4J; plus {@link #withSlotStore}. Tests
   * pass a unique cluster name so members of parallel runs never merge.
   */
  public static Config embedded(String clusterName) {
    Config config = new Config().setClusterName(clusterName);
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(PORT).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of("127.0.0.1"));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(List.of("127.0.0.1"));
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
    // On SIGTERM, hand this member's partitions (and so its slot records' primaries) over first.
    config.setProperty("hazelcast.shutdownhook.policy", "GRACEFUL");
    return withSlotStore(config);
  }

  /**
   * Reads a member config from {@code file} (YAML, or XML by extension; {@code ${property}}
   * placeholders resolve from system properties) and adds {@link #withSlotStore}.
   *
   * @throws UncheckedIOException when the file does not exist
   */
  public static Config load(Path file) {
    try {
      return withSlotStore(Config.loadFromFile(file.toFile()));
    } catch (FileNotFoundException e) {
      throw new UncheckedIOException("no Hazelcast config at " + file.toAbsolutePath(), e);
    }
  }

  /** {@link #load} when {@code file} exists, else {@link #embedded()}. */
  public static Config loadOrEmbedded(Path file) {
    return file != null && Files.isRegularFile(file) ? load(file) : embedded();
  }

  /**
   * Adds what {@link HazelcastSlotStore} relies on to {@code config}: the Compact serializers of the
   * slot record, of its conditional write, of the counter increment (and of {@link HazelcastFetchTokens}'
   * grants), and the indexes of the map {@value HazelcastSlotStore#MAP_NAME} (hash on lot and callUuid,
   * sorted on deadlineMillis) unless the config already declares them, and the split-brain merge
   * policies {@link SlotMergePolicy} (slots) and {@link CounterMergePolicy} (counters) where the config
   * leaves Hazelcast's default. Returns {@code config}.
   */
  public static Config withSlotStore(Config config) {
    CompactSerializationConfig compact = config.getSerializationConfig().getCompactSerializationConfig();
    addSerializer(compact, new SlotRecordSerializer());
    addSerializer(compact, new SlotWrite.Serializer());
    addSerializer(compact, new FetchTokenSerializer());
    addSerializer(compact, new CounterIncrement.Serializer());
    MapConfig map = config.getMapConfig(HazelcastSlotStore.MAP_NAME);
    addIndex(map, IndexType.HASH, SlotRecordSerializer.LOT);
    addIndex(map, IndexType.HASH, SlotRecordSerializer.CALL_UUID);
    addIndex(map, IndexType.SORTED, SlotRecordSerializer.DEADLINE);
    useMergePolicy(map, SlotMergePolicy.class);
    useMergePolicy(config.getMapConfig(HazelcastSlotStore.COUNTS_MAP_NAME), CounterMergePolicy.class);
    return config;
  }

  /**
   * Starts a member. Blocks until it has joined its cluster (a few seconds): call it from {@code main}
   * or a worker thread, never from an event loop.
   */
  public static HazelcastInstance start(Config config) {
    boundAsyncCallbacks();
    return Hazelcast.newHazelcastInstance(config);
  }

  /**
   * Hazelcast runs the callbacks of its async futures (every {@code fromCompletionStage} bridge of the
   * store) on {@code ForkJoinPool.commonPool()} — unless the common pool has a parallelism of 1, as on
   * any 2-core machine, where it starts <b>a new thread per callback</b> (ConcurrencyUtil's default
   * executor). The park benchmark found it: 10,000 parked calls on a 2-core box had the node creating
   * hundreds of thousands of threads and running out of heap. There, two daemon threads do it instead;
   * they only complete Vert.x promises (the continuations hop back to the call's context).
   */
  static synchronized void boundAsyncCallbacks() {
    if (ForkJoinPool.getCommonPoolParallelism() <= 1 && !(ConcurrencyUtil.getDefaultAsyncExecutor()
        instanceof java.util.concurrent.ThreadPoolExecutor)) {
      java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
      ConcurrencyUtil.setDefaultAsyncExecutor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "callpark-hz-callbacks-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }));
    }
  }

  /** Idempotent: a second call, or cluster.yaml naming the same serializer class, is not a conflict. */
  private static void addSerializer(CompactSerializationConfig compact, CompactSerializer<?> serializer) {
    boolean registered = CompactSerializationConfigAccessor.getRegistrations(compact)
        .containsKey(serializer.getTypeName())
        || CompactSerializationConfigAccessor.getSerializerClassNames(compact)
            .contains(serializer.getClass().getName());
    if (!registered) {
      compact.addSerializer(serializer);
    }
  }

  /** Ours unless the config names a policy other than Hazelcast's default (an admin's deliberate choice). */
  private static void useMergePolicy(MapConfig map, Class<?> policy) {
    MergePolicyConfig merge = map.getMergePolicyConfig();
    if (merge.getPolicy().equals(MergePolicyConfig.DEFAULT_MERGE_POLICY)) {
      merge.setPolicy(policy.getName());
    }
  }

  private static void addIndex(MapConfig map, IndexType type, String attribute) {
    boolean declared = map.getIndexConfigs().stream()
        .anyMatch(i -> i.getType() == type && i.getAttributes().equals(List.of(attribute)));
    if (!declared) {
      map.addIndexConfig(new IndexConfig(type, attribute));
    }
  }
}
