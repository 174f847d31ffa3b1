package io.callpark.api.stats;

/** The in-memory twin passes the same {@link StatsStoreContract} as the Hazelcast store. */
class InMemoryStatsStoreTest extends StatsStoreContract {
  private final StatsStore store = new InMemoryStatsStore();

  @Override
  protected StatsStore store() {
    return store;
  }
}
