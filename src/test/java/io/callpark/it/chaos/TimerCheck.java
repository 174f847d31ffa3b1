package io.callpark.it.chaos;

import io.callpark.esl.codec.EslEvent;
import io.callpark.it.CallparkCluster;
import io.callpark.it.chaos.Violations.Invariant;
import io.callpark.parking.ParkEvents;
import io.callpark.parking.SlotRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Invariant 4, "every timer fired once", from two sides.
 * <ul>
 *   <li><b>Not twice</b>, from the {@code callpark::info} events each box received: a deadline firing
 *       publishes one {@code timeout} event (detail {@code parked for N s}, counted from the record's park
 *       time) to every box its node is linked to. Two {@code timeout} events for one call on one box whose
 *       N differ by at most 1 s and which arrived less than {@value #TWICE_MILLIS} ms apart are one round
 *       fired twice: a chain's next round starts at least the parking time (3 s) later, so its N is larger
 *       by 3 or more, and a call parked anew after a lost record starts again from N = 3 but seconds later.
 *       Likewise two {@code recall-answered} for one call: bridged twice.</li>
 *   <li><b>At all</b>, from the slot map ({@link #overdue}): no record's deadline more than
 *       {@code lateMillis} in the past — sampled during the run and checked at the end.</li>
 * </ul>
 * Stateless apart from what it reported; thread-safe.
 */
public final class TimerCheck {
  static final long TWICE_MILLIS = 2_000;
  private final Set<String> reportedOverdue = new HashSet<>();

  /** Checks the events both boxes received; returns how many {@code timeout} events there were (per box, summed). */
  public int firedOnce(CallparkCluster cluster, Violations v) {
    int timeouts = 0;
    for (int b = 1; b <= CallparkCluster.BOXES; b++) {
      Map<String, List<EslEvent>> byCall = cluster.box(b).sentEvents().stream()
          .filter(e -> ParkEvents.SUBCLASS.equals(e.subclass()) && e.header("Unique-ID") != null)
          .filter(e -> "timeout".equals(e.header("Callpark-Event")) || "recall-answered".equals(e.header("Callpark-Event")))
          .collect(Collectors.groupingBy(e -> e.header("Unique-ID")));
      for (Map.Entry<String, List<EslEvent>> call : byCall.entrySet()) {
        List<EslEvent> fired = new ArrayList<>();
        List<EslEvent> answered = new ArrayList<>();
        call.getValue().forEach(e -> ("timeout".equals(e.header("Callpark-Event")) ? fired : answered).add(e));
        timeouts += fired.size();
        v.checked(Invariant.TIMERS_ONCE, fired.size() + answered.size());
        for (int i = 1; i < fired.size(); i++) {
          EslEvent a = fired.get(i - 1);
          EslEvent c = fired.get(i);
          long apartMillis = (micros(c) - micros(a)) / 1000;
          if (Math.abs(parkedFor(c) - parkedFor(a)) <= 1 && apartMillis < TWICE_MILLIS) {
            v.violated(Invariant.TIMERS_ONCE, "fs" + b + ": call " + call.getKey() + " timed out twice, " + apartMillis
                + " ms apart: '" + a.header("Callpark-Detail") + "' by " + a.header("Callpark-Node") + ", '"
                + c.header("Callpark-Detail") + "' by " + c.header("Callpark-Node"));
          }
        }
        if (answered.size() > 1) {
          v.violated(Invariant.TIMERS_ONCE, "fs" + b + ": call " + call.getKey() + " recall answered " + answered.size()
              + " times, by " + answered.stream().map(e -> e.header("Callpark-Node")).toList());
        }
      }
    }
    return timeouts;
  }

  /** Records whose deadline passed more than {@code lateMillis} ago; each (record, version) reported once. */
  public synchronized void overdue(List<SlotRecord> records, long lateMillis, Violations v) {
    long now = System.currentTimeMillis();
    v.checked(Invariant.TIMERS_ONCE, records.size());
    for (SlotRecord r : records) {
      if (r.deadlineMillis() > 0 && now - r.deadlineMillis() > lateMillis
          && reportedOverdue.add(r.key() + "@" + r.version())) {
        v.violated(Invariant.TIMERS_ONCE, "deadline of " + r.key() + " (" + r.state() + ", call " + r.callUuid()
            + ", owner " + r.ownerNode() + ") passed " + (now - r.deadlineMillis()) + " ms ago without firing");
      }
    }
  }

  private static long micros(EslEvent e) {
    String t = e.header("Event-Date-Timestamp");
    return t == null ? 0 : Long.parseLong(t);
  }

  /** N of {@code parked for N s}, or -100 when missing. */
  private static long parkedFor(EslEvent e) {
    String d = e.header("Callpark-Detail");
    if (d == null || !d.startsWith("parked for ")) {
      return -100;
    }
    return Long.parseLong(d.substring("parked for ".length(), d.indexOf(' ', "parked for ".length())));
  }
}
