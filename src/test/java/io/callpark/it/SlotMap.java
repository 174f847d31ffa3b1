package io.callpark.it;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.HazelcastSlotStore;
import io.callpark.parking.store.SlotRecordSerializer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The test's window on the cluster's slot map: a Hazelcast <em>client</em> (it owns no partitions and
 * takes no part in failure detection, so it cannot change what it observes) reading
 * {@value HazelcastSlotStore#MAP_NAME}, the member list and which member owns a key's partition.
 * Invocations give up after 20 s, so a frozen member cannot hang a test. Thread-safe. Public for the
 * cluster benchmarks (io.callpark.bench).
 */
public final class SlotMap implements AutoCloseable {
  private final HazelcastInstance client;
  private final IMap<String, SlotRecord> map;

  public SlotMap(String clusterName, List<ItFiles.NodeSpec> nodes) {
    ClientConfig config = new ClientConfig().setClusterName(clusterName);
    nodes.forEach(n -> config.getNetworkConfig().addAddress("127.0.0.1:" + n.hazelcastPort()));
    config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
    config.getSerializationConfig().getCompactSerializationConfig().addSerializer(new SlotRecordSerializer());
    config.setProperty("hazelcast.client.invocation.timeout.seconds", "20");
    // A frozen member (SIGSTOP) keeps its TCP connection open: with the default 60 s heartbeat timeout a read
    // sent to it waits past the invocation timeout (cluster.frozen failed so); 5 s, as the members' own.
    config.setProperty("hazelcast.client.heartbeat.timeout", "5000");
    config.setProperty("hazelcast.client.heartbeat.interval", "1000");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    this.client = HazelcastClient.newHazelcastClient(config);
    this.map = client.getMap(HazelcastSlotStore.MAP_NAME);
  }

  public List<SlotRecord> records() {
    List<SlotRecord> out = new ArrayList<>(map.values());
    out.sort(Comparator.comparing(SlotRecord::key));
    return out;
  }

  public Optional<SlotRecord> get(String lot, String slot) {
    return Optional.ofNullable(map.get(SlotRecord.key(lot, slot)));
  }

  public Optional<SlotRecord> ofCall(String uuid) {
    return records().stream().filter(r -> uuid.equals(r.callUuid())).findFirst();
  }

  /** Forgets every record (only between tests, when no node should hold any). */
  public void clear() {
    map.clear();
  }

  /** Hazelcast ports of the members the client sees. */
  public Set<Integer> memberPorts() {
    Set<Integer> out = new TreeSet<>();
    for (Member m : client.getCluster().getMembers()) {
      out.add(m.getAddress().getPort());
    }
    return out;
  }

  /** Member port → how many partitions it owns (members owning none are absent). */
  public Map<Integer, Integer> partitionsPerMember() {
    Map<Integer, Integer> out = new HashMap<>();
    for (Partition p : client.getPartitionService().getPartitions()) {
      Member owner = p.getOwner();
      if (owner != null) {
        out.merge(owner.getAddress().getPort(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** Hazelcast port of the member owning the partition of slot record {@code lot/slot} (its timer fires there). */
  public Optional<Integer> ownerPort(String lot, String slot) {
    Member owner = client.getPartitionService().getPartition(SlotRecord.key(lot, slot)).getOwner();
    return owner == null ? Optional.empty() : Optional.of(owner.getAddress().getPort());
  }

  @Override
  public void close() {
    client.shutdown();
  }
}
