package io.callpark.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory twin of {@link HazelcastMembership}: a set of node ids that tests change by hand
 * ({@link #leave}). With only this node in it, it is the single-node default. Keys are owned by the live
 * nodes in turn ({@link #ownerOf}: the key's hash over the sorted live ids), so two nodes sharing one
 * instance split the slots between them as Hazelcast's partitions would. Thread-safe.
 */
public final class StaticMembership implements ClusterMembership {
  private final Set<String> live = ConcurrentHashMap.newKeySet();
  private final CopyOnWriteArrayList<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public StaticMembership(String... nodes) {
    live.addAll(Set.of(nodes));
  }

  public void join(String node) {
    live.add(node);
  }

  /** {@code node} is gone: listeners hear of it. */
  public void leave(String node) {
    if (live.remove(node)) {
      listeners.forEach(l -> l.accept(node));
    }
  }

  @Override
  public Set<String> liveNodes() {
    return Set.copyOf(live);
  }

  @Override
  public void onNodeLeft(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public String ownerOf(String key) {
    List<String> nodes = new ArrayList<>(live);
    if (nodes.isEmpty()) {
      return null;
    }
    nodes.sort(null);
    return nodes.get(Math.floorMod(key.hashCode(), nodes.size()));
  }
}
