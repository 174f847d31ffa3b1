package io.callpark.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Membership from Hazelcast: every member carries its callpark node id in the member attribute
 * {@value ClusterMembership#NODE_ATTRIBUTE} (set by {@code HazelcastSetup} before the member starts).
 * A member is removed when it leaves gracefully or when the failure detector gives up on it (heartbeat
 * settings in cluster.yaml: a frozen node is noticed within about 5 s). {@link #ownerOf} is the node of
 * the member that owns the key's partition (Hazelcast's {@code PartitionService}, the same partitioning
 * as the slot map's keys), read from the local partition table without a remote call. Thread-safe;
 * listeners run on a Hazelcast event thread.
 */
public final class HazelcastMembership implements ClusterMembership {
  private final HazelcastInstance hazelcast;
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public HazelcastMembership(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent e) {
        // nothing to do: a node that joins takes calls through the dialplan's socket list
      }

      @Override
      public void memberRemoved(MembershipEvent e) {
        String node = e.getMember().getAttribute(NODE_ATTRIBUTE);
        if (node != null) {
          listeners.forEach(l -> l.accept(node));
        }
      }
    });
  }

  @Override
  public Set<String> liveNodes() {
    Set<String> out = new HashSet<>();
    for (Member m : hazelcast.getCluster().getMembers()) {
      String node = m.getAttribute(NODE_ATTRIBUTE);
      if (node != null) {
        out.add(node);
      }
    }
    return out;
  }

  @Override
  public void onNodeLeft(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public String ownerOf(String key) {
    Partition partition = hazelcast.getPartitionService().getPartition(key);
    Member owner = partition == null ? null : partition.getOwner();
    return owner == null ? null : owner.getAttribute(NODE_ATTRIBUTE);
  }
}
