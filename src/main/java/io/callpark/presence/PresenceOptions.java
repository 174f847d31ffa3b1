package io.callpark.presence;

import java.time.Duration;
import java.util.Objects;

/**
 * How callpark drives BLF lamps ({@code presence:} in callpark.yaml; docs/blf.md).
 *
 * <p>Immutable; thread-safe.
 *
 * @param recallLamp what a slot shows while its caller is being recalled to the parker or escalated
 * @param reconcileEvery how often each node republishes every slot it owns to every box, to repair what
 *     a lost event or a dead node left wrong; {@link Duration#ZERO} turns the periodic run off (boxes are
 *     still republished when they connect and when a node leaves)
 * @param reconcileRate most PRESENCE_IN events a reconcile sends per second, per node and box; events of
 *     slot changes and probe answers are never held back by it
 */
public record PresenceOptions(RecallLamp recallLamp, Duration reconcileEvery, int reconcileRate) {
  public static final Duration MIN_RECONCILE_EVERY = Duration.ofSeconds(10);
  public static final Duration MAX_RECONCILE_EVERY = Duration.ofHours(24);
  public static final int MIN_RATE = 10;
  public static final int MAX_RATE = 100_000;

  /** Ringing recall lamp, a reconcile every 5 minutes, at most 1000 events/s. */
  public static final PresenceOptions DEFAULT = new PresenceOptions(RecallLamp.RINGING, Duration.ofMinutes(5), 1000);

  /** The lamp of a slot whose parked caller is being rung back to the parker or escalated. */
  public enum RecallLamp {
    /**
     * {@code answer-state: early}: sofia's dialog NOTIFY says {@code early} (fact 64, variant K), which
     * most phones show as a blinking lamp.
     */
    RINGING,
    /** Exactly as while held: steady, {@code confirmed}. */
    HELD
  }

  public PresenceOptions {
    Objects.requireNonNull(recallLamp, "presence.recallLamp");
    if (reconcileEvery == null || reconcileEvery.isNegative() || !reconcileEvery.isZero()
        && (reconcileEvery.compareTo(MIN_RECONCILE_EVERY) < 0 || reconcileEvery.compareTo(MAX_RECONCILE_EVERY) > 0)) {
      throw new IllegalArgumentException("presence.reconcileEvery must be 0 (off) or between "
          + MIN_RECONCILE_EVERY.toSeconds() + " s and " + MAX_RECONCILE_EVERY.toHours() + " h, got " + reconcileEvery);
    }
    if (reconcileRate < MIN_RATE || reconcileRate > MAX_RATE) {
      throw new IllegalArgumentException("presence.reconcileRate must be between " + MIN_RATE + " and " + MAX_RATE
          + " events per second, got " + reconcileRate);
    }
  }

  public PresenceOptions withRecallLamp(RecallLamp lamp) {
    return new PresenceOptions(lamp, reconcileEvery, reconcileRate);
  }

  public PresenceOptions withReconcile(Duration every, int rate) {
    return new PresenceOptions(recallLamp, every, rate);
  }
}
