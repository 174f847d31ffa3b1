package io.callpark.bench;

import io.callpark.esl.inbound.InboundClient;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.sim.FakeFreeSwitch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code api status} round trips from {@link InboundClient} to a {@link FakeFreeSwitch} on loopback: the
 * latency of one command at a time and the throughput with 32 in flight. The calls are issued from the
 * client's own event-loop context, as callpark's code issues them, so no thread hop is timed.
 */
public final class ApiRoundTripBenchmark implements Benchmark {
  static final double TARGET_P99_MS = 1.0;
  private static final long SECOND = 1_000_000_000L;
  private static final int SEQUENTIAL_CALLS = 20_000;
  private static final int IN_FLIGHT = 32;

  @Override
  public String name() {
    return "esl.api.rtt";
  }

  @Override
  public String method() {
    return "One Vert.x instance (default options) runs a `FakeFreeSwitch` (ephemeral port on 127.0.0.1) and an "
        + "`InboundClient` with default options (so it is subscribed with `event plain ALL` and also receives "
        + "the API event each call fires, fact 42). Every call is issued from the client's own context in the "
        + "completion callback of the previous one and timed with System.nanoTime from the `api()` call to "
        + "its future completing: encoding, loopback TCP both ways, the fake's parsing and reply, our "
        + "parsing and FIFO reply matching. 3 s of warm-up, then up to " + SEQUENTIAL_CALLS
        + " sequential `api status` calls (stopped after 8 s); p50/p99 are nearest-rank over all of them. "
        + "Then `esl.api.pipelined_per_s`: " + IN_FLIGHT + " calls kept in flight for 3 s after 1 s of "
        + "warm-up, completed calls / elapsed time. Target p99 ≤ " + TARGET_P99_MS + " ms: well above the "
        + "real box — FreeSWITCH 1.11.1 itself answered `api status` in median 0.064 ms, p99 0.131 ms over "
        + "200 calls from a Python client on its 2-core capture machine (../shared/freeswitch fact 67, "
        + "timing.txt) — because this figure also carries the JVM-side simulator and the shared benchmark "
        + "box; a p99 over 1 ms would mean our client adds latency that a parking flow (a handful of api "
        + "calls per park) would feel.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeFreeSwitch fs = null;
    InboundClient client = null;
    try {
      fs = await(FakeFreeSwitch.start(vertx), 10);
      client = InboundClient.create(vertx, InboundOptions.of("bench", fs.host(), fs.port(), fs.password()));
      await(client.start(), 10);
      String status = await(client.api("status"), 5);
      if (!status.contains("is ready")) {
        throw new IllegalStateException("FakeFreeSwitch answered `api status` with " + status);
      }
      ctx.progress(name() + ": connected to FakeFreeSwitch on port " + fs.port() + "; warming up");
      sequential(client, Integer.MAX_VALUE, ctx.scaledNanos(3 * SECOND));
      await(fs.clearRecorded(), 5);

      CpuUse cpuBefore = CpuUse.now();
      long[] gcBefore = gcCountAndMillis();
      long[] rtt = sequential(client, SEQUENTIAL_CALLS, ctx.scaledNanos(8 * SECOND));
      long[] gcAfter = gcCountAndMillis();
      String conditions = String.format(Locale.ROOT, "meanwhile GC: %d collection(s), %d ms; CPU: %s",
          gcAfter[0] - gcBefore[0], gcAfter[1] - gcBefore[1], CpuUse.now().since(cpuBefore));
      await(fs.clearRecorded(), 5);
      pipelined(client, ctx.scaledNanos(SECOND));
      await(fs.clearRecorded(), 5);
      double[] pipe = pipelined(client, ctx.scaledNanos(3 * SECOND));

      double[] ms = Arrays.stream(rtt).mapToDouble(n -> n / 1e6).sorted().toArray();
      String dist = String.format(Locale.ROOT, "%d sequential calls: min %.3f, p50 %.3f, p90 %.3f, p99 %.3f, p99.9 %.3f, "
          + "max %.3f ms", ms.length, ms[0], Stats.sortedPercentile(ms, 50), Stats.sortedPercentile(ms, 90),
          Stats.sortedPercentile(ms, 99), Stats.sortedPercentile(ms, 99.9), ms[ms.length - 1]);
      List<Figure> out = new ArrayList<>();
      out.add(Figure.lower("esl.api.rtt_p50_ms", Format.round(Stats.sortedPercentile(ms, 50)), "ms", null,
          dist + "; real FreeSWITCH: 0.064 ms (fact 67)"));
      out.add(Figure.lower("esl.api.rtt_p99_ms", Format.round(Stats.sortedPercentile(ms, 99)), "ms", TARGET_P99_MS,
          conditions + "; real FreeSWITCH: 0.131 ms (fact 67)"));
      out.add(Figure.higher("esl.api.pipelined_per_s", Math.rint(pipe[0]), "calls/s", null,
          String.format(Locale.ROOT, "%d in flight, %.0f calls completed in %.2f s", IN_FLIGHT, pipe[1], pipe[2])));
      return out;
    } finally {
      if (client != null) {
        awaitQuietly(client.close());
      }
      if (fs != null) {
        awaitQuietly(fs.close());
      }
      awaitQuietly(vertx.close());
    }
  }

