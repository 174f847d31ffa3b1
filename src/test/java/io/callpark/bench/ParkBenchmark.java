package io.callpark.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One node parking and retrieving (issue 4): park + retrieve cycles per second, the controller's
 * connect-to-music latency, and the node's heap per parked call with {@value #PARKED} parked — the
 * node in its own JVM so its heap is not the simulator's. See {@link #method()}.
 */
public final class ParkBenchmark implements Benchmark {
  static final int PARKED = 10_000;
  private static final String HEAP_LOT = "heap";
  private static final String HEAP_LOT_YAML = """
        - name: heap
          slots: 100000-109999
          parkingTime: 1h
      """;
  /** Events each box keeps: ~7 KB each, and the boxes share the harness heap with 10,000 channels. */
  static final int EVENT_LOG = 1_000;
  private static final int CYCLES_IN_FLIGHT = 24;
  private static final int LATENCY_IN_FLIGHT = 4;
  /** Each park into a lot reads the lot's records (the {@code occupied} query): many at once with 10,000 parked is a lot of garbage. */
  private static final int PARK_IN_FLIGHT = 16;
  /** Room for that garbage; the figure is live heap after a full GC, which the maximum does not change. */
  static final List<String> NODE_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:-UsePerfData");
  private static final long SECOND = 1_000_000_000L;
  private static final long WARMUP_NANOS = 15 * SECOND;
  private static final long WINDOW_NANOS = 20 * SECOND;
  private static final long LATENCY_NANOS = 15 * SECOND;
  private static final long MAX_CYCLES = 100_000;
  private static final long MAX_LATENCY_CYCLES = 5_000;
  private static final int TOP_CLASSES = 8;
  /** Simulated length of a finite prompt (the slot announcement): the cycle measures the node, not audio. */
  static final int PROMPT_MS = 1;

  @Override
  public String name() {
    return "park";
  }

