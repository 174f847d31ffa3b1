package io.callpark.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark harness: runs all benchmarks, or those named on the command line or in
 * {@code -Dbench.only=a,b} (a name or a prefix of names), prints a table, merges the figures into
 * {@code bench/results.json} (+ {@code results.meta.json}) and rewrites BENCHMARKS.md. Run by
 * {@code mvn -B -ntp -Pbench -DskipTests package}; see BENCHMARKS.md for the options.
 *
 * <p>Exits 1 if a selected benchmark failed (after writing what the others measured); a benchmark that
 * reports {@link Benchmark.NotMeasured} is not a failure. Single-threaded.
 */
public final class BenchMain {

  /** Every benchmark, in report order. Add new ones here. */
  static final List<Benchmark> ALL = List.of(
      new CodecDecodeBenchmark(),
      new EslClientDecodeBenchmark(),
      new ApiRoundTripBenchmark(),
      new CodecFuzzBenchmark(),
      new BlfBenchmark(),
      new ParkBenchmark(),
      new ScaleBenchmark(),
      new ClusterRetrieveBenchmark(),
      new ClusterFailoverBenchmark(),
      new ClusterFrozenBenchmark(),
      new ClusterTimerBenchmark(),
      new ClusterCyclesBenchmark());

  private BenchMain() {}

  static List<String> names() {
    return ALL.stream().map(Benchmark::name).toList();
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    List<String> wanted = new ArrayList<>(Arrays.asList(args));
    for (String s : System.getProperty("bench.only", "").split(",")) {
      if (!s.isBlank()) {
        wanted.add(s.trim());
      }
    }
    List<Benchmark> selected = ALL.stream()
        .filter(b -> wanted.isEmpty() || wanted.stream().anyMatch(w -> b.name().startsWith(w)))
        .toList();
    List<String> unknown = wanted.stream().filter(w -> ALL.stream().noneMatch(b -> b.name().startsWith(w))).toList();
    if (!unknown.isEmpty() || selected.isEmpty()) {
      System.err.println("unknown benchmark name(s) " + unknown + "; known: " + names());
      System.exit(2);
    }
    Path project = Path.of(System.getProperty("bench.projectDir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    double scale = Double.parseDouble(System.getProperty("bench.scale", "1"));
    boolean write = !System.getProperty("bench.write", "true").equals("false");
    BenchContext ctx = new BenchContext(project, scale, out, write);
    Machine machine = Machine.current();
    String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();

    out.println("callpark benchmarks — " + date);
    out.println("machine: " + machine.summary() + ", load average " + machine.loadAverage());
    out.println("running: " + selected.stream().map(Benchmark::name).toList()
        + (scale == 1.0 ? "" : " at scale " + scale));

    CpuUse cpuAtStart = CpuUse.now();
    Map<String, List<Figure>> measured = new LinkedHashMap<>();
    Map<String, ResultsStore.BenchmarkNote> notes = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (Benchmark b : selected) {
      out.println();
      out.println("== " + b.name());
      long t0 = System.nanoTime();
      String status;
      try {
        List<Figure> figures = b.run(ctx);
        measured.put(b.name(), figures);
        status = "measured";
      } catch (Benchmark.NotMeasured e) {
        status = "Not measured yet: " + e.getMessage();
      } catch (Exception | Error e) {
        status = "Failed on the last run: " + e;
        failures.add(b.name() + ": " + e);
        e.printStackTrace(out);
      }
      out.printf(Locale.ROOT, "   %s (%.1f s)%n", status.equals("measured") ? "done" : status, (System.nanoTime() - t0) / 1e9);
      notes.put(b.name(), new ResultsStore.BenchmarkNote(b.method(), status, status.equals("measured") ? date : ""));
    }

    String cpu = CpuUse.now().since(cpuAtStart);
    out.println();
    out.println("CPU during the run: " + cpu);
    printTable(out, measured);

    ResultsStore store = new ResultsStore(project.resolve("bench"));
    List<ResultsStore.Entry> merged = merge(store, measured, date, machine.summary() + "; CPU during the run: " + cpu, scale);
    Map<String, ResultsStore.BenchmarkNote> mergedNotes = new LinkedHashMap<>(store.readNotes());
    notes.forEach((name, note) -> {
      ResultsStore.BenchmarkNote old = mergedNotes.get(name);
      // A benchmark that could not run keeps the date of the figures it still has.
      String when = note.measured().isEmpty() && old != null ? old.measured() : note.measured();
      mergedNotes.put(name, new ResultsStore.BenchmarkNote(note.method(), note.status(), when));
    });
    if (write) {
      store.write(merged, mergedNotes);
      String md = BenchmarksReport.render(merged, mergedNotes, List.copyOf(measured.keySet()), machine, date, scale, cpu,
          plots(ctx.plotsDir()));
      ResultsStore.writeAtomically(project.resolve("BENCHMARKS.md"), md);
      out.println();
      out.println("wrote " + project.relativize(store.resultsFile()) + ", bench/results.meta.json, BENCHMARKS.md ("
          + merged.size() + " figures, " + (merged.size() - measured.values().stream().mapToInt(List::size).sum())
          + " kept from earlier runs)");
    } else {
      out.println("bench.write=false: nothing written");
    }
    if (!failures.isEmpty()) {
      System.err.println("benchmark(s) failed: " + failures);
      System.exit(1);
    }
  }

  /** This run's figures replace those of the benchmarks that ran; everything else is kept, in registry order. */
  static List<ResultsStore.Entry> merge(ResultsStore store, Map<String, List<Figure>> measured, String date,
      String where, double scale) throws java.io.IOException {
    List<ResultsStore.Entry> old = store.readEntries();
    List<String> fresh = measured.values().stream().flatMap(List::stream).map(Figure::name).toList();
    List<ResultsStore.Entry> out = new ArrayList<>();
    for (String name : names()) {
      List<Figure> now = measured.get(name);
      if (now != null) {
        for (Figure f : now) {
          out.add(new ResultsStore.Entry(f, name, date, where, scale));
        }
      } else {
        old.stream().filter(e -> e.benchmark().equals(name) && !fresh.contains(e.figure().name())).forEach(out::add);
      }
    }
    // Figures whose benchmark is gone or unknown (no meta) stay unless re-measured under the same name.
    old.stream().filter(e -> !names().contains(e.benchmark()) && !fresh.contains(e.figure().name())).forEach(out::add);
    return out;
  }

  /** The SVG files under {@code dir} (none when it does not exist). */
  static List<String> plots(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".svg")).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static void printTable(PrintStream out, Map<String, List<Figure>> measured) {
    String fmt = "%-52s %14s  %-9s %-11s %s%n";
    out.printf(Locale.ROOT, fmt, "figure", "value", "unit", "target", "met?");
    out.printf(Locale.ROOT, fmt, "-".repeat(52), "-".repeat(14), "-".repeat(9), "-".repeat(11), "----");
    for (List<Figure> figures : measured.values()) {
      for (Figure f : figures) {
        Boolean met = f.met();
        out.printf(Locale.ROOT, fmt, f.name(), Format.number(f.value()), f.unit(), BenchmarksReport.target(f),
            met == null ? "-" : met ? "yes" : "NO");
      }
    }
    if (measured.isEmpty()) {
      out.println("(nothing measured)");
    }
    out.flush();
  }
}
