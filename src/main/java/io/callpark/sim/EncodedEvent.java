package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;

/**
 * An event on its way to the listeners, encoded at most once per format however many listeners want it.
 *
 * <p>Not thread-safe: lives for one {@link EventRouter#fire} on the box's context.
 */
final class EncodedEvent {
  final EslEvent event;
  private final byte[][] frames = new byte[EventFormat.values().length][];

  EncodedEvent(EslEvent event) {
    this.event = event;
  }

  byte[] frame(EventFormat format) {
    byte[] f = frames[format.ordinal()];
    if (f == null) {
      f = format.frame(event);
      frames[format.ordinal()] = f;
    }
    return f;
  }
}