  @Override
  public String method() {
    return "One node JVM (`ClusterRig` with 1 node: `io.callpark.Main node`, `" + String.join(" ", NODE_JVM) + "`, Hazelcast store, "
        + "production JIT) and two FakeFreeSwitch boxes in the harness JVM, all on 127.0.0.1. **Cycles** (`CycleDriver`, as "
        + "`cluster.cycles`): a caller dials the park extension and the driver waits until the box plays music on "
        + "hold on the channel; a second phone dials the socket extension with `callpark_request=default <slot>` and "
        + "the driver waits until the box has the two bridged; the retriever hangs up and the cycle ends when both "
        + "channels are down. The boxes play a finite prompt (the slot announcement) for " + PROMPT_MS + " ms instead "
        + "of the simulator's 300 ms, else a cycle is mostly simulated audio and cycles/s only says how many are in "
        + "flight; the detail splits a cycle's time into its steps. " + CYCLES_IN_FLIGHT + " cycles in flight, " + WARMUP_NANOS / SECOND + " s warm-up, then a "
        + WINDOW_NANOS / SECOND + " s window (at most " + MAX_CYCLES + " cycles): cycles/s = cycles done in the window / "
        + "its length. **Connect to MOH** is measured on the boxes' side (`MohTap`), not with the node's latency "
        + "ticker: from the moment the box's `socket` application completed its TCP connect to the node "
        + "(`ConnectionInfo.openedNanos`) to the moment the box received the node's `sendmsg execute playback "
        + "local_stream://moh`, both stamped with System.nanoTime on the box's event loop. So it covers the node's "
        + "accept, `connect`/channel data, `myevents`, `linger`, the slot write, answer, variables and announcement "
        + "commands, and loopback both ways, plus the simulator's own replies. The headline p50/p99 come from a "
        + "separate phase with only " + LATENCY_IN_FLIGHT + " cycles in flight (" + LATENCY_NANOS / SECOND + " s or "
        + MAX_LATENCY_CYCLES + " cycles, nearest rank over every park in it); the detail gives the same latency under the "
        + CYCLES_IN_FLIGHT + "-in-flight cycle window. **Heap per call**: after those phases (warm JIT, bounded feeds "
        + "already full), `jcmd <node pid> GC.class_histogram` (a full GC, then live objects by class) is taken, "
        + PARKED + " calls are parked into a lot of " + PARKED + " slots (" + PARK_IN_FLIGHT + " parks in flight, each "
        + "done at music on hold) and the histogram is taken again; heap per call = growth of the histogram's live total "
        + "/ " + PARKED + ". The detail names the classes that grew most, per call. Live Java heap only: Netty's "
        + "pooled direct buffers and the kernel's socket buffers are outside it. The same is then done with a fresh "
        + "node on `--store memory` (`park.memory_store.heap_bytes_per_call`, informational), which leaves out "
        + "Hazelcast's share. Everything shares the machine's 2 cores with the simulator and the driver.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    List<Figure> out = new ArrayList<>();
    ClusterRig.Setup setup = ClusterRig.Setup.standard().extraLots(HEAP_LOT_YAML).jvm(NODE_JVM).prompts(PROMPT_MS)
        .eventLog(EVENT_LOG);
    try (ClusterRig rig = ClusterRig.start(ctx, "park", 1, setup);
        MohTap tap = new MohTap(rig.boxes(), ClusterRig.MOH)) {
      ctx.progress(name() + ": node up; warming up");
      CycleDriver cycles = new CycleDriver(rig, CYCLES_IN_FLIGHT);
      CycleDriver.Window warm = cycles.drive(ctx.scaledNanos(WARMUP_NANOS), MAX_CYCLES);
      if (warm.ended() == 0) {
        throw new IllegalStateException("no cycle completed during warm-up: " + warm.firstFailure());
      }
      tap.takeSorted();
      cycles.phaseSummary();

      CpuUse cpu = CpuUse.now();
      long nodeJiffies = rig.nodesCpuJiffies();
      long t = System.nanoTime();
      tap.record(true);
      CycleDriver.Window w = cycles.drive(ctx.scaledNanos(WINDOW_NANOS), MAX_CYCLES);
      tap.record(false);
      long[] loaded = tap.takeSorted();
      double nodeShare = (rig.nodesCpuJiffies() - nodeJiffies) * 10e6
          / ((System.nanoTime() - t) * (double) Runtime.getRuntime().availableProcessors());
      checkFailures(w);
      double perSecond = w.completed() / w.seconds();
      String cyclesDetail = String.format(Locale.ROOT, "%d cycles in %.1f s, %d in flight, %d failed%s; CPU in the "
          + "window and drain: %s, of which the node JVM %.0f%%; a cycle's steps: %s", w.completed(), w.seconds(),
          CYCLES_IN_FLIGHT, w.failed(), w.firstFailure() == null ? "" : " (first: " + w.firstFailure() + ")",
          CpuUse.now().since(cpu), 100 * nodeShare, cycles.phaseSummary());
      ctx.progress(String.format(Locale.ROOT, "%s: %.0f cycles/s; %s", name(), perSecond, cyclesDetail));
      out.add(Figure.higher("park.cycles_per_s", Math.rint(perSecond), "cycles/s", 1_000.0, cyclesDetail));

      CycleDriver light = new CycleDriver(rig, LATENCY_IN_FLIGHT);
      CpuUse lightCpu = CpuUse.now();
      tap.record(true);
      CycleDriver.Window lw = light.drive(ctx.scaledNanos(LATENCY_NANOS), MAX_LATENCY_CYCLES);
      tap.record(false);
      checkFailures(lw);
      long[] quiet = tap.takeSorted();
      if (quiet.length == 0 || loaded.length == 0) {
        throw new IllegalStateException("no music-on-hold sendmsg seen by the boxes (" + quiet.length + ", "
            + loaded.length + ")");
      }
      String latencyDetail = String.format(Locale.ROOT, "%d parks at %d cycles in flight: %s; CPU: %s; with %d in "
          + "flight (the cycles window, %d parks): %s", quiet.length, LATENCY_IN_FLIGHT, distribution(quiet),
          CpuUse.now().since(lightCpu), CYCLES_IN_FLIGHT, loaded.length, distribution(loaded));
      ctx.progress(name() + ": connect to MOH " + latencyDetail);
      out.add(Figure.lower("park.connect_to_moh_p50_ms", millis(quiet, 50), "ms", null, latencyDetail));
      out.add(Figure.lower("park.connect_to_moh_p99_ms", millis(quiet, 99), "ms", 5.0,
          "nearest-rank p99 over the " + quiet.length + " parks above"));
      double[][] q = SvgChart.percentiles(toMillis(quiet));
      double[][] l = SvgChart.percentiles(toMillis(loaded));
      ctx.plot("park-connect-to-moh.svg", new SvgChart("park: socket connect to music on hold, by percentile",
          "percentile", "ms", false).nines()
          .series(LATENCY_IN_FLIGHT + " cycles in flight (" + quiet.length + " parks)", q[0], q[1])
          .series(CYCLES_IN_FLIGHT + " cycles in flight (" + loaded.length + " parks)", l[0], l[1])
          .line("target p99 5 ms", 5.0));

      HeapCost hz = heapCost(ctx, rig);
      out.add(Figure.lower("park.heap_bytes_per_call", Math.rint(hz.perCall()), "B/call", 4_096.0, hz.detail()));
    }
    try (ClusterRig rig = ClusterRig.start(ctx, "park-memory", 1, setup.store("memory"))) {
      ctx.progress(name() + ": memory-store node up; warming up");
      CycleDriver.Window warm = new CycleDriver(rig, CYCLES_IN_FLIGHT).drive(ctx.scaledNanos(WARMUP_NANOS), MAX_CYCLES);
      checkFailures(warm);
      HeapCost mem = heapCost(ctx, rig);
      out.add(Figure.lower("park.memory_store.heap_bytes_per_call", Math.rint(mem.perCall()), "B/call", null,
          "`--store memory`, same steps: " + mem.detail()));
    }
    return out;
  }

