package io.callpark.bench;

import io.vertx.core.Future;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

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
  private static final long STEP_TIMEOUT_MS = 20_000;

  @Override
  public String name() {
    return "cluster.cycles";
  }

  @Override
  public String method() {
    return "`ClusterRig` (node JVMs `io.callpark.Main node`, `-Xmx512m`, Hazelcast store; two FakeFreeSwitch boxes "
        + "in the harness JVM) with 3 nodes, then a fresh one with 1 node. A cycle, on box 1 or 2 in turn: a caller "
        + "dials `590<i>` and is parked by node i (driver waits for music on hold on the channel); a second phone "
        + "dials `sock<j>` with `callpark_request=default <slot>` and node j retrieves (driver waits until the two "
        + "are bridged); the retriever hangs up and the cycle ends when both channels are down. With 3 nodes i goes "
        + "round n1, n2, n3 and j is the next node (every retrieve crosses nodes); with 1 node i = j = n1. "
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
    try (ClusterRig rig = ClusterRig.start(ctx, "cycles" + nodes, nodes)) {
      ctx.progress(name() + " [" + nodes + " node(s)]: up; warming up");
      Window warm = drive(rig, ctx.scaledNanos(WARMUP_NANOS));
      if (warm.ended == 0) {
        throw new IllegalStateException("no cycle completed during warm-up: " + warm.firstFailure);
      }
      CpuUse cpu = CpuUse.now();
      long nodeJiffies = rig.nodesCpuJiffies();
      long t = System.nanoTime();
      Window w = drive(rig, ctx.scaledNanos(WINDOW_NANOS));
      double nodeShare = (rig.nodesCpuJiffies() - nodeJiffies) * 10e6
          / ((System.nanoTime() - t) * (double) Runtime.getRuntime().availableProcessors());
      if (w.failed > w.completed / 100) {
        throw new IllegalStateException(w.failed + " of " + (w.completed + w.failed) + " cycles failed, first: "
            + w.firstFailure);
      }
      double perSecond = w.completed / w.seconds;
      String detail = String.format(Locale.ROOT, "%d node(s): %d cycles in %.1f s, %d in flight, %d failed%s; CPU in "
          + "the window and drain: %s, of which the node JVMs %.0f%% (load average at the end %s)", nodes, w.completed,
          w.seconds, IN_FLIGHT, w.failed, w.firstFailure == null ? "" : " (first: " + w.firstFailure + ")",
          CpuUse.now().since(cpu), 100 * nodeShare, Machine.current().loadAverage());
      ctx.progress(String.format(Locale.ROOT, "%s [%d node(s)]: %.0f cycles/s; %s", name(), nodes, perSecond, detail));
      return new Outcome(perSecond, detail);
    }
  }

  /** Cycles completed within the window, its length, failures, and every cycle that completed (drain included). */
  private record Window(long completed, double seconds, long failed, String firstFailure, long ended) {}

  /**
   * Keeps {@value #IN_FLIGHT} cycles going for {@code nanos} (or {@value #MAX_CYCLES}), counting those done
   * before the window closed; then waits (at most 60 s) for the rest to finish.
   */
  private static Window drive(ClusterRig rig, long nanos) throws Exception {
    Semaphore lanes = new Semaphore(IN_FLIGHT);
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + nanos;
    long k = 0;
    while (System.nanoTime() < end && completed.get() < MAX_CYCLES && failed.get() < 50) {
      if (!lanes.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      Future<Void> f;
      try {
        f = cycle(rig, k++);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          completed.incrementAndGet();
        } else {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, String.valueOf(ar.cause()));
        }
        lanes.release();
      });
    }
    long done = completed.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!lanes.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("cycles still running 60 s after the window closed");
    }
    return new Window(done, seconds, failed.get(), firstFailure.get(), completed.get());
  }

  /** Cycle {@code k}: park through node i, retrieve through the next node, hang up; done when both are down. */
  private static Future<Void> cycle(ClusterRig rig, long k) {
    int n = rig.size();
    int i = (int) (k % n) + 1;
    int j = i % n + 1;
    int b = (int) (k % ClusterRig.BOXES) + 1;
    String retriever = UUID.randomUUID().toString();
    return rig.park(b, "590" + i, Long.toString(50000 + k % 1000), STEP_TIMEOUT_MS)
        .compose(parked -> rig.call(b, retriever, "sock" + j, Long.toString(51000 + k % 1000), "callpark_request",
                "default " + parked.variable("callpark_slot"))
            .compose(u -> rig.until(b, retriever, s -> parked.uuid().equals(s.bridgedTo()), STEP_TIMEOUT_MS,
                "bridged to " + parked.uuid()))
            .compose(s -> rig.box(b).hangup(retriever))
            .compose(v -> Future.all(rig.ended(b, retriever, STEP_TIMEOUT_MS), rig.ended(b, parked.uuid(), STEP_TIMEOUT_MS)))
            .mapEmpty());
  }
}
