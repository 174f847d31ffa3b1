package io.callpark.api;

import io.callpark.config.HttpConfig;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per API token: {@code burst} requests at once, refilled at {@code perSecond}. Keys are
 * the configured token names, so memory is bounded by the config. Time comes from the injected clock.
 *
 * <p>Thread-safe: each bucket is updated under its own lock.
 */
final class RateLimiter {
  private final Clock clock;
  private final HttpConfig.RateLimit limit;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(Clock clock, HttpConfig.RateLimit limit) {
    this.clock = clock;
    this.limit = limit;
  }

  /** Takes one request from {@code key}'s bucket; 0 when allowed, else milliseconds until one is free. */
  long tryTake(String key) {
    return buckets.computeIfAbsent(key, k -> new Bucket(limit.burst(), clock.millis())).take(clock.millis(), limit);
  }

  private static final class Bucket {
    private double tokens;
    private long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }

    synchronized long take(long now, HttpConfig.RateLimit limit) {
      if (now > at) {
        tokens = Math.min(limit.burst(), tokens + (now - at) * limit.perSecond() / 1000.0);
        at = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) * 1000.0 / limit.perSecond()));
    }
  }
}
