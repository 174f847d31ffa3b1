package io.callpark.bench;

import java.util.Locale;

/**
 * One measured number: what it is, its value and unit, the target it is held to (or {@code null} when
 * it is informational) and which direction is better.
 *
 * <p>{@code detail} is free text for humans (spread, sample size); it goes to BENCHMARKS.md and
 * {@code bench/results.meta.json}, not to {@code bench/results.json}, whose entries are exactly
 * {@code name, value, unit, target, better}. Immutable.
 */
public record Figure(String name, double value, String unit, Double target, Better better, String detail) {

  /** Which direction of {@link #value} is an improvement. */
  public enum Better {
    HIGHER, LOWER;

    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Better fromJson(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  public Figure {
    if (name == null || name.isBlank() || unit == null || better == null) {
      throw new IllegalArgumentException("figure needs a name, a unit and a direction: " + name);
    }
    detail = detail == null ? "" : detail;
  }

  public static Figure higher(String name, double value, String unit, Double target, String detail) {
    return new Figure(name, value, unit, target, Better.HIGHER, detail);
  }

  public static Figure lower(String name, double value, String unit, Double target, String detail) {
    return new Figure(name, value, unit, target, Better.LOWER, detail);
  }

  /** {@code null} when there is no target; otherwise whether the value reaches it. */
  public Boolean met() {
    if (target == null) {
      return null;
    }
    return better == Better.HIGHER ? value >= target : value <= target;
  }
}
