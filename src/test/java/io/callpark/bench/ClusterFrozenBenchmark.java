package io.callpark.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * SIGSTOP of the node holding {@value #CALLS} parked calls on two boxes (a node that hangs instead of
 * dying: its sockets stay open, so FreeSWITCH never resumes the calls): how long until the survivors have
 * re-homed every one (issue 5, "Failover of calls").
 */
public final class ClusterFrozenBenchmark implements Benchmark {
  static final int CALLS = 1_000;
  private static final int IN_FLIGHT = 32;
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "cluster.frozen";
  }

  @Override
  public String method() {
    return "The 3-node `ClusterRig` of cluster.failover. " + CALLS + " calls are parked through n2 (" + CALLS / 2
        + " per box), then n2 gets SIGSTOP: its sockets stay open and nothing resumes. The survivors notice when "
        + "Hazelcast removes the silent member (no heartbeat for 5 s, as cluster.yaml), wait the 1 s grace, then "
        + "take each record with a conditional owner write and send the call to the box's `park` extension with "
        + "`uuid_transfer` over their inbound link; the node the box's socket list reaches (n1 from box 1, n3 "
        + "from box 2) adopts it and restarts music on hold. `cluster.frozen_rehome_s`: from the SIGSTOP to the "
        + "last call's `sendmsg execute playback local_stream://moh` on a new connection (the box's clock). Calls "
        + "not back within " + BOUND.toSeconds() + " s, hung up, or not named by a record the holding survivor "
        + "owns are counted as lost in the detail. Then SIGCONT and `kill -9` of n2.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    int count = Math.max(20, (int) Math.min(CALLS, Math.round(CALLS * ctx.scale())));
    try (ClusterRig rig = ClusterRig.start(ctx, "frozen", 3)) {
      ctx.progress(name() + ": cluster up; parking " + count + " calls through n2");
      long p0 = System.nanoTime();
      List<Rehoming.Parked> calls = Rehoming.parkThrough(rig, 2, count, IN_FLIGHT, Duration.ofSeconds(300));
      ctx.progress(String.format(Locale.ROOT, "%s: %d parked in %.1f s; SIGSTOP n2", name(), calls.size(),
          (System.nanoTime() - p0) / 1e9));
      long t0 = System.nanoTime();
      long wall0 = ClusterRig.wallMicros();
      rig.node(2).freeze();
      Rehoming.Outcome o;
      try {
        o = Rehoming.awaitBack(rig, calls, "n2", t0, wall0, BOUND);
      } finally {
        rig.node(2).thaw();
        rig.node(2).kill9();
      }
      ctx.progress(name() + ": " + o.describe());
      if (o.backNanos().length == 0) {
        throw new IllegalStateException(o.describe() + ": " + o.lostWhy());
      }
      ctx.plot("cluster.frozen-timeline.svg", o.timeline("cluster.frozen: SIGSTOP of the node holding " + count
          + " parked calls"));
      String detail = "SIGSTOP of n2 holding " + count + " parked calls (" + count / 2 + " per box): " + o.describe()
          + (o.backNanos().length < count ? "; the time is that of the last call that did come back" : "");
      return List.of(Figure.lower("cluster.frozen_rehome_s", Format.round(o.maxSeconds()), "s", 6.0, detail));
    }
  }
}
