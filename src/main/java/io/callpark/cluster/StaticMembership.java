package io.callpark.cluster;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The in-memory twin of {@link HazelcastMembership}: a set of node ids that tests change by hand
 * ({@link #leave}). With only this node in it, it is the single-node default. Thread-safe.
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
}
