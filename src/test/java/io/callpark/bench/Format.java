package io.callpark.bench;

import java.util.Locale;

/** Number formatting shared by the console table and BENCHMARKS.md. Stateless. */
public final class Format {
  private Format() {}

  /** Three significant decimals below 10, one below 100, none above; thousands separated with commas. */
  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a < 10) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    if (a < 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Rounds a value for results.json: integers above 100, 4 significant digits below. */
  public static double round(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
      return v;
    }
    if (Math.abs(v) >= 100) {
      return Math.rint(v);
    }
    double scale = Math.pow(10, 3 - (int) Math.floor(Math.log10(Math.abs(v))));
    return Math.rint(v * scale) / scale;
  }
}
