package io.callpark.parking;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long parking and retrieving take on the controller's side, from the moment FreeSWITCH's socket
 * connected ({@code OutboundCall.acceptedAtNanos()}, stamped with the same ticker) to the moment the
 * flow did what the caller waits for: the music-on-hold {@code sendmsg} acknowledged (park), the
 * {@code uuid_bridge} answered {@code +OK} or the fetch leg bridged (retrieve). Listeners (metrics) hear
 * each measurement; nothing is kept here.
 *
 * <p>Time comes from an injected ticker in nanoseconds (Caffeine's {@code Ticker}): {@code System::nanoTime}
 * in production, a hand-moved one in tests. Thread-safe; listeners run on the call's context and must be
 * quick.
 */
public final class FlowTimer {
  private static final Logger log = LoggerFactory.getLogger(FlowTimer.class);

  /** What was measured. */
  public enum Flow {
    /** Socket connect to music-on-hold sendmsg acknowledged. */
    PARK,
    /** Socket connect of the retriever to the two legs bridged. */
    RETRIEVE
  }

  /** Hears one measurement. */
  @FunctionalInterface
  public interface Listener {
    void took(Flow flow, String lot, long nanos);
  }

  private final LongSupplier ticker;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public FlowTimer(LongSupplier ticker) {
    this.ticker = java.util.Objects.requireNonNull(ticker, "ticker");
  }

  /** On {@code System.nanoTime()}. */
  public static FlowTimer system() {
    return new FlowTimer(System::nanoTime);
  }

  /** The ticker's reading, in nanoseconds (only differences mean anything). */
  public long now() {
    return ticker.getAsLong();
  }

  /** The ticker itself, for whoever stamps the start (the outbound listener). */
  public LongSupplier ticker() {
    return ticker;
  }

  public void listen(Listener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  /** {@code flow} of a call in {@code lot} that started at {@code startNanos} is done now. */
  public void done(Flow flow, String lot, long startNanos) {
    long took = Math.max(0, now() - startNanos);
    for (Listener l : listeners) {
      try {
        l.took(flow, lot, took);
      } catch (RuntimeException e) {
        log.error("flow timer listener failed on {} {}", flow, lot, e);
      }
    }
  }
}
