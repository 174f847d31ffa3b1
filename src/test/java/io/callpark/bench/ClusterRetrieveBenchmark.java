package io.callpark.bench;

import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Controller-side latency of a retrieve that lands on another node than the one the call was parked
 * through, same box (issue 5, "Retrieve and escalate from any node"): from the retriever's socket
 * {@code connect} to the {@code uuid_bridge} reaching the box.
 */
public final class ClusterRetrieveBenchmark implements Benchmark {
  static final double TARGET_P99_MS = 5;
  private static final int WARMUP = 50;
  private static final int SAMPLES = 400;
  private static final long STEP_TIMEOUT_MS = 20_000;
  private static final long BOUND_NANOS = 240_000_000_000L;

  @Override
  public String name() {
    return "cluster.retrieve";
  }

  @Override
  public String method() {
    return "The 3-node `ClusterRig` of cluster.failover. One cycle at a time (latency, not load): a caller on box b "
        + "dials `590<i>` and is parked by node i (music on hold playing); a second phone on the same box dials "
        + "`sock<j>` with `callpark_request=default <slot>`, so node j ≠ i retrieves: a conditional delete of the "
        + "record (on whichever member owns its partition), answer, `uuid_setvar`s and `uuid_bridge <retriever> "
        + "<parked>` over the retriever's socket. The pairs (i, j) go round n1→n2, n2→n3, n3→n1 and the boxes "
        + "alternate. Sample = the box's receive time of that `uuid_bridge` minus its receive time of the "
        + "retriever socket's `connect` (both the box's `System.nanoTime`, from its recorded requests), so it is "
        + "the retrieving node's whole work plus the box's replies and loopback TCP in between. " + WARMUP
        + " cycles of warm-up, then " + SAMPLES + " measured (at most " + BOUND_NANOS / 1_000_000_000L + " s). For "
        + "scale: on the real switch `uuid_bridge` itself took 0.5 ms.";
  }

  private record Sample(int box, String caller, String retriever, String parkedBy, String retrievedBy) {}

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    int samples = Math.max(20, (int) Math.round(SAMPLES * Math.min(1, ctx.scale())));
    try (ClusterRig rig = ClusterRig.start(ctx, "retrieve", 3)) {
      ctx.progress(name() + ": cluster up; " + WARMUP + " warm-up cycles, then " + samples);
      List<Sample> done = new ArrayList<>();
      long until = System.nanoTime() + BOUND_NANOS;
      for (int k = 0; k < WARMUP + samples && System.nanoTime() < until; k++) {
        int i = k % 3 + 1;
        int j = i % 3 + 1;
        int b = (k / 3) % ClusterRig.BOXES + 1;
        Sample s = cycle(rig, b, i, j, k);
        if (k >= WARMUP) {
          done.add(s);
        }
      }
      List<Double> ms = new ArrayList<>();
      int skipped = 0;
      String firstSkip = null;
      for (int b = 1; b <= ClusterRig.BOXES; b++) {
        Map<String, Long> connectAt = new HashMap<>();
        Map<String, Long> bridgeAt = new HashMap<>();
        Map<String, Long> connection = new HashMap<>();
        for (RecordedRequest r : rig.box(b).requests()) {
          if (r.kind() == ConnectionInfo.Kind.OUTBOUND && "connect".equals(r.verb())) {
            connectAt.putIfAbsent(r.channelUuid(), r.nanoTime());
            connection.putIfAbsent(r.channelUuid(), r.connectionId());
          } else if (r.line().startsWith("api uuid_bridge ")) {
            bridgeAt.putIfAbsent(r.line(), r.nanoTime());
          }
        }
        Map<Long, String> nodes = rig.nodeOfConnections(b);
        for (Sample s : done) {
          if (s.box() != b) {
            continue;
          }
          Long c = connectAt.get(s.retriever());
          Long u = bridgeAt.get("api uuid_bridge " + s.retriever() + " " + s.caller());
          String by = c == null ? null : nodes.get(connection.get(s.retriever()));
          if (c == null || u == null || !s.retrievedBy().equals(by)) {
            skipped++;
            if (firstSkip == null) {
              firstSkip = s + ": connect " + c + ", uuid_bridge " + u + ", socket of " + by;
            }
            continue;
          }
          ms.add((u - c) / 1e6);
        }
      }
      if (ms.isEmpty()) {
        throw new IllegalStateException("no retrieve measured; first problem: " + firstSkip);
      }
      double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      String detail = String.format(Locale.ROOT, "%s; parked through one node, retrieved through the next (same box)%s",
          describe(sorted), skipped == 0 ? "" : "; " + skipped + " cycle(s) not measurable, first: " + firstSkip);
      ctx.progress(name() + ": " + detail);
      return List.of(
          Figure.lower("cluster.retrieve_cross_node_p50_ms", Format.round(Stats.sortedPercentile(sorted, 50)), "ms", null, detail),
          Figure.lower("cluster.retrieve_cross_node_p99_ms", Format.round(Stats.sortedPercentile(sorted, 99)), "ms",
              TARGET_P99_MS, detail));
    }
  }

  /** "400 samples: min 0.41, p50 0.83, p90 1.2, p99 2.9, max 12.0 ms". */
  static String describe(double[] sortedMs) {
    return String.format(Locale.ROOT, "%d samples: min %.3f, p50 %.3f, p90 %.3f, p99 %.3f, max %.3f ms", sortedMs.length,
        sortedMs[0], Stats.sortedPercentile(sortedMs, 50), Stats.sortedPercentile(sortedMs, 90),
        Stats.sortedPercentile(sortedMs, 99), sortedMs[sortedMs.length - 1]);
  }

  /** Park through node i, retrieve through node j on box b, both hang up; returns who did what. */
  private static Sample cycle(ClusterRig rig, int b, int i, int j, int k) throws Exception {
    ChannelSnapshot parked = ClusterRig.await(rig.park(b, "590" + i, Integer.toString(40000 + k), STEP_TIMEOUT_MS),
        STEP_TIMEOUT_MS / 1000 + 5);
    String caller = parked.uuid();
    String retriever = UUID.randomUUID().toString();
    ClusterRig.await(rig.call(b, retriever, "sock" + j, Integer.toString(41000 + k), "callpark_request",
            "default " + parked.variable("callpark_slot"))
        .compose(u -> rig.until(b, retriever, s -> caller.equals(s.bridgedTo()), STEP_TIMEOUT_MS, "bridged to " + caller)),
        STEP_TIMEOUT_MS / 1000 + 5);
    ClusterRig.await(rig.box(b).hangup(retriever)
        .compose(v -> rig.ended(b, caller, STEP_TIMEOUT_MS)), STEP_TIMEOUT_MS / 1000 + 5);
    if (!("n" + i).equals(parked.variable("callpark_node"))) {
      throw new IllegalStateException("call " + caller + " parked by " + parked.variable("callpark_node") + ", not n" + i);
    }
    return new Sample(b, caller, retriever, "n" + i, "n" + j);
  }
}
