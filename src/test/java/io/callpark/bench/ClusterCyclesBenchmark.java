package io.callpark.bench;

import java.util.List;
import java.util.Locale;

/**
 * Park + retrieve cycles per second through a 3-node cluster and, for comparison, through a single node,
 * same machine and harness (issue 5, "Benchmark"). Informational: the issue sets no target.
 */
public final class ClusterCyclesBenchmark implements Benchmark {
  private static final int IN_FLIGHT = 24;
  private static final long SECOND = 1_000_000_000L;
  private static final long WARMUP_NANOS = 15 * SECOND;
  private static final long WINDOW_NANOS = 20 * SECOND;
  private static final long MAX_CYCLES = 100_000;

  @Override
  public String name() {
    return "cluster.cycles";
  }

  @Override
  public String method() {
    return "`ClusterRig` (node JVMs `io.callpark.Main node`, `-Xmx512m`, Hazelcast store; two FakeFreeSwitch boxes "
        + "in the harness JVM) with 3 nodes, then a fresh one with 1 node; cycles driven by `CycleDriver`. A cycle, on box 1 or 2 in turn: a caller "
        + "dials `590<i>` and is parked by node i (driver waits for music on hold on the channel); a second phone "
        + "dials `sock<j>` with `callpark_request=default <slot>` and node j retrieves (driver waits until the two "
        + "are bridged); the retriever hangs up and the cycle ends when both channels are down. With 3 nodes i goes "
        + "round n1, n2, n3 and j is the next node (every retrieve crosses nodes); with 1 node i = j = n1. Finite "
        + "prompts play " + ParkBenchmark.PROMPT_MS + " ms on the boxes (as in `park`). "
        + IN_FLIGHT + " cycles in flight, " + WARMUP_NANOS / SECOND + " s of warm-up, then a " + WINDOW_NANOS / SECOND
        + " s window (or " + MAX_CYCLES + " cycles): cycles/s = cycles completed in the window / its length. "
        + "Everything shares the machine's 2 cores: three node JVMs each get less CPU than one alone, so the "
        + "3-node figure says what the cluster costs here, not how it scales on separate hosts; the detail gives "
        + "how busy the cores were and the node JVMs' share.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    Outcome three = measure(ctx, 3);
    Outcome one = measure(ctx, 1);
    String ratio = String.format(Locale.ROOT, "; 3 nodes / 1 node = %.2f", three.perSecond / one.perSecond);
    return List.of(
        Figure.higher("cluster.cycles_per_s_3_nodes", Math.rint(three.perSecond), "cycles/s", null,
            three.detail + ratio),
        Figure.higher("cluster.cycles_per_s_1_node", Math.rint(one.perSecond), "cycles/s", null, one.detail));
  }

  private record Outcome(double perSecond, String detail) {}

  private Outcome measure(BenchContext ctx, int nodes) throws Exception {
    try (ClusterRig rig = ClusterRig.start(ctx, "cycles" + nodes, nodes,
        ClusterRig.Setup.standard().prompts(ParkBenchmark.PROMPT_MS).eventLog(ParkBenchmark.EVENT_LOG))) {
      ctx.progress(name() + " [" + nodes + " node(s)]: up; warming up");
      CycleDriver driver = new CycleDriver(rig, IN_FLIGHT);
      CycleDriver.Window warm = driver.drive(ctx.scaledNanos(WARMUP_NANOS), MAX_CYCLES);
      if (warm.ended() == 0) {
        throw new IllegalStateException("no cycle completed during warm-up: " + warm.firstFailure());
      }
      CpuUse cpu = CpuUse.now();
      long nodeJiffies = rig.nodesCpuJiffies();
      long t = System.nanoTime();
      CycleDriver.Window w = driver.drive(ctx.scaledNanos(WINDOW_NANOS), MAX_CYCLES);
      double nodeShare = (rig.nodesCpuJiffies() - nodeJiffies) * 10e6
          / ((System.nanoTime() - t) * (double) Runtime.getRuntime().availableProcessors());
      if (w.failed() > w.completed() / 100) {
        throw new IllegalStateException(w.failed() + " of " + (w.completed() + w.failed()) + " cycles failed, first: "
            + w.firstFailure());
      }
      double perSecond = w.completed() / w.seconds();
      String detail = String.format(Locale.ROOT, "%d node(s): %d cycles in %.1f s, %d in flight, %d failed%s; CPU in "
          + "the window and drain: %s, of which the node JVMs %.0f%% (load average at the end %s)", nodes, w.completed(),
          w.seconds(), IN_FLIGHT, w.failed(), w.firstFailure() == null ? "" : " (first: " + w.firstFailure() + ")",
          CpuUse.now().since(cpu), 100 * nodeShare, Machine.current().loadAverage());
      ctx.progress(String.format(Locale.ROOT, "%s [%d node(s)]: %.0f cycles/s; %s", name(), nodes, perSecond, detail));
      return new Outcome(perSecond, detail);
    }
  }
}
