package io.callpark.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Timestamps as FreeSWITCH prints them: {@code Event-Date-Local: 2026-11-24 21:22:58},
 * {@code Event-Date-GMT: Tue, 24 Nov 2026 21:22:58 GMT}, microsecond epochs for
 * {@code Event-Date-Timestamp} and the channel times. Time comes from the configured {@link Clock}.
 *
 * <p>Stateless apart from the clock; thread-safe.
 */
final class EventClock {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  private final Clock clock;
  private final ZoneId zone;

  EventClock(Clock clock, ZoneId zone) {
    this.clock = clock;
    this.zone = zone;
  }

  Instant now() {
    return clock.instant();
  }

  long nowMicros() {
    Instant i = clock.instant();
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  String local(long micros) {
    return LOCAL.format(ZonedDateTime.ofInstant(toInstant(micros), zone));
  }

  String gmt(long micros) {
    return GMT.format(ZonedDateTime.ofInstant(toInstant(micros), ZoneId.of("GMT")));
  }

  static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
  }
}
