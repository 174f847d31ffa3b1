package io.callpark.bench;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics over a handful of samples (nearest-rank percentiles). Stateless. */
public final class Stats {
  private Stats() {}

  public static double median(double[] samples) {
    return percentile(samples, 50);
  }

  /** Nearest-rank percentile, {@code p} in (0, 100]; the array is not modified. */
  public static double percentile(double[] samples, double p) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    return sortedPercentile(s, p);
  }

  /** As {@link #percentile} on an array already sorted ascending. */
  public static double sortedPercentile(double[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  public static double min(double[] samples) {
    return Arrays.stream(samples).min().orElseThrow();
  }

  public static double max(double[] samples) {
    return Arrays.stream(samples).max().orElseThrow();
  }

  /** "median of 5: min 1,234 – max 1,456 (spread 8.1%)" for a detail line. */
  public static String spread(double[] samples, String what) {
    double med = median(samples);
    double lo = min(samples);
    double hi = max(samples);
    return String.format(Locale.ROOT, "median of %d %s: min %s, max %s (spread %.1f%% of the median)",
        samples.length, what, Format.number(lo), Format.number(hi), med == 0 ? 0 : 100 * (hi - lo) / med);
  }
}
