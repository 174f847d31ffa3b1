package io.callpark.bench;

import io.callpark.esl.codec.EslEvent;
import io.callpark.parking.ParkEvents;
import io.callpark.parking.SlotRecord;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code kill -9} of the member owning the partitions of parked calls' slot records just before their
 * recall deadlines: how long until the deadlines fire on a survivor (issue 5, "Durable timers").
 */
public final class ClusterTimerBenchmark implements Benchmark {
  static final int CALLS = 20;
  private static final long KILL_BEFORE_MS = 150;
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "cluster.timer";
  }

  @Override
  public String method() {
    return "The 3-node `ClusterRig` of cluster.failover (timer period 250 ms, the default). " + CALLS + " calls (half "
        + "per box) are parked at once through n1 into slots of lot `timed` (parking time "
        + ClusterRig.TIMED_PARKING.toSeconds() + " s) whose records' partitions n2 owns, so their recall deadlines "
        + "live on n2 and the calls' sockets on n1. " + KILL_BEFORE_MS + " ms before the earliest deadline (read "
        + "from the records) n2 gets `kill -9`; its partitions' backups are promoted on the survivors, whose "
        + "timers then find the deadlines overdue and recall the parker (`bgapi originate "
        + "{callpark_recall=timed/<slot>...}`). `cluster.timer_resume_s`: from the kill to the last of those "
        + "originates reaching the box (the box's clock); the detail gives where the deadlines fell, how late each "
        + "recall was past its own deadline, which node fired it and whether each fired exactly once.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    try (ClusterRig rig = ClusterRig.start(ctx, "timer", 3)) {
      int victimPort = rig.slots().memberPorts().stream()
          .filter(p -> rig.nodeOfMemberPort(p).equals("n2")).findFirst().orElseThrow();
      List<String> slots = new ArrayList<>();
      String[] range = ClusterRig.TIMED_SLOTS.split("-");
      for (int s = Integer.parseInt(range[0]); s <= Integer.parseInt(range[1]) && slots.size() < CALLS; s++) {
        if (rig.slots().ownerPort("timed", Integer.toString(s)).orElse(-1) == victimPort) {
          slots.add(Integer.toString(s));
        }
      }
      if (slots.size() < CALLS) {
        throw new IllegalStateException("only " + slots.size() + " slots of " + ClusterRig.TIMED_SLOTS + " on n2");
      }
      List<ChannelSnapshot> parked = ClusterRig.inParallel(CALLS, CALLS, Duration.ofSeconds(60),
          k -> rig.park(k % ClusterRig.BOXES + 1, "sock1", Integer.toString(30000 + k), 30_000,
              "callpark_request", "timed park " + slots.get(k)));
      Map<String, Long> deadline = new HashMap<>();
      for (int k = 0; k < CALLS; k++) {
        ChannelSnapshot s = parked.get(k);
        String slot = slots.get(k);
        if (!"n1".equals(s.variable("callpark_node")) || !slot.equals(s.variable("callpark_slot"))) {
          throw new IllegalStateException("call " + s.uuid() + " parked in " + s.variable("callpark_slot") + " by "
              + s.variable("callpark_node") + ", expected " + slot + " by n1");
        }
        SlotRecord r = rig.slots().get("timed", slot).orElseThrow();
        deadline.put(slot, r.deadlineMillis());
      }
      long earliest = deadline.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      long latest = deadline.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      long wait = earliest - KILL_BEFORE_MS - System.currentTimeMillis();
      if (wait < 0) {
        throw new IllegalStateException("parking took too long: the first deadline is " + (-wait - KILL_BEFORE_MS)
            + " ms past already; nothing to measure");
      }
      ctx.progress(name() + ": " + CALLS + " calls parked through n1 in slots owned by n2; kill -9 n2 in " + wait + " ms");
      TimeUnit.MILLISECONDS.sleep(wait);
      long t0 = System.nanoTime();
      long wall0 = System.currentTimeMillis();
      rig.node(2).kill9();

      Map<String, List<Long>> fired;
      long until = System.nanoTime() + BOUND.toNanos();
      do {
        TimeUnit.MILLISECONDS.sleep(200);
        fired = originates(rig, slots);
      } while (fired.size() < CALLS && System.nanoTime() < until);

      List<Long> firstFire = new ArrayList<>();
      List<Long> lateness = new ArrayList<>();
      int early = 0;
      int twice = 0;
      for (String slot : slots) {
        List<Long> at = fired.get(slot);
        if (at == null) {
          continue;
        }
        early += (int) at.stream().filter(t -> t < t0).count();
        twice += at.size() > 1 ? 1 : 0;
        long first = at.stream().mapToLong(Long::longValue).min().orElseThrow();
        firstFire.add(first - t0);
        lateness.add(first - (t0 + (deadline.get(slot) - wall0) * 1_000_000L));
      }
      if (firstFire.isEmpty()) {
        throw new IllegalStateException("no recall fired within " + BOUND.toSeconds() + " s of the kill");
      }
      // A node sends each event to every box it is linked to: count each call's once.
      Map<String, String> timedOutBy = new HashMap<>();
      for (int b = 1; b <= ClusterRig.BOXES; b++) {
        for (EslEvent e : rig.box(b).sentEvents()) {
          if (ParkEvents.SUBCLASS.equals(e.subclass()) && "timeout".equals(e.header("Callpark-Event"))
              && "timed".equals(e.header("Valet-Lot-Name")) && slots.contains(e.header("Valet-Extension"))) {
            timedOutBy.merge(e.header("Unique-ID"), e.header("Callpark-Node"),
                (x, y) -> x.equals(y) ? x : x + "+" + y);
          }
        }
      }
      Map<String, Integer> byNode = new TreeMap<>();
      timedOutBy.values().forEach(n -> byNode.merge(n, 1, Integer::sum));
      double[] fireMs = firstFire.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
      double[] lateMs = lateness.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
      String detail = String.format(Locale.ROOT, "%d of %d recalls fired after the kill of n2: first %.0f ms, p50 %.0f "
          + "ms, last %.0f ms after it; the deadlines fell %d to %d ms after the kill; each recall %.0f to %.0f ms past "
          + "its own deadline; `timeout` events by node %s; fired before the kill (on n2): %d; fired more than once: %d",
          fireMs.length, CALLS, fireMs[0], Stats.sortedPercentile(fireMs, 50), fireMs[fireMs.length - 1],
          earliest - wall0, latest - wall0, lateMs[0], lateMs[lateMs.length - 1], byNode, early, twice)
          + (fireMs.length < CALLS ? "; " + (CALLS - fireMs.length) + " never fired within " + BOUND.toSeconds()
              + " s (the time is that of the last that did)" : "");
      ctx.progress(name() + ": " + detail);
      return List.of(Figure.lower("cluster.timer_resume_s", Format.round(fireMs[fireMs.length - 1] / 1000), "s", 5.0,
          detail));
    }
  }

  /** Per slot, the box times ({@code nanoTime}) of every recall originate for it the boxes received. */
  private static Map<String, List<Long>> originates(ClusterRig rig, List<String> slots) {
    Map<String, List<Long>> out = new HashMap<>();
    for (int b = 1; b <= ClusterRig.BOXES; b++) {
      for (RecordedRequest r : rig.box(b).requests()) {
        String line = r.line();
        int at = line.indexOf("callpark_recall=timed/");
        if (at < 0 || !line.contains("originate")) {
          continue;
        }
        String rest = line.substring(at + "callpark_recall=timed/".length());
        String slot = rest.split("[^0-9]", 2)[0];
        if (slots.contains(slot)) {
          out.computeIfAbsent(slot, k -> new ArrayList<>()).add(r.nanoTime());
        }
      }
    }
    return out;
  }
}
