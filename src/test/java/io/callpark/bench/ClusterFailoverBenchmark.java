package io.callpark.bench;

import java.time.Duration;
import java.util.List;

/**
 * {@code kill -9} of the node holding {@value #CALLS} parked calls on two boxes: how long until every one
 * is back on music on hold under a survivor, and how many never are (issue 5, "Failover of calls").
 */
public final class ClusterFailoverBenchmark implements Benchmark {
  static final int CALLS = 1_000;
  private static final int IN_FLIGHT = 32;
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "cluster.failover";
  }

  @Override
  public String method() {
    return "A 3-node cluster (`ClusterRig`: three `io.callpark.Main node` JVMs, `-Xmx512m`, Hazelcast store, "
        + "failure detection as cluster.yaml: heartbeat 1 s, member removed after 5 s silent; two FakeFreeSwitch "
        + "boxes in the harness JVM). " + CALLS + " calls are parked through n1 (" + CALLS / 2 + " per box, "
        + IN_FLIGHT + " placed at a time, `socket_resume=true`); then n1 gets `kill -9`. Its sockets close, each "
        + "box resumes every call into the dialplan (`transfer resume-<slot>`), whose socket list skips the dead "
        + "node (box 1 lands on n2, box 2 on n3), and the survivor adopts the call (conditional owner write) and "
        + "restarts music on hold. `cluster.failover_rehome_s`: from the kill to the last call's `sendmsg execute "
        + "playback local_stream://moh` on a new connection, both read on the box's clock (its recorded requests). "
        + "`cluster.failover_lost_calls`: calls not back on hold within " + BOUND.toSeconds() + " s, hung up, or "
        + "not named by a slot record owned by the survivor holding them.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    // A smoke run (-Dbench.scale below 1) parks fewer calls; BENCHMARKS.md records the scale.
    int count = Math.max(20, (int) Math.min(CALLS, Math.round(CALLS * ctx.scale())));
    try (ClusterRig rig = ClusterRig.start(ctx, "failover", 3)) {
      ctx.progress(name() + ": cluster up; parking " + count + " calls through n1");
      long p0 = System.nanoTime();
      List<Rehoming.Parked> calls = Rehoming.parkThrough(rig, 1, count, IN_FLIGHT, Duration.ofSeconds(300));
      ctx.progress(String.format(java.util.Locale.ROOT, "%s: %d parked in %.1f s; kill -9 n1", name(), calls.size(),
          (System.nanoTime() - p0) / 1e9));
      long t0 = System.nanoTime();
      long wall0 = ClusterRig.wallMicros();
      rig.node(1).kill9();
      long gone = System.nanoTime() - t0;
      Rehoming.Outcome o = Rehoming.awaitBack(rig, calls, "n1", t0, wall0, BOUND);
      String died = String.format(java.util.Locale.ROOT, "; n1's process was reaped %.0f ms after the SIGKILL", gone / 1e6);
      ctx.progress(name() + ": " + o.describe() + died);
      if (o.backNanos().length == 0) {
        throw new IllegalStateException(o.describe() + ": " + o.lostWhy());
      }
      ctx.plot("cluster.failover-timeline.svg", o.timeline("cluster.failover: kill -9 of the node holding "
          + count + " parked calls"));
      String detail = "kill -9 of n1 holding " + count + " parked calls (" + count / 2 + " per box): " + o.describe() + died;
      return List.of(
          Figure.lower("cluster.failover_rehome_s", Format.round(o.maxSeconds()), "s", 0.5, detail
              + (o.backNanos().length < count ? "; the time is that of the last call that did come back" : "")),
          Figure.lower("cluster.failover_lost_calls", o.lost(), "calls", 0.0, o.lost() + " of " + count
              + (o.lost() == 0 ? "" : ": " + o.lostWhy())));
    }
  }
}
