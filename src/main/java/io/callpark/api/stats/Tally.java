package io.callpark.api.stats;

import io.callpark.parking.ParkEvent;
import java.util.Optional;

/**
 * What one park event adds to a statistics bucket.
 *
 * @param kind which count goes up
 * @param waitMillis for {@link Kind#RETRIEVED}: how long the caller was parked; else 0
 * @param by for {@link Kind#RETRIEVED}: who took the call (extension), or null
 */
public record Tally(Kind kind, long waitMillis, String by) {

  /** The counts of a bucket. */
  public enum Kind {
    /** A caller took a slot (a re-slot after a split-brain merge counts again). */
    PARKED,
    /** Somebody got the caller: a retriever, the answering parker on recall, a ring step's answerer. */
    RETRIEVED,
    /** The caller hung up while parked. */
    ABANDONED,
    /** The caller's parking time ran out (the first escalation step of a round began). */
    TIMED_OUT,
    /** An escalation step rang someone else or handed the caller on. */
    ESCALATED,
    /** An operator hung the caller up. */
    HUNG_UP
  }

  /** The tally of {@code e}, or empty for events the statistics do not count (refusals, reservations...). */
  public static Optional<Tally> of(ParkEvent e) {
    return Optional.ofNullable(switch (e.type()) {
      case PARKED -> new Tally(Kind.PARKED, 0, null);
      case RETRIEVED, RECALL_ANSWERED, RING_ANSWERED -> new Tally(Kind.RETRIEVED,
          e.parkedAtMillis() > 0 ? Math.max(0, e.atMillis() - e.parkedAtMillis()) : 0, e.by());
      case ABANDONED -> new Tally(Kind.ABANDONED, 0, null);
      case TIMEOUT -> new Tally(Kind.TIMED_OUT, 0, null);
      case ESCALATED -> new Tally(Kind.ESCALATED, 0, null);
      case HUNG_UP -> new Tally(Kind.HUNG_UP, 0, null);
      default -> null;
    });
  }
}
