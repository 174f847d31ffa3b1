package io.callpark.bench;

import java.util.List;

/**
 * A benchmark the harness ({@link BenchMain}) can run by name. Implementations measure on the calling
 * thread or start what they need themselves and stop it before returning; they must not leave threads
 * or sockets behind, because the next benchmark runs in the same JVM.
 *
 * <p>To add one: implement this, register it in {@link BenchMain#ALL}, keep its figure names under a
 * prefix of its own (they are the keys in {@code bench/results.json}).
 */
public interface Benchmark {

  /** Short stable name used on the command line and with {@code -Dbench.only=}, e.g. {@code codec.decode}. */
  String name();

  /** How it measures, in a few sentences; printed under the table in BENCHMARKS.md. */
  String method();

  /**
   * Measures and returns the figures. Throw {@link NotMeasured} when a precondition is missing (a
   * class not written yet, no fixtures): the harness prints the reason and keeps the old figures.
   */
  List<Figure> run(BenchContext ctx) throws Exception;

  /** The benchmark could not run here; the message says why. */
  final class NotMeasured extends Exception {
    public NotMeasured(String reason) {
      super(reason);
    }
  }
}
