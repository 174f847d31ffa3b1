package io.callpark.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark may use from the harness: where the project and the FreeSWITCH captures are, a time
 * scale and a place to print progress. Used from the harness's main thread only.
 *
 * <p>{@code -Dbench.scale=0.2} shortens every warm-up and measuring window (a smoke run); figures from a
 * scaled run are less stable and BENCHMARKS.md says the scale they were taken at.
 */
public final class BenchContext {
  private final Path projectDir;
  private final double scale;
  private final PrintStream out;
  private final boolean write;

  public BenchContext(Path projectDir, double scale, PrintStream out) {
    this(projectDir, scale, out, false);
  }

  /** @param write whether the run writes its results (and so its plots) */
  public BenchContext(Path projectDir, double scale, PrintStream out, boolean write) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("bench.scale must be > 0, was " + scale);
    }
    this.projectDir = projectDir;
    this.scale = scale;
    this.out = out;
    this.write = write;
  }

  /** Where plots go: BENCHMARKS.md shows every {@code <benchmark>*.svg} here under that benchmark's notes. */
  public Path plotsDir() {
    return projectDir.resolve("docs/bench");
  }

  /**
   * Writes plot {@code file} (e.g. {@code park-latency.svg}, named after its benchmark) under
   * {@link #plotsDir()} when this run writes results; otherwise only says it would have.
   */
  public void plot(String file, SvgChart chart) {
    if (!write) {
      progress("plot " + file + " not written (bench.write=false)");
      return;
    }
    try {
      Files.createDirectories(plotsDir());
      ResultsStore.writeAtomically(plotsDir().resolve(file), chart.render());
      progress("plot written: docs/bench/" + file);
    } catch (java.io.IOException e) {
      progress("plot " + file + " not written: " + e);
    }
  }

  public Path projectDir() {
    return projectDir;
  }

  public double scale() {
    return scale;
  }

  /** {@code nanos} scaled by {@code -Dbench.scale}, never below 50 ms. */
  public long scaledNanos(long nanos) {
    return Math.max(50_000_000L, (long) (nanos * scale));
  }

  public void progress(String message) {
    out.println("  [bench] " + message);
    out.flush();
  }

  /**
   * The directory holding the FreeSWITCH captures ({@code *.raw}, {@code *.txt}): {@code -Dbench.fixtures},
   * else the copies in {@code src/test/resources/fixtures}, else {@code ../shared/freeswitch} next to the
   * project (the originals) — the first that holds {@code .raw}, {@code .txt} and {@code .frames.json} of
   * every capture named.
   */
  public Path fixturesDir(List<String> captures) {
    List<Path> candidates = new ArrayList<>();
    String override = System.getProperty("bench.fixtures", "");
    if (!override.isBlank()) {
      candidates.add(Path.of(override));
    }
    candidates.add(projectDir.resolve("src/test/resources/fixtures"));
    candidates.add(projectDir.resolve("../shared/freeswitch").normalize());
    for (Path p : candidates) {
      if (captures.stream().allMatch(c -> Files.isRegularFile(p.resolve(c + ".raw"))
          && Files.isRegularFile(p.resolve(c + ".txt")) && Files.isRegularFile(p.resolve(c + ".frames.json")))) {
        return p;
      }
    }
    throw new IllegalStateException("FreeSWITCH captures not found: none of " + candidates + " holds the .raw, .txt "
        + "and .frames.json of " + captures + "; set -Dbench.fixtures=<directory with them> (the originals are in "
        + "../shared/freeswitch)");
  }
}
