package io.callpark.parking.store;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The in-memory twin passes the same {@link SlotStoreContract} as the Hazelcast store. */
class InMemorySlotStoreTest extends SlotStoreContract {
  private static Vertx vertx;
  private SlotStore store;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void closeVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void newStore() {
    store = new InMemorySlotStore();
  }

  @Override
  protected SlotStore store() {
    return store;
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }

  @Override
  protected int racingRounds() {
    return 500;
  }
}
