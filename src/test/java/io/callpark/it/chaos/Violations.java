package io.callpark.it.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the invariant checkers found during one chaos run: for each invariant how many times it was
 * checked and every violation in words (with the time into the run). Thread-safe (synchronized): the
 * checkers report from the boxes' event loops, the monitor thread and the final checks.
 */
public final class Violations {
  /** The four promises of issue 9, plus the record leak the cluster tests also check. */
  public enum Invariant {
    ONE_CALL_PER_SLOT("no slot ever holds two calls"),
    NO_CALL_LOST("no parked call lost"),
    LAMPS_RIGHT("no lamp left wrong after reconcile"),
    TIMERS_ONCE("every timer fired once"),
    NO_RECORD_LEAK("no slot record outlives its call");

    final String words;

    Invariant(String words) {
      this.words = words;
    }
  }

  private final long startNanos = System.nanoTime();
  private final Map<Invariant, Long> checks = new LinkedHashMap<>();
  private final Map<Invariant, List<String>> found = new LinkedHashMap<>();

  public Violations() {
    for (Invariant i : Invariant.values()) {
      checks.put(i, 0L);
      found.put(i, new ArrayList<>());
    }
  }

  /** {@code n} more things were checked against {@code i}. */
  public synchronized void checked(Invariant i, long n) {
    checks.merge(i, n, Long::sum);
  }

  public synchronized void violated(Invariant i, String what) {
    found.get(i).add(String.format("t+%.1fs %s", (System.nanoTime() - startNanos) / 1e9, what));
  }

  public synchronized long checks(Invariant i) {
    return checks.get(i);
  }

  public synchronized List<String> of(Invariant i) {
    return List.copyOf(found.get(i));
  }

  public synchronized int total() {
    return found.values().stream().mapToInt(List::size).sum();
  }

  /** Seconds since the run began (for the fault and call logs). */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
