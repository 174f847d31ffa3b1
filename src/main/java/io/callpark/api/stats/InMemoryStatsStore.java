package io.callpark.api.stats;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@link StatsStore} in one process; lost when it exits. Thread-safe: each update is a {@code compute}. */
public final class InMemoryStatsStore implements StatsStore {
  private final Map<String, StatsBucket> map = new ConcurrentHashMap<>();

  @Override
  public Future<Void> add(String lot, Window window, long bucketStart, Tally tally) {
    map.compute(window.key(lot, window.position(bucketStart)), (k, cur) -> StatsStore.updated(cur, bucketStart, tally));
    return Future.succeededFuture();
  }

  @Override
  public Future<List<StatsBucket>> buckets(String lot, Window window) {
    List<StatsBucket> out = new ArrayList<>();
    for (int i = 0; i < window.kept(); i++) {
      StatsBucket b = map.get(window.key(lot, i));
      if (b != null) {
        out.add(b);
      }
    }
    return Future.succeededFuture(out);
  }
}
