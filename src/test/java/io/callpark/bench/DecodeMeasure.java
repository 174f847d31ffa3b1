package io.callpark.bench;

import java.lang.management.ManagementFactory;

/**
 * Timing and allocation loops for {@link StreamDecoder}s, on the calling thread only (one core's worth
 * of decoding; the JIT and GC threads may still use another core). Not thread-safe.
 */
final class DecodeMeasure {
  /** Where the checksums go, so the JIT cannot prove the decoding unused. */
  static volatile long sink;

  private DecodeMeasure() {}

  /** Rates over one timing window. */
  record Window(double eventsPerS, double framesPerS, double bytesPerS, long passes) {}

  /** Runs whole passes until {@code nanos} have gone by; rates are per second of that window. */
  static Window window(StreamDecoder d, long nanos) {
    long passes = 0;
    long events = 0;
    long frames = 0;
    long bytes = 0;
    long sum = 0;
    long start = System.nanoTime();
    long deadline = start + nanos;
    long now;
    do {
      Tally t = d.pass();
      passes++;
      events += t.events;
      frames += t.frames;
      bytes += t.bytes;
      sum += t.checksum;
      now = System.nanoTime();
    } while (now < deadline);
    sink += sum;
    double s = (now - start) / 1e9;
    return new Window(events / s, frames / s, bytes / s, passes);
  }

  /** Runs the decoders in turn, {@code sliceNanos} each, until {@code totalNanos} have passed. */
  static void warmUp(long totalNanos, long sliceNanos, StreamDecoder... decoders) {
    long deadline = System.nanoTime() + totalNanos;
    while (System.nanoTime() < deadline) {
      for (StreamDecoder d : decoders) {
        window(d, sliceNanos);
      }
    }
  }

  /**
   * Bytes this thread allocated per event frame over {@code passes} passes: everything the decoder
   * allocates for the stream (non-event frames included) divided by the events in it.
   */
  static double bytesPerEvent(StreamDecoder d, int passes) {
    com.sun.management.ThreadMXBean mx = threadMx();
    long events = 0;
    long sum = 0;
    long before = mx.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < passes; i++) {
      Tally t = d.pass();
      events += t.events;
      sum += t.checksum;
    }
    long after = mx.getCurrentThreadAllocatedBytes();
    sink += sum;
    return (after - before) / (double) events;
  }

  private static com.sun.management.ThreadMXBean threadMx() {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)) {
      throw new IllegalStateException("this JVM has no com.sun.management.ThreadMXBean: cannot count allocated bytes");
    }
    if (!mx.isThreadAllocatedMemorySupported()) {
      throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
    }
    mx.setThreadAllocatedMemoryEnabled(true);
    return mx;
  }
}
