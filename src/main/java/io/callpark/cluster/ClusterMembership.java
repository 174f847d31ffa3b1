package io.callpark.cluster;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Which callpark nodes are alive, and word when one leaves (dies, freezes past the failure detector,
 * or shuts down). Production: {@link HazelcastMembership} (member attribute {@value #NODE_ATTRIBUTE});
 * tests and single-process runs: {@link StaticMembership}.
 *
 * <p>Implementations are thread-safe; listeners run on a thread of the implementation's choosing and
 * must hop to their own context.
 */
public interface ClusterMembership {
  /** The Hazelcast member attribute that carries a member's callpark node id. */
  String NODE_ATTRIBUTE = "callpark.node";

  /** Node ids of every live member, this one included. */
  Set<String> liveNodes();

  /** Registers {@code listener} for node ids that leave the cluster. */
  void onNodeLeft(Consumer<String> listener);

  /**
   * The node that answers for {@code key} (a slot key {@code lot/slot}, or a lot name) right now: the
   * owner of the key's partition in the slot store, so a node deciding for a slot reads and writes it
   * locally. Every live node computes the same answer from the same membership; null while nobody owns
   * it (a partition in migration). Presence uses it so that one node, not all of them, answers a
   * phone's probe and publishes a slot's lamp.
   */
  String ownerOf(String key);
}
