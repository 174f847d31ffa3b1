package io.callpark.bench;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many calls 3 nodes hold parked on this machine, and how the costs grow on the way (issue 9): the
 * nodes' heap per parked call and park / retrieve latency at 1k, 10k and 100k parked. Stops itself at
 * its time budget, at the first sign of trouble, or when the harness's own heap runs short, and reports
 * the count it reached. See {@link #method()}.
 */
public final class ScaleBenchmark implements Benchmark {
  static final int[] MILESTONES = {1_000, 10_000, 100_000};
  private static final int NODES = 3;
  private static final int LOTS = 10;
  private static final int LOT_SLOTS = 10_000;
  private static final int IN_FLIGHT = 16;
  private static final int PROBE_IN_FLIGHT = 4;
  private static final long PROBE_MAX_CYCLES = 300;
  private static final long SECOND = 1_000_000_000L;
  private static final long WARMUP_NANOS = 15 * SECOND;
  private static final long PROBE_NANOS = 20 * SECOND;
  private static final long BUDGET_NANOS = 20 * 60 * SECOND;
  private static final int MAX_FAILURES = 100;
  private static final long NOFILE = 262_144;
  /** Live heap after GC in this JVM above which the simulated boxes stop taking calls. */
  private static final double HARNESS_HEAP_LIMIT = 0.85;
  static final List<String> NODE_JVM = List.of("-Xms512m", "-Xmx2g", "-XX:-UsePerfData");
  /** Box 2's socket connections leave from another loopback address: one source reaches a port ~28k times. */
  private static final List<String> SOURCES = java.util.Arrays.asList(null, "127.0.0.2");

  @Override
  public String name() {
    return "scale";
  }

  @Override
  public String method() {
    return "`ClusterRig` with 3 node JVMs (`" + String.join(" ", NODE_JVM) + "`, Hazelcast store, backup count 1) and "
        + "two FakeFreeSwitch boxes in the harness JVM, box 2's socket connections bound to 127.0.0.2 (one source "
        + "address reaches one node port at most once per ephemeral port, 32768-60999 here). " + LOTS + " extra lots of "
        + LOT_SLOTS + " slots (the most one lot may have). The harness raises its own and the nodes' open-file limit to "
        + NOFILE + " with `prlimit` where it may (each parked call is one TCP connection at each end); the detail says "
        + "what it got. After " + WARMUP_NANOS / SECOND + " s of park + retrieve cycles (warm JIT), calls are parked "
        + "and left parked, " + IN_FLIGHT + " in flight, spread over the nodes (`socket` to node k mod 3 first), the "
        + "boxes and the lots (`<lot> auto in`), each done at music on hold. At each of 1k, 10k and 100k parked: "
        + "**heap per call** = growth of the three nodes' live heap (sum of `jcmd GC.class_histogram` totals, full GC "
        + "first) since before the first park / calls parked; then **latency with N parked**: park + retrieve cycles "
        + "(`CycleDriver`, " + PROBE_IN_FLIGHT + " in flight, " + PROBE_NANOS / SECOND + " s or " + PROBE_MAX_CYCLES
        + " cycles, retrieving through the next node), timed on the boxes' side (`MohTap`): park = socket connect to "
        + "the MOH sendmsg, retrieve = the retriever's socket connect to its `api uuid_bridge`, nearest-rank p99. "
        + "`scale.max_parked` is the count reached when the run stopped: at 100k, at its time budget ("
        + BUDGET_NANOS / 60 / SECOND + " min, scaled by bench.scale), after " + MAX_FAILURES + " failed parks, or when "
        + "the harness JVM's live heap (the simulated channels) passed " + (int) (100 * HARNESS_HEAP_LIMIT) + "% of its "
        + "maximum; the detail says which. Milestones not reached have no figure. On a 2-core machine shared by the "
        + "simulator, 3 nodes and the driver, the park rate falls as calls pile up, so the budget, not the design, "
        + "usually decides the count here.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    String limits = raiseOpenFiles(ProcessHandle.current().pid());
    StringBuilder lots = new StringBuilder();
    for (int l = 0; l < LOTS; l++) {
      int from = 200_000 + l * LOT_SLOTS;
      lots.append("  - name: s").append(l).append("\n    slots: ").append(from).append('-').append(from + LOT_SLOTS - 1)
          .append("\n    parkingTime: 2h\n");
    }
    ClusterRig.Setup setup = ClusterRig.Setup.standard().prompts(ParkBenchmark.PROMPT_MS).extraLots(lots.toString()).jvm(NODE_JVM).sources(SOURCES)
        .eventLog(ParkBenchmark.EVENT_LOG);
    List<Figure> out = new ArrayList<>();
    try (ClusterRig rig = ClusterRig.start(ctx, "scale", NODES, setup);
        MohTap tap = new MohTap(rig.boxes(), ClusterRig.MOH)) {
      for (int i = 1; i <= NODES; i++) {
        limits += "; n" + i + " " + raiseOpenFiles(rig.node(i).pid());
      }
      ctx.progress(name() + ": up; open files: " + limits + "; warming up");
      CycleDriver.Window warm = new CycleDriver(rig, 8).drive(ctx.scaledNanos(WARMUP_NANOS), 100_000);
      if (warm.ended() == 0) {
        throw new IllegalStateException("no cycle completed during warm-up: " + warm.firstFailure());
      }
      long base = nodesLiveHeap(rig);
      long deadline = System.nanoTime() + ctx.scaledNanos(BUDGET_NANOS);
      Filler filler = new Filler(rig);
      String stop = "reached " + MILESTONES[MILESTONES.length - 1];
      long t0 = System.nanoTime();
      for (int m : MILESTONES) {
        String why = filler.fillTo(m, deadline);
        if (why != null) {
          stop = why;
          break;
        }
        String label = m / 1000 + "k";
        long heap = nodesLiveHeap(rig);
        double perCall = (heap - base) / (double) m;
        out.add(Figure.lower("scale.heap_bytes_per_call_" + label, Math.rint(perCall), "B/call", null, String.format(
            Locale.ROOT, "3 nodes' live heap %s B before the first park, %s B with %d parked (reached after %.0f s)",
            Format.number(base), Format.number(heap), m, (System.nanoTime() - t0) / 1e9)));
        tap.takeSorted();
        tap.takeBridgesSorted();
        tap.record(true);
        CycleDriver.Window w = new CycleDriver(rig, PROBE_IN_FLIGHT).drive(ctx.scaledNanos(PROBE_NANOS), PROBE_MAX_CYCLES);
        tap.record(false);
        long[] parks = tap.takeSorted();
        long[] retrieves = tap.takeBridgesSorted();
        if (parks.length == 0 || retrieves.length == 0) {
          stop = "no park + retrieve cycle completed with " + m + " parked (" + w.firstFailure() + ")";
          break;
        }
        out.add(Figure.lower("scale.park_p99_ms_" + label, ParkBenchmark.millis(parks, 99), "ms", null,
            String.format(Locale.ROOT, "%d parks with %d parked: %s", parks.length, m, ParkBenchmark.distribution(parks))));
        out.add(Figure.lower("scale.retrieve_p99_ms_" + label, ParkBenchmark.millis(retrieves, 99), "ms", null,
            String.format(Locale.ROOT, "%d retrievals with %d parked: %s; %d cycles failed", retrieves.length, m,
                ParkBenchmark.distribution(retrieves), w.failed())));
        ctx.progress(name() + ": " + m + " parked: " + Format.number(perCall) + " B/call, park p99 "
            + ParkBenchmark.millis(parks, 99) + " ms, retrieve p99 " + ParkBenchmark.millis(retrieves, 99) + " ms");
      }
      long reached = filler.parked();
      String detail = String.format(Locale.ROOT, "stopped: %s; %d parked on 3 nodes after %.0f s of parking (%d park(s) "
          + "failed%s); open files: %s; load average at the end %s", stop, reached, (System.nanoTime() - t0) / 1e9,
          filler.failed(), filler.firstFailure() == null ? "" : ", first: " + filler.firstFailure(), limits,
          Machine.current().loadAverage());
      ctx.progress(name() + ": " + detail);
      out.add(0, Figure.higher("scale.max_parked", reached, "calls", 100_000.0, detail));
    }
    // After the rig is closed: with the open-file limit reached, not even a class file could be opened before.
    plotGrowth(ctx, out);
    return out;
  }

  /** Cost growth with the number parked (issue 9): heap per call, and park / retrieve p99, at each milestone reached. */
  private static void plotGrowth(BenchContext ctx, List<Figure> out) {
    List<Double> at = new ArrayList<>();
    List<Double> heap = new ArrayList<>();
    List<Double> park = new ArrayList<>();
    List<Double> retrieve = new ArrayList<>();
    for (int m : MILESTONES) {
      String label = "_" + m / 1000 + "k";
      Double h = value(out, "scale.heap_bytes_per_call" + label);
      Double p = value(out, "scale.park_p99_ms" + label);
      Double r = value(out, "scale.retrieve_p99_ms" + label);
      if (h == null || p == null || r == null) {
        break;
      }
      at.add((double) m);
      heap.add(h);
      park.add(p);
      retrieve.add(r);
    }
    if (at.size() < 2) {
      return; // one point is no growth
    }
    double[] x = at.stream().mapToDouble(Double::doubleValue).toArray();
    ctx.plot("scale-heap.svg", new SvgChart("scale: nodes' live heap per parked call (3 nodes)", "calls parked",
        "bytes per call", true).series("heap per call", x, heap.stream().mapToDouble(Double::doubleValue).toArray()));
    ctx.plot("scale-latency.svg", new SvgChart("scale: p99 latency with N parked (4 cycles in flight)", "calls parked",
        "ms", true).series("park: connect to MOH", x, park.stream().mapToDouble(Double::doubleValue).toArray())
        .series("retrieve: connect to uuid_bridge", x, retrieve.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  private static Double value(List<Figure> figures, String name) {
    return figures.stream().filter(f -> f.name().equals(name)).map(Figure::value).findFirst().orElse(null);
  }

  /** Parks calls and leaves them parked, {@value #IN_FLIGHT} at a time. Used from one thread. */
  private static final class Filler {
    private final ClusterRig rig;
    private final Semaphore lanes = new Semaphore(IN_FLIGHT);
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private long next;

    Filler(ClusterRig rig) {
      this.rig = rig;
    }

    /** Parks until {@code target} are parked; null when reached, else why it stopped. */
    String fillTo(int target, long deadline) throws InterruptedException {
      String why = null;
      while (parked.get() + (IN_FLIGHT - lanes.availablePermits()) < target) {
        why = trouble(deadline);
        if (why != null) {
          break;
        }
        if (!lanes.tryAcquire(10, TimeUnit.MILLISECONDS)) {
          continue;
        }
        long k = next++;
        int node = (int) (k % NODES) + 1;
        int box = (int) (k / NODES % ClusterRig.BOXES) + 1;
        Future<?> f;
        try {
          f = rig.park(box, "sock" + node, Long.toString(1_000_000 + k), CycleDriver.STEP_TIMEOUT_MS,
              "callpark_request", "s" + (k % LOTS) + " auto in");
        } catch (RuntimeException e) {
          f = Future.failedFuture(e);
        }
        f.onComplete(ar -> {
          if (ar.succeeded()) {
            parked.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, String.valueOf(ar.cause()));
          }
          lanes.release();
        });
      }
      // Let the parks under way finish (each is bounded by its step timeout).
      if (!lanes.tryAcquire(IN_FLIGHT, CycleDriver.STEP_TIMEOUT_MS + 10_000, TimeUnit.MILLISECONDS)) {
        return "parks still under way " + (CycleDriver.STEP_TIMEOUT_MS + 10_000) + " ms after the last was started";
      }
      lanes.release(IN_FLIGHT);
      if (why == null && parked.get() < target) {
        why = trouble(deadline);
      }
      return why != null ? why : parked.get() >= target ? null : "only " + parked.get() + " of " + target + " parked";
    }

    private String trouble(long deadline) {
      if (System.nanoTime() > deadline) {
        return "time budget spent";
      }
      if (failed.get() >= MAX_FAILURES) {
        return failed.get() + " parks failed";
      }
      if (next % 500 == 0 && harnessHeapShort()) {
        return "the harness JVM (simulated boxes) near its heap limit";
      }
      for (int i = 1; i <= NODES; i++) {
        if (!rig.node(i).running()) {
          return "node n" + i + " exited (" + rig.node(i).exitCode() + "), see its log";
        }
      }
      return null;
    }

    long parked() {
      return parked.get();
    }

    long failed() {
      return failed.get();
    }

    String firstFailure() {
      return firstFailure.get();
    }
  }

  private static boolean harnessHeapShort() {
    Runtime rt = Runtime.getRuntime();
    if (rt.totalMemory() - rt.freeMemory() < HARNESS_HEAP_LIMIT * rt.maxMemory()) {
      return false;
    }
    System.gc();
    return rt.totalMemory() - rt.freeMemory() >= HARNESS_HEAP_LIMIT * rt.maxMemory();
  }

  private static long nodesLiveHeap(ClusterRig rig) throws IOException, InterruptedException {
    long sum = 0;
    for (int i = 1; i <= NODES; i++) {
      sum += HeapHistogram.of(rig.node(i).pid()).totalBytes();
    }
    return sum;
  }

  /**
   * Asks {@code prlimit} to raise process {@code pid}'s open-file limit to {@value #NOFILE} (works as root or
   * with CAP_SYS_RESOURCE, or up to the hard limit); returns the soft limit it has afterwards, as text.
   */
  static String raiseOpenFiles(long pid) {
    String note = "";
    try {
      Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(pid), "--nofile=" + NOFILE + ":" + NOFILE)
          .redirectErrorStream(true).start();
      String msg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        note = " (prlimit refused: " + (msg.length() > 120 ? msg.substring(0, 120) : msg) + ")";
      }
    } catch (IOException e) {
      note = " (no prlimit: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return openFilesLimit(pid) + note;
  }

  private static String openFilesLimit(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
        if (line.startsWith("Max open files")) {
          return line.substring("Max open files".length()).trim().split("\\s+")[0];
        }
      }
    } catch (IOException e) {
      return "unknown";
    }
    return "unknown";
  }
}
