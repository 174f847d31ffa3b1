package io.callpark.presence;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs asynchronous steps one after another per key, any number of keys at once: a step for a key
 * starts when the previous step for that key has completed (successfully or not). That keeps the
 * PRESENCE_IN events of one slot in the order their counts were drawn, so {@code event_count} never goes
 * backwards on the wire and the last event sent carries the latest state.
 *
 * <p>Not thread-safe: confined to the publisher's context, where every step's future must complete.
 */
final class KeyedSerial {
  private final Map<String, Future<Void>> tails = new HashMap<>();

  /** Runs {@code step} after the steps already queued for {@code key}; completes when it has. */
  Future<Void> run(String key, Supplier<Future<Void>> step) {
    Future<Void> previous = tails.get(key);
    Future<Void> next = previous == null ? attempt(step) : previous.transform(ar -> attempt(step));
    tails.put(key, next);
    next.onComplete(ar -> tails.remove(key, next));
    return next;
  }

  /** Whether a step for {@code key} is queued or running. */
  boolean busy(String key) {
    return tails.containsKey(key);
  }

  /** Keys with a step queued or running. */
  int size() {
    return tails.size();
  }

  private static Future<Void> attempt(Supplier<Future<Void>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
