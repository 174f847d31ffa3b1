package io.callpark.sim;

/**
 * A dialplan application of the fake ({@code answer}, {@code playback}, {@code socket} ...). It starts on
 * {@link #start}, and ends by calling {@link AppCall#finish} — at once, on a timer, or when interrupted
 * ({@link AppCall#onInterrupt}: hangup, transfer, bridge, uuid_break).
 *
 * <p>Called on the box's context only.
 */
@FunctionalInterface
interface SimApp {
  void start(AppCall call);
}
