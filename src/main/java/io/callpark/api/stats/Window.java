package io.callpark.api.stats;

import java.time.Duration;

/**
 * A statistics time window: buckets of {@link #size()} aligned to the epoch (UTC hours and days), of
 * which the last {@link #kept()} are kept. The store holds at most {@code kept} buckets per lot and
 * window: bucket {@code n} lives in position {@code n % kept}, and a newer bucket overwrites the one
 * {@code kept} windows older.
 */
public enum Window {
  HOUR(Duration.ofHours(1), 48),
  DAY(Duration.ofDays(1), 31);

  private final Duration size;
  private final int kept;

  Window(Duration size, int kept) {
    this.size = size;
    this.kept = kept;
  }

  public Duration size() {
    return size;
  }

  public int kept() {
    return kept;
  }

  /** Start of the bucket holding {@code millis}. */
  public long bucketStart(long millis) {
    long s = size.toMillis();
    return Math.floorDiv(millis, s) * s;
  }

  /** The store position of the bucket starting at {@code start}: 0 .. kept-1. */
  public int position(long start) {
    return (int) Math.floorMod(Math.floorDiv(start, size.toMillis()), (long) kept);
  }

  /** The store key of {@code lot}'s bucket at {@code position}. */
  public String key(String lot, int position) {
    return lot + "/" + name().toLowerCase(java.util.Locale.ROOT) + "/" + position;
  }
}
