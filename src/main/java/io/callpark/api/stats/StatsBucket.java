package io.callpark.api.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One lot's counts over one time bucket: parks, retrievals, abandons, timeouts, escalations, operator
 * hangups; the time parked before retrieval as a fixed-bucket histogram (so buckets and nodes merge
 * exactly, and memory is fixed) with its sum for the mean; and who retrieved, the
 * {@value #RETRIEVERS_KEPT} most frequent extensions kept by the space-saving rule (a new extension
 * replaces the least counted one and inherits its count + 1, so the frequent ones are never lost).
 *
 * <p>Immutable and deterministic: {@link #plus} gives the same result wherever it runs, which the
 * Hazelcast store relies on (the backup replica applies the same update). Thread-safe.
 *
 * @param start bucket start, epoch millis
 * @param counts one per {@link Tally.Kind}, in its order
 * @param waits histogram of wait-before-retrieval, one count per {@link #WAIT_BOUNDS_SECONDS} bucket
 *     and a last one for longer waits
 * @param waitSumMillis sum of the waits counted in {@code waits}
 * @param retrievers extension → retrievals, at most {@value #RETRIEVERS_KEPT} entries, insertion order
 */
public record StatsBucket(long start, long[] counts, long[] waits, long waitSumMillis, Map<String, Long> retrievers) {
  /** Upper edges (inclusive) of the wait histogram's buckets, in seconds; the last bucket is "longer". */
  public static final long[] WAIT_BOUNDS_SECONDS = {5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800, 3600};
  public static final int RETRIEVERS_KEPT = 20;

  public StatsBucket {
    counts = counts.clone();
    waits = waits.clone();
    retrievers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(retrievers));
  }

  public static StatsBucket empty(long start) {
    return new StatsBucket(start, new long[Tally.Kind.values().length], new long[WAIT_BOUNDS_SECONDS.length + 1], 0,
        Map.of());
  }

  public long count(Tally.Kind kind) {
    return counts[kind.ordinal()];
  }

  /** This bucket with {@code t} counted. */
  public StatsBucket plus(Tally t) {
    long[] c = counts.clone();
    c[t.kind().ordinal()]++;
    if (t.kind() != Tally.Kind.RETRIEVED) {
      return new StatsBucket(start, c, waits, waitSumMillis, retrievers);
    }
    long[] w = waits.clone();
    w[waitBucket(t.waitMillis())]++;
    Map<String, Long> r = retrievers;
    if (t.by() != null) {
      r = new LinkedHashMap<>(retrievers);
      countRetriever(r, t.by(), 1);
    }
    return new StatsBucket(start, c, w, waitSumMillis + t.waitMillis(), r);
  }

  /** The sum of this bucket and {@code other} (a total over buckets or lots); keeps this start. */
  public StatsBucket merge(StatsBucket other) {
    long[] c = counts.clone();
    long[] w = waits.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] += other.counts[i];
    }
    for (int i = 0; i < w.length; i++) {
      w[i] += other.waits[i];
    }
    Map<String, Long> r = new LinkedHashMap<>(retrievers);
    other.retrievers.forEach((ext, n) -> countRetriever(r, ext, n));
    return new StatsBucket(start, c, w, waitSumMillis + other.waitSumMillis, r);
  }

  /** Retrievals with a known wait (the histogram's total). */
  public long waitCount() {
    return Arrays.stream(waits).sum();
  }

  /** Mean wait before retrieval in seconds, or null without retrievals. */
  public Double averageWaitSeconds() {
    long n = waitCount();
    return n == 0 ? null : waitSumMillis / 1000.0 / n;
  }

  /**
   * The 90th percentile of the wait before retrieval, as the upper edge in seconds of the histogram bucket
   * that holds it (so "90 % waited at most this long", to the histogram's resolution); for the last,
   * open bucket its lower edge; null without retrievals.
   */
  public Long p90WaitSeconds() {
    long n = waitCount();
    if (n == 0) {
      return null;
    }
    long rank = (long) Math.ceil(0.9 * n);
    long seen = 0;
    for (int i = 0; i < waits.length; i++) {
      seen += waits[i];
      if (seen >= rank) {
        return WAIT_BOUNDS_SECONDS[Math.min(i, WAIT_BOUNDS_SECONDS.length - 1)];
      }
    }
    throw new IllegalStateException("histogram total changed while reading");
  }

  /** The retrievers, most retrievals first (ties by extension), at most {@code n}. */
  public List<Map.Entry<String, Long>> topRetrievers(int n) {
    List<Map.Entry<String, Long>> all = new ArrayList<>(retrievers.entrySet());
    all.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    return all.subList(0, Math.min(n, all.size()));
  }

  static int waitBucket(long millis) {
    for (int i = 0; i < WAIT_BOUNDS_SECONDS.length; i++) {
      if (millis <= WAIT_BOUNDS_SECONDS[i] * 1000) {
        return i;
      }
    }
    return WAIT_BOUNDS_SECONDS.length;
  }

  /** Space-saving: a new extension when the map is full replaces the least counted, inheriting its count. */
  private static void countRetriever(Map<String, Long> r, String ext, long n) {
    Long had = r.get(ext);
    if (had != null) {
      r.put(ext, had + n);
      return;
    }
    if (r.size() < RETRIEVERS_KEPT) {
      r.put(ext, n);
      return;
    }
    Map.Entry<String, Long> least = null;
    for (Map.Entry<String, Long> e : r.entrySet()) {
      if (least == null || e.getValue() < least.getValue()) {
        least = e;
      }
    }
    r.remove(least.getKey());
    r.put(ext, least.getValue() + n);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatsBucket b && start == b.start && Arrays.equals(counts, b.counts)
        && Arrays.equals(waits, b.waits) && waitSumMillis == b.waitSumMillis && retrievers.equals(b.retrievers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(start, Arrays.hashCode(counts), Arrays.hashCode(waits), waitSumMillis, retrievers);
  }

  @Override
  public String toString() {
    return "StatsBucket[start=" + start + ", counts=" + Arrays.toString(counts) + ", waits=" + Arrays.toString(waits)
        + ", waitSumMillis=" + waitSumMillis + ", retrievers=" + retrievers + "]";
  }
}