  private record HeapCost(double perCall, String detail) {}

  private static double[] toMillis(long[] sortedNanos) {
    double[] out = new double[sortedNanos.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = sortedNanos[i] / 1e6;
    }
    return out;
  }

  /** Histogram, {@value #PARKED} parks into the heap lot, histogram: the node's live heap growth per parked call. */
  private HeapCost heapCost(BenchContext ctx, ClusterRig rig) throws Exception {
    long pid = rig.node(1).pid();
    HeapHistogram before = HeapHistogram.of(pid);
    long harnessBefore = harnessHeapAfterGc();
    ctx.progress(name() + ": node live heap " + Format.number(before.totalBytes()) + " B; parking " + PARKED);
    long t = System.nanoTime();
    ClusterRig.inParallel(PARKED, PARK_IN_FLIGHT, Duration.ofSeconds(600), k -> rig.park(k % ClusterRig.BOXES + 1,
        "sock1", Long.toString(60000 + k % 10_000), CycleDriver.STEP_TIMEOUT_MS, "callpark_request",
        HEAP_LOT + " auto in"));
    double parkSeconds = (System.nanoTime() - t) / 1e9;
    HeapHistogram after = HeapHistogram.of(pid);
    long harnessAfter = harnessHeapAfterGc();
    double perCall = (after.totalBytes() - before.totalBytes()) / (double) PARKED;
    String detail = String.format(Locale.ROOT, "node live heap %s B before, %s B with %d parked (parked in %.1f s, %d "
        + "in flight); grew most, per call: %s; the simulator (harness JVM) grew %s B per call", Format.number(
        before.totalBytes()), Format.number(after.totalBytes()), PARKED, parkSeconds, PARK_IN_FLIGHT,
        HeapHistogram.perCall(after.minus(before), TOP_CLASSES, PARKED),
        Format.number(Math.rint((harnessAfter - harnessBefore) / (double) PARKED)));
    ctx.progress(name() + ": " + Format.number(perCall) + " B/call; " + detail);
    return new HeapCost(perCall, detail);
  }

  private static long harnessHeapAfterGc() {
    System.gc();
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void checkFailures(CycleDriver.Window w) {
    if (w.ended() == 0 || w.failed() > w.completed() / 100) {
      throw new IllegalStateException(w.failed() + " of " + (w.completed() + w.failed()) + " cycles failed, first: "
          + w.firstFailure());
    }
  }

  static double millis(long[] sortedNanos, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
    return sortedNanos[Math.min(sortedNanos.length, Math.max(1, rank)) - 1] / 1e6;
  }

  static String distribution(long[] sortedNanos) {
    return String.format(Locale.ROOT, "min %.3f, p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, max %.3f ms",
        sortedNanos[0] / 1e6, millis(sortedNanos, 50), millis(sortedNanos, 90), millis(sortedNanos, 99),
        millis(sortedNanos, 99.9), sortedNanos[sortedNanos.length - 1] / 1e6);
  }
}
