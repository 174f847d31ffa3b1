package io.callpark.parking.store;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link HazelcastSlotStore} on one embedded member (started once for the class, in a cluster of its
 * own) passes the same {@link SlotStoreContract} as the in-memory twin.
 */
class HazelcastSlotStoreTest extends SlotStoreContract {
  private static Vertx vertx;
  private static HazelcastInstance member;
  private static SlotStore store;

  @BeforeAll
  static void startMember() {
    vertx = Vertx.vertx();
    member = HazelcastSetup.start(HazelcastSetup.embedded("callpark-test-" + UUID.randomUUID()));
    store = new HazelcastSlotStore(vertx, member);
  }

  @AfterAll
  static void stopMember() {
    if (member != null) {
      member.getLifecycleService().terminate();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @BeforeEach
  void emptyTheMap() {
    member.getMap(HazelcastSlotStore.MAP_NAME).clear();
  }

  @Override
  protected SlotStore store() {
    return store;
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }
}
