package io.callpark.it.chaos;

import io.callpark.it.chaos.CallFates.Fate;
import io.callpark.it.chaos.FaultDriver.Fault;
import io.callpark.it.chaos.Violations.Invariant;
import java.util.List;
import java.util.Map;

/**
 * What one chaos run did and found, and its printout. Immutable; thread-safe.
 *
 * @param settings the run's settings (its seed repeats the schedules)
 * @param seconds how long the whole run took, start-up and checks included
 * @param placed parking callers the load placed; {@code placeFailed} calls (callers or retrievers) failed to start
 * @param fates where every parking caller ended up
 * @param faults faults injected, by kind; {@code timeline} lists each with its time
 * @param transientOverlaps slots briefly claimed by two channels (within the grace), {@code longestOverlapMillis} the longest
 * @param timeouts {@code timeout} events the boxes received (each box counted)
 * @param violations what the checkers found
 */
public record ChaosSummary(ChaosSettings settings, double seconds, int placed, int placeFailed, int retrievesSent,
    int abandonsSent, Map<Fate, Integer> fates, Map<Fault, Integer> faults, List<String> timeline,
    int transientOverlaps, long longestOverlapMillis, int timeouts, Violations violations) {

  public boolean passed() {
    return violations.total() == 0;
  }

  public String format() {
    StringBuilder s = new StringBuilder();
    s.append("==== chaos run, seed ").append(settings.seed()).append(": ").append(settings.duration().toSeconds())
        .append(" s of chaos, ").append(String.format("%.0f", seconds)).append(" s in all — ")
        .append(passed() ? "PASSED" : "FAILED (" + violations.total() + " violations)").append('\n');
    s.append("repeat: ").append(settings.reproduce()).append('\n');
    s.append("calls: ").append(placed).append(" parking callers placed (").append(placeFailed)
        .append(" calls failed to start), ").append(retrievesSent).append(" retrievers sent, ").append(abandonsSent)
        .append(" parked callers hung up by the load\n");
    s.append("parking callers: ").append(fates).append('\n');
    s.append("faults: ").append(faults).append('\n');
    s.append("timeout events received: ").append(timeouts).append("; slots briefly claimed twice: ")
        .append(transientOverlaps).append(" (longest ").append(longestOverlapMillis).append(" ms)\n");
    for (Invariant i : Invariant.values()) {
      List<String> found = violations.of(i);
      s.append(String.format("  %-36s %-4s checks %-7d violations %d%n", i.words, found.isEmpty() ? "ok" : "FAIL",
          violations.checks(i), found.size()));
      found.stream().limit(20).forEach(f -> s.append("      ").append(f).append('\n'));
      if (found.size() > 20) {
        s.append("      ... ").append(found.size() - 20).append(" more\n");
      }
    }
    s.append("fault timeline:\n");
    timeline.forEach(t -> s.append("  ").append(t).append('\n'));
    return s.toString();
  }
}
