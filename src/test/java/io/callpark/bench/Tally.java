package io.callpark.bench;

/**
 * What one pass of a decoder over the captured streams produced: frames, event frames, input bytes and
 * a checksum of the decoded content (summed header counts and value lengths), which both keeps the JIT
 * from discarding the work and lets two decoders be compared. Mutable; one per pass, one thread.
 */
public final class Tally {
  long frames;
  long events;
  long bytes;
  long checksum;

  public long frames() {
    return frames;
  }

  public long events() {
    return events;
  }

  public long bytes() {
    return bytes;
  }

  public long checksum() {
    return checksum;
  }

  @Override
  public String toString() {
    return frames + " frames, " + events + " events, " + bytes + " bytes";
  }
}
