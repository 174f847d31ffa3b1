package io.callpark.bench;

import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Park and retrieve latency seen from the boxes: one thread per {@link FakeFreeSwitch} drains its
 * recorded requests ({@link FakeFreeSwitch#takeRequest}) and, for every music-on-hold {@code sendmsg}
 * ({@code execute playback <moh>}) a controller sent on an outbound connection, takes the time from
 * that connection's TCP connect completing on the box ({@link ConnectionInfo#openedNanos()}) to the
 * sendmsg arriving there; likewise for every {@code api uuid_bridge} (a retrieval: the retriever's
 * socket connect to the bridge request, see {@link #takeBridgesSorted}). Both stamps are
 * {@code System.nanoTime()} of this JVM, read on the box's event loop. Samples are kept only while
 * {@link #record} is on.
 *
 * <p>Thread-safe. {@link #close} stops the threads. Nothing else may take the boxes' requests meanwhile.
 */
final class MohTap implements AutoCloseable {
  private final String music;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopped;
  private volatile boolean recording;
  private final Samples moh = new Samples();
  private final Samples bridges = new Samples();

  MohTap(List<FakeFreeSwitch> boxes, String moh) {
    this.music = moh;
    for (FakeFreeSwitch box : boxes) {
      Thread t = new Thread(() -> drain(box), "moh-tap-" + box.port());
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  /** From now on, keep samples (on) or drop them (off). */
  void record(boolean on) {
    recording = on;
  }

  /** Connect-to-MOH samples so far, in nanoseconds, sorted; and forgets them. */
  long[] takeSorted() {
    return moh.take();
  }

  /** Retriever's connect to its {@code uuid_bridge}, in nanoseconds, sorted; and forgets them. */
  long[] takeBridgesSorted() {
    return bridges.take();
  }

  private void drain(FakeFreeSwitch box) {
    while (!stopped) {
      RecordedRequest r;
      try {
        r = box.takeRequest(Duration.ofMillis(100));
      } catch (InterruptedException e) {
        return;
      }
      if (r == null || !recording || r.kind() != ConnectionInfo.Kind.OUTBOUND) {
        continue;
      }
      Samples into = null;
      if ("sendmsg".equals(r.verb()) && "playback".equals(r.header("execute-app-name"))
          && music.equals(r.header("execute-app-arg"))) {
        into = moh;
      } else if ("api".equals(r.verb()) && r.line().startsWith("api uuid_bridge ")) {
        into = bridges;
      }
      if (into != null) {
        Samples s = into;
        box.connection(r.connectionId()).ifPresent(c -> s.add(r.nanoTime() - c.openedNanos()));
      }
    }
  }

  /** A growing array of nanoseconds. Thread-safe. */
  private static final class Samples {
    private long[] values = new long[4096];
    private int count;

    synchronized void add(long nanos) {
      if (count == values.length) {
        values = Arrays.copyOf(values, count * 2);
      }
      values[count++] = nanos;
    }

    synchronized long[] take() {
      long[] out = Arrays.copyOf(values, count);
      count = 0;
      Arrays.sort(out);
      return out;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join(5_000);
    }
  }
}
