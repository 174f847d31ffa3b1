package io.callpark.bench;

import io.vertx.core.Future;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Park + retrieve cycles through a {@link ClusterRig}, kept going with a fixed number in flight for a
 * bounded time and count (the {@code cluster.cycles} and {@code park} benchmarks). A cycle, on box 1 or 2
 * in turn: a caller dials {@code 590<i>} and is parked by node i (done when the channel has music on hold);
 * a second phone dials {@code sock<j>} with {@code callpark_request=default <slot>} and node j retrieves
 * (done when the two are bridged); the retriever hangs up and the cycle ends when both channels are down.
 * i goes round the nodes and j is the next one (with one node i = j = 1).
 *
 * <p>Used from one thread at a time; the futures complete on the rig's event loops.
 */
final class CycleDriver {
  static final long STEP_TIMEOUT_MS = 20_000;
  private static final int MAX_FAILURES = 50;

  /** Cycles completed within the window, its length, failures, and every cycle that completed (drain included). */
  record Window(long completed, double seconds, long failed, String firstFailure, long ended) {}

  private final ClusterRig rig;
  private final int inFlight;
  private long next;
  /** Per completed cycle: ms to on hold, then to bridged, then to both down (where a cycle's time goes). */
  private final java.util.concurrent.ConcurrentLinkedQueue<double[]> phases = new java.util.concurrent.ConcurrentLinkedQueue<>();

  CycleDriver(ClusterRig rig, int inFlight) {
    this.rig = rig;
    this.inFlight = inFlight;
  }

  /**
   * Keeps {@code inFlight} cycles going for {@code nanos} (or {@code maxCycles}), counting those done
   * before the window closed; then waits (at most 60 s) for the rest to finish. Stops early after
   * {@value #MAX_FAILURES} failures.
   */
  Window drive(long nanos, long maxCycles) throws Exception {
    Semaphore lanes = new Semaphore(inFlight);
    AtomicLong completed = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<String> firstFailure = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + nanos;
    while (System.nanoTime() < end && completed.get() < maxCycles && failed.get() < MAX_FAILURES) {
      if (!lanes.tryAcquire(10, TimeUnit.MILLISECONDS)) {
        continue;
      }
      Future<Void> f;
      try {
        f = cycle(next++);
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
    if (!lanes.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("cycles still running 60 s after the window closed");
    }
    return new Window(done, seconds, failed.get(), firstFailure.get(), completed.get());
  }

  /** p50 and p99 of each phase of the cycles completed since the last call (and forgets them). */
  String phaseSummary() {
    java.util.List<double[]> all = new java.util.ArrayList<>();
    for (double[] p; (p = phases.poll()) != null; ) {
      all.add(p);
    }
    if (all.isEmpty()) {
      return "no cycles";
    }
    String[] names = {"to on hold", "to bridged", "to both down"};
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < names.length; n++) {
      int col = n;
      double[] v = all.stream().mapToDouble(a -> a[col]).toArray();
      sb.append(n == 0 ? "" : "; ").append(names[n]).append(String.format(" p50 %.1f p99 %.1f ms",
          Stats.percentile(v, 50), Stats.percentile(v, 99)));
    }
    return sb.append(" (").append(all.size()).append(" cycles)").toString();
  }

  /** Cycle {@code k}: park through node i, retrieve through the next node, hang up; done when both are down. */
  private Future<Void> cycle(long k) {
    int n = rig.size();
    int i = (int) (k % n) + 1;
    int j = i % n + 1;
    int b = (int) (k % ClusterRig.BOXES) + 1;
    String retriever = UUID.randomUUID().toString();
    long[] t = new long[4];
    t[0] = System.nanoTime();
    return rig.park(b, "590" + i, Long.toString(50000 + k % 1000), STEP_TIMEOUT_MS)
        .compose(parked -> {
          t[1] = System.nanoTime();
          return rig.call(b, retriever, "sock" + j, Long.toString(51000 + k % 1000), "callpark_request",
                "default " + parked.variable("callpark_slot"))
            .compose(u -> rig.until(b, retriever, s -> parked.uuid().equals(s.bridgedTo()), STEP_TIMEOUT_MS,
                "bridged to " + parked.uuid()))
            .compose(s -> {
              t[2] = System.nanoTime();
              return rig.box(b).hangup(retriever);
            })
            .compose(v -> Future.all(rig.ended(b, retriever, STEP_TIMEOUT_MS), rig.ended(b, parked.uuid(), STEP_TIMEOUT_MS)))
            .map(v -> {
              t[3] = System.nanoTime();
              phases.add(new double[] {(t[1] - t[0]) / 1e6, (t[2] - t[1]) / 1e6, (t[3] - t[2]) / 1e6});
              return (Void) null;
            });
        });
  }
}
