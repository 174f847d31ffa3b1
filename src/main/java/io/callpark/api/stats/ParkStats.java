package io.callpark.api.stats;

import io.callpark.parking.ParkEvent;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Park statistics per lot and window (docs/api.md, "Statistics"): {@link #record} counts a park event in
 * its hour and its day bucket; {@link #series} reads the last buckets of a lot as a gap-free series.
 *
 * <p>Counted once cluster-wide: every node records only the events it publishes itself, and an event is
 * published only by the node whose conditional write won it. Thread-safe.
 */
public final class ParkStats {
  private static final Logger log = LoggerFactory.getLogger(ParkStats.class);

  private final StatsStore store;

  public ParkStats(StatsStore store) {
    this.store = store;
  }

  /** Counts {@code e} (if it is a kind that counts) in both windows; completes when both are stored. */
  public Future<Void> record(ParkEvent e) {
    return Tally.of(e).map(t -> {
      List<Future<Void>> writes = new ArrayList<>();
      for (Window w : Window.values()) {
        writes.add(store.add(e.lot(), w, w.bucketStart(e.atMillis()), t));
      }
      return Future.all(writes).<Void>mapEmpty().onFailure(x -> log.warn("statistics of {} {}/{} not stored: {}",
          e.type(), e.lot(), e.slot(), x.toString()));
    }).orElse(Future.succeededFuture());
  }

  /**
   * The last {@code count} buckets of {@code lot} up to the one holding {@code nowMillis}, newest first;
   * a bucket with nothing in it (or only a stale one in its position) is an empty bucket.
   */
  public Future<List<StatsBucket>> series(String lot, Window window, int count, long nowMillis) {
    int n = Math.min(count, window.kept());
    return store.buckets(lot, window).map(held -> {
      Map<Long, StatsBucket> byStart = held.stream().collect(Collectors.toMap(StatsBucket::start, Function.identity(),
          (a, b) -> a));
      List<StatsBucket> out = new ArrayList<>(n);
      long start = window.bucketStart(nowMillis);
      for (int i = 0; i < n; i++, start -= window.size().toMillis()) {
        out.add(byStart.getOrDefault(start, StatsBucket.empty(start)));
      }
      return out;
    });
  }
}
