package io.callpark.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a node whether its own view of the cluster can be trusted right now, after it may have been
 * stopped (SIGSTOP, a frozen VM, a long GC pause) while the others went on without it.
 *
 * <p>A node that wakes from a stall longer than the failure detector's timeout has been dropped: the
 * survivors re-homed its parked calls and fire its partitions' timers. Until the halves merge, its
 * Hazelcast member still believes it owns those partitions and reads its own, stale, records — in which it
 * still owns those calls. Acting on them would recall, escalate or release calls that are no longer its
 * own (issue 5: "a frozen node that wakes up must let go without touching them"). So for
 * {@code distrust} after a stall of at least {@code threshold}, {@link #trusted()} is false and the node
 * fires no timers and releases no records; conditional writes and the audits sort the rest out once the
 * merge has brought the survivors' records back (docs/cluster.md, "A node that freezes").
 *
 * <p>The ticks come from a daemon thread ({@link #start}) or, in tests, by hand ({@link #tick}). A stall is
 * seen either by the tick that wakes late or, if the woken node's work runs first, by
 * {@link #trusted()} finding the last tick too old. Time comes from an injected nanosecond ticker.
 * Thread-safe.
 */
public final class StallGuard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StallGuard.class);

  private final LongSupplier nanos;
  private final long thresholdNanos;
  private final long distrustNanos;
  private volatile long lastTick;
  private volatile long distrustUntil;
  private volatile boolean seenStall;
  private volatile Thread ticker;

  public StallGuard(LongSupplier nanos, Duration threshold, Duration distrust) {
    this.nanos = Objects.requireNonNull(nanos);
    if (threshold.isNegative() || threshold.isZero() || distrust.isNegative()) {
      throw new IllegalArgumentException("stall threshold must be positive and distrust not negative: "
          + threshold + ", " + distrust);
    }
    this.thresholdNanos = threshold.toNanos();
    this.distrustNanos = distrust.toNanos();
    this.lastTick = nanos.getAsLong();
    this.distrustUntil = lastTick;
  }

  /** A guard that always trusts: single-process tests with no cluster to fall out of. */
  public static StallGuard never() {
    return new StallGuard(() -> 0L, Duration.ofDays(365), Duration.ZERO);
  }

  /** Starts the daemon thread that ticks four times per threshold. Idempotent. */
  public synchronized StallGuard start() {
    if (ticker == null) {
      long sleepMillis = Math.max(10, thresholdNanos / 4 / 1_000_000);
      Thread t = new Thread(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Thread.sleep(sleepMillis);
          } catch (InterruptedException e) {
            return;
          }
          tick();
        }
      }, "callpark-stall-guard");
      t.setDaemon(true);
      t.start();
      ticker = t;
    }
    return this;
  }

  /** One tick: a gap since the last of at least the threshold is a stall, and starts the distrust. */
  public void tick() {
    long now = nanos.getAsLong();
    long gap = now - lastTick;
    lastTick = now;
    if (gap >= thresholdNanos) {
      stalled(now, gap);
    }
  }

  /** Whether this node's view can be acted on: no stall in the last {@code distrust}, and none under way. */
  public boolean trusted() {
    long now = nanos.getAsLong();
    long gap = now - lastTick;
    if (gap >= thresholdNanos) {
      lastTick = now; // seen here; the late tick then finds no gap of its own
      stalled(now, gap);
      return false;
    }
    return now - distrustUntil >= 0;
  }

  /** Whether a stall has ever been seen (for status and tests). */
  public boolean stallSeen() {
    return seenStall;
  }

  private void stalled(long now, long gapNanos) {
    long until = now + distrustNanos;
    if (until - distrustUntil > 0) {
      distrustUntil = until;
    }
    log.warn("this node was stalled for {} ms: its view of the cluster may be stale, so it fires no timers "
        + "and releases no records for the next {} s", gapNanos / 1_000_000, distrustNanos / 1_000_000_000);
    seenStall = true;
  }

  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.interrupt();
      ticker = null;
    }
  }
}
