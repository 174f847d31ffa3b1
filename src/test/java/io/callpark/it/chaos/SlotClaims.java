package io.callpark.it.chaos;

import io.callpark.it.chaos.Violations.Invariant;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Invariant 1, "no slot ever holds two calls", watched continuously from the boxes' side: which live,
 * unbridged channel carries which {@code callpark_lot}/{@code callpark_slot} (the marks a node sets
 * when it parks a call), across both boxes, and who is bridged to whom.
 *
 * <ul>
 *   <li>Two parked callers bridged to each other (valet_park's merge, which callpark must never do):
 *       a violation at once.</li>
 *   <li>Two live channels claiming one slot: allowed for {@code grace} — a caller whose record was lost
 *       mid-retrieve keeps its old marks until its node's audit parks it again elsewhere (two audits,
 *       docs/cluster.md) — and counted as a transient overlap; longer is a violation.</li>
 * </ul>
 *
 * <p>Thread-safe (synchronized): {@link #update} runs on the boxes' event loops, {@link #sweep} on the
 * monitor thread.
 */
public final class SlotClaims {
  private final Map<String, ChaosCall> calls;
  private final Violations violations;
  private final long graceNanos;
  private final Map<String, String> claimOf = new HashMap<>();
  private final Map<String, Set<String>> claimants = new HashMap<>();
  private final Map<String, Long> overlapSince = new HashMap<>();
  private final Set<String> reported = new HashSet<>();
  private int transientOverlaps;
  private long longestOverlapMillis;

  /** @param calls every call of the run by uuid (the map is read, not copied) */
  public SlotClaims(Map<String, ChaosCall> calls, Violations violations, Duration grace) {
    this.calls = calls;
    this.violations = violations;
    this.graceNanos = grace.toNanos();
  }

  /** {@code c} has a new snapshot. */
  public synchronized void update(ChaosCall c) {
    violations.checked(Invariant.ONE_CALL_PER_SLOT, 1);
    Optional<String> now = c.claim();
    String before = claimOf.get(c.uuid());
    if (!now.map(k -> k.equals(before)).orElse(before == null)) {
      if (before != null) {
        claimOf.remove(c.uuid());
        Set<String> set = claimants.get(before);
        set.remove(c.uuid());
        settle(before);
      }
      now.ifPresent(k -> {
        claimOf.put(c.uuid(), k);
        claimants.computeIfAbsent(k, x -> new HashSet<>()).add(c.uuid());
        settle(k);
      });
    }
    if (c.role() != ChaosCall.Role.RETRIEVES && c.everParked()) {
      for (String p : c.partners()) {
        ChaosCall other = calls.get(p);
        if (other != null && other.role() != ChaosCall.Role.RETRIEVES && other.everParked()
            && reported.add("bridge " + (c.uuid().compareTo(p) < 0 ? c.uuid() + p : p + c.uuid()))) {
          violations.violated(Invariant.ONE_CALL_PER_SLOT, "two parked callers bridged together: " + c + " <-> " + other);
        }
      }
    }
  }

  /** Reports every overlap that has outlasted the grace. */
  public synchronized void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<String, Long> e : overlapSince.entrySet()) {
      if (now - e.getValue() > graceNanos && reported.add("overlap " + e.getKey() + " " + e.getValue())) {
        StringBuilder who = new StringBuilder();
        claimants.get(e.getKey()).forEach(u -> who.append("\n    ").append(calls.get(u)));
        violations.violated(Invariant.ONE_CALL_PER_SLOT, "slot " + e.getKey() + " claimed by "
            + claimants.get(e.getKey()).size() + " live channels for over " + graceNanos / 1_000_000 + " ms:" + who);
      }
    }
  }

  /** Slots claimed by two channels at once for less than the grace. */
  public synchronized int transientOverlaps() {
    return transientOverlaps;
  }

  public synchronized long longestOverlapMillis() {
    long now = System.nanoTime();
    long open = overlapSince.values().stream().mapToLong(s -> (now - s) / 1_000_000).max().orElse(0);
    return Math.max(longestOverlapMillis, open);
  }

  private void settle(String key) {
    int n = claimants.getOrDefault(key, Set.of()).size();
    if (n >= 2) {
      overlapSince.putIfAbsent(key, System.nanoTime());
    } else {
      Long since = overlapSince.remove(key);
      if (since != null) {
        long ms = (System.nanoTime() - since) / 1_000_000;
        longestOverlapMillis = Math.max(longestOverlapMillis, ms);
        if (ms * 1_000_000 <= graceNanos) {
          transientOverlaps++;
        }
      }
      if (n == 0) {
        claimants.remove(key);
      }
    }
  }
}
