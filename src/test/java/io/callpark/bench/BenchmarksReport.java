package io.callpark.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders BENCHMARKS.md from the merged figures, the notes and this run's machine. Stateless. */
final class BenchmarksReport {
  static final String COMMAND = "mvn -B -ntp -Pbench -DskipTests package";

  private BenchmarksReport() {}

  static String render(List<ResultsStore.Entry> entries, Map<String, ResultsStore.BenchmarkNote> notes,
      List<String> ranNow, Machine machine, String date, double scale, String cpuUse) {
    return render(entries, notes, ranNow, machine, date, scale, cpuUse, List.of());
  }

  /** @param plots file names under docs/bench/; each is shown under the benchmark its name starts with */
  static String render(List<ResultsStore.Entry> entries, Map<String, ResultsStore.BenchmarkNote> notes,
      List<String> ranNow, Machine machine, String date, double scale, String cpuUse, List<String> plots) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmarks\n\n");
    md.append("Written by `io.callpark.bench.BenchMain` (src/test/java/io/callpark/bench); rerun it rather than "
        + "editing this file. Speed targets live only here: no unit test times anything.\n\n");

    md.append("## How to run\n\n");
    md.append("```\n").append(COMMAND).append("\n```\n\n");
    md.append("Builds, then runs every benchmark on the test classpath in the `package` phase (profile `bench` "
        + "in pom.xml, `java -Xmx6g`: the simulated boxes of `scale` hold 100,000 channels; about 30 minutes, most "
        + "of it `scale` and the cluster benchmarks, which start node JVMs of their own), prints the figures and "
        + "writes `bench/results.json`, `bench/results.meta.json`, the plots under docs/bench/ and this file. Options (Maven properties, passed on to the JVM):\n\n");
    md.append("- `-Dbench.only=codec.decode,esl.api` runs only the benchmarks whose names start with one of "
        + "these (names: ").append(String.join(", ", BenchMain.names())).append(").\n");
    md.append("- `-Dbench.scale=0.2` shortens every warm-up and timing window (a smoke run; less stable figures, "
        + "and the scale is recorded).\n");
    md.append("- `-Dbench.write=false` prints without writing any file.\n\n");
    md.append("Without Maven, after `mvn -DskipTests test-compile`: `java -Xmx6g -cp target/classes:target/test-classes:<test "
        + "classpath> io.callpark.bench.BenchMain [names...]`.\n\n");
    md.append("`bench/results.json` is a list of `{\"name\", \"value\", \"unit\", \"target\", \"better\"}`; "
        + "`target` is `null` for an informational figure and `better` is `\"higher\"` or `\"lower\"`. "
        + "`bench/results.meta.json` says for each figure which benchmark measured it, when, on which machine "
        + "and with what spread.\n\n");
    md.append("**Merging.** A run that selects some benchmarks replaces all figures of those benchmarks and "
        + "keeps every other figure from the previous `bench/results.json`, with its own date and machine "
        + "(marked † below). A benchmark that cannot run (\"not measured yet\") keeps its old figures too.\n\n");

    md.append("## Machine (this run)\n\n");
    md.append("| | |\n|---|---|\n");
    md.append("| date | ").append(date).append(" |\n");
    md.append("| CPU | ").append(machine.cpu()).append(" |\n");
    md.append("| cores | ").append(machine.cores()).append(" (available to the JVM) |\n");
    md.append("| OS | ").append(machine.os()).append(" |\n");
    md.append("| JVM | ").append(machine.jvm()).append(" |\n");
    md.append("| max heap | ").append(machine.heap()).append(machine.jvmArgs().isBlank() ? "" : " (`" + machine.jvmArgs() + "`)").append(" |\n");
    md.append("| load average at start | ").append(machine.loadAverage()).append(" |\n");
    md.append("| CPU use during the run | ").append(cpuUse).append(" |\n");
    md.append("| benchmarks run | ").append(ranNow.isEmpty() ? "none" : String.join(", ", ranNow))
        .append(scale == 1.0 ? "" : String.format(Locale.ROOT, " (scale %.2f)", scale)).append(" |\n\n");
    md.append("Single-threaded figures assume a core to themselves: when other processes kept the cores busy "
        + "during the run (row above), they come out low, and the spreads in the notes grow.\n\n");

    md.append("## Figures\n\n");
    md.append("| figure | value | unit | target | met? |\n|---|--:|---|---|---|\n");
    boolean anyKept = false;
    for (ResultsStore.Entry e : entries) {
      Figure f = e.figure();
      boolean kept = !ranNow.contains(e.benchmark());
      anyKept |= kept;
      md.append("| `").append(f.name()).append('`').append(kept ? " †" : "").append(" | ")
          .append(Format.number(f.value())).append(" | ").append(f.unit()).append(" | ")
          .append(target(f)).append(" | ").append(met(f)).append(" |\n");
    }
    if (entries.isEmpty()) {
      md.append("| (none yet) | | | | |\n");
    }
    if (anyKept) {
      md.append("\n† kept from an earlier run, not re-measured this time; see its benchmark's notes for when and where.\n");
    }

    md.append("\n## Notes per benchmark\n");
    Map<String, List<ResultsStore.Entry>> byBenchmark = new LinkedHashMap<>();
    for (String name : BenchMain.names()) {
      byBenchmark.put(name, new ArrayList<>());
    }
    for (ResultsStore.Entry e : entries) {
      byBenchmark.computeIfAbsent(e.benchmark().isEmpty() ? "(unknown)" : e.benchmark(), k -> new ArrayList<>()).add(e);
    }
    byBenchmark.forEach((name, list) -> {
      ResultsStore.BenchmarkNote note = notes.get(name);
      md.append("\n### ").append(name).append("\n\n");
      if (note != null && !note.status().isEmpty() && !note.status().equals("measured")) {
        md.append("**").append(note.status()).append("**\n\n");
      }
      if (note != null && !note.method().isEmpty()) {
        md.append(note.method()).append("\n\n");
      }
      if (!list.isEmpty()) {
        ResultsStore.Entry first = list.get(0);
        md.append("Measured ").append(first.measured())
            .append(ranNow.contains(name) ? " (this run)" : " (kept from an earlier run) on " + first.machine())
            .append(first.scale() == 1.0 ? "" : String.format(Locale.ROOT, ", scale %.2f", first.scale())).append(".\n\n");
        for (ResultsStore.Entry e : list) {
          if (!e.figure().detail().isEmpty()) {
            md.append("- `").append(e.figure().name()).append("`: ").append(e.figure().detail()).append('\n');
          }
        }
      }
      for (String plot : plotsOf(plots, name)) {
        md.append("\n![").append(name).append(": ").append(plot).append("](docs/bench/").append(plot).append(")\n");
      }
    });
    return md.toString();
  }

  /** The plots of benchmark {@code name}: {@code <name>.svg} or {@code <name>-<what>.svg}, sorted. */
  static List<String> plotsOf(List<String> plots, String name) {
    return plots.stream().filter(p -> p.equals(name + ".svg") || (p.startsWith(name + "-") && p.endsWith(".svg")))
        .sorted().toList();
  }

  static String target(Figure f) {
    if (f.target() == null) {
      return "—";
    }
    return (f.better() == Figure.Better.HIGHER ? "≥ " : "≤ ") + Format.number(f.target());
  }

  static String met(Figure f) {
    Boolean met = f.met();
    return met == null ? "—" : met ? "yes" : "**no**";
  }
}
