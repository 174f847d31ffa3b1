package io.callpark.api;

import io.callpark.api.feed.EventFeed;
import io.callpark.api.feed.InMemoryEventFeed;
import io.callpark.api.stats.InMemoryStatsStore;
import io.callpark.api.stats.StatsStore;

/**
 * Where a node keeps what the API serves beyond slot records: the cluster's event feed and the park
 * statistics. Hazelcast-backed on a cluster ({@code HazelcastEventFeed}, {@code HazelcastStatsStore}),
 * in memory for one process.
 */
public record ApiStores(EventFeed feed, StatsStore stats) {
  public static ApiStores inMemory() {
    return new ApiStores(new InMemoryEventFeed(), new InMemoryStatsStore());
  }
}