  /**
   * Up to {@code calls} sequential api calls, each issued on the client's context when the previous one
   * completes, until {@code nanos} have passed; returns the round trips in nanoseconds.
   */
  private static long[] sequential(InboundClient client, int calls, long nanos) throws Exception {
    Promise<long[]> done = Promise.promise();
    // The first call only moves us onto the client's context; it is not timed.
    client.api("status").onComplete(first -> new Object() {
      final long deadline = System.nanoTime() + nanos;
      long[] rtt = new long[Math.min(calls, 1 << 16)];
      int n;

      void next() {
        if (n == calls || System.nanoTime() >= deadline) {
          done.complete(Arrays.copyOf(rtt, n));
          return;
        }
        long t0 = System.nanoTime();
        client.api("status").onComplete(ar -> {
          long t = System.nanoTime() - t0;
          if (ar.failed()) {
            done.tryFail(ar.cause());
            return;
          }
          if (n == rtt.length) {
            rtt = Arrays.copyOf(rtt, rtt.length * 2);
          }
          rtt[n++] = t;
          DecodeMeasure.sink += ar.result().length();
          next();
        });
      }
    }.next());
    return await(done.future(), nanos / SECOND + 30);
  }

  /**
   * Keeps {@link #IN_FLIGHT} api calls outstanding for {@code nanos}, then lets them drain; returns
   * {calls per second, calls completed, seconds elapsed}.
   */
  private static double[] pipelined(InboundClient client, long nanos) throws Exception {
    Promise<double[]> done = Promise.promise();
    client.api("status").onComplete(first -> new Object() {
      final long start = System.nanoTime();
      final long deadline = start + nanos;
      int inFlight;
      long completed;

      void pump() {
        while (inFlight < IN_FLIGHT && System.nanoTime() < deadline && !done.future().isComplete()) {
          inFlight++;
          client.api("status").onComplete(ar -> {
            inFlight--;
            if (ar.failed()) {
              done.tryFail(ar.cause());
              return;
            }
            completed++;
            pump();
          });
        }
        if (inFlight == 0) {
          double s = (System.nanoTime() - start) / 1e9;
          done.tryComplete(new double[] {completed / s, completed, s});
        }
      }
    }.pump());
    return await(done.future(), nanos / SECOND + 30);
  }

  /** Collections and milliseconds spent in them so far, over all collectors. */
  private static long[] gcCountAndMillis() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new long[] {count, millis};
  }

  private static <T> T await(Future<T> f, long seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(Future<?> f) {
    try {
      await(f, 10);
    } catch (Exception e) {
      // shutting down: nothing left to measure
    }
  }
}
