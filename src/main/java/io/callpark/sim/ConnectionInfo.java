package io.callpark.sim;

/**
 * A snapshot of one event-socket connection of the fake: its id (used by {@link FakeFreeSwitch#dropConnection}
 * and in {@link RecordedRequest}), whether a client dialled in ({@link Kind#INBOUND}) or the fake dialled a
 * controller from the {@code socket} application ({@link Kind#OUTBOUND}), the channel an outbound
 * connection controls, the remote address, whether it is still open and when it was established
 * ({@code openedNanos}: {@code System.nanoTime()} in this JVM, comparable with {@link RecordedRequest#nanoTime()};
 * for an outbound connection the moment the {@code socket} application's TCP connect completed, before
 * the controller sent anything).
 *
 * <p>Immutable; thread-safe.
 */
public record ConnectionInfo(long id, Kind kind, String channelUuid, String remoteAddress, boolean authenticated,
    boolean open, long openedNanos) {

  /** Who opened the TCP connection. */
  public enum Kind { INBOUND, OUTBOUND }
}
