package io.callpark.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Membership from Hazelcast: every member carries its callpark node id in the member attribute
 * {@value ClusterMembership#NODE_ATTRIBUTE} (set by {@code HazelcastSetup} before the member starts).
 * A member is removed when it leaves gracefully or when the failure detector gives up on it (heartbeat
 * settings in cluster.yaml: a frozen node is noticed within about 5 s). Thread-safe; listeners run on
 * a Hazelcast event thread.
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
}
