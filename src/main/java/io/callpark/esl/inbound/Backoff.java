package io.callpark.esl.inbound;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential reconnect delay with "equal jitter": attempt {@code n} (from 0) waits a random
 * time in {@code [base/2, base]} where {@code base = min(max, initial * 2^n)}. Half the delay is fixed,
 * so it really grows; the other half spreads reconnects of many clients after a FreeSWITCH restart.
 * {@link #reset()} after a successful connection starts again from {@code initial}.
 *
 * <p>The randomness is injected ({@code () -> 1.0} gives exactly {@code base}, {@code () -> 0.0} exactly
 * {@code base/2}) so tests can assert the sequence.
 *
 * <p>Not thread-safe: owned by one {@link InboundClient} and used on its context only.
 */
public final class Backoff {
  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;
  private int attempt;

  /** {@code random} yields values in {@code [0, 1]}. */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMillis = Math.max(1, initial.toMillis());
    this.maxMillis = Math.max(initialMillis, max.toMillis());
    this.random = random;
  }

  public static Backoff of(InboundOptions options) {
    return new Backoff(options.initialBackoff(), options.maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The delay before the next attempt; each call counts one more failed attempt. */
  public Duration next() {
    long base = base(attempt);
    if (attempt < 62) {
      attempt++;
    }
    double r = Math.min(1.0, Math.max(0.0, random.getAsDouble()));
    long half = base / 2;
    return Duration.ofMillis(half + Math.round((base - half) * r));
  }

  /** The cap: what an authentication failure waits (no point hammering a box with a wrong password). */
  public Duration max() {
    return Duration.ofMillis(maxMillis);
  }

  /** Called once connected: the next failure waits about {@code initial} again. */
  public void reset() {
    attempt = 0;
  }

  private long base(int n) {
    long b = initialMillis;
    for (int i = 0; i < n && b < maxMillis; i++) {
      b <<= 1;
    }
    return Math.min(b, maxMillis);
  }
}
