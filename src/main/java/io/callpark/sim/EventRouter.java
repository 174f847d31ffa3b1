package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fires events: keeps the last {@link SimConfig.Builder#eventLogLimit} of them for tests, then hands
 * each to every listener whose {@link Subscription} wants it (those not tied to a channel by {@code myevents}
 * in the order they connected, then those tied to the event's channel: see {@link SimBox#eventListeners}), and
 * mirrors log lines to listeners that asked for {@code log/data}.
 *
 * <p>{@link #fire} and {@link #log} run on the box's context only; {@link #history()} is thread-safe.
 */
final class EventRouter {
  private final SimBox box;
  private final int limit;
  private final ConcurrentLinkedDeque<EslEvent> history = new ConcurrentLinkedDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  EventRouter(SimBox box, int limit) {
    this.box = box;
    this.limit = limit;
  }

  void fire(EslEvent event) {
    if ("PRESENCE_IN".equals(event.name())) {
      box.sofiaPresence().onPresenceIn(event);
    }
    if (limit > 0) {
      history.addLast(event);
      if (size.incrementAndGet() > limit) {
        history.pollFirst();
        size.decrementAndGet();
      }
    }
    EncodedEvent encoded = new EncodedEvent(event);
    for (Listener l : box.eventListeners(event.uniqueId())) {
      l.deliver(encoded);
    }
  }

  /** A log line at {@code level} (0 console .. 7 debug) for listeners that sent {@code log <level>}. */
  void log(int level, String file, String func, int line, String channelUuid, String message) {
    for (Listener l : box.logListeners()) {
      l.deliverLog(level, file, func, line, channelUuid, message);
    }
  }

  List<EslEvent> history() {
    return new ArrayList<>(history);
  }

  void clearHistory() {
    history.clear();
    size.set(0);
  }
}
