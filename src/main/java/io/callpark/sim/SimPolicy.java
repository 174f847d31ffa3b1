package io.callpark.sim;

import java.time.Duration;

/**
 * Misbehaviour knobs, in the spirit of OkHttp's {@code SocketPolicy}: they apply to every connection of
 * the box from the moment they are set. Per-connection actions (drop one connection, send it a broken
 * frame, refuse new ones) are methods of {@link FakeFreeSwitch}.
 *
 * <p>Thread-safe: every field is volatile; tests flip knobs from their own thread.
 */
public final class SimPolicy {
  /** How outgoing bytes are cut into socket writes. */
  public enum Chunking {
    /** One write per frame, as FreeSWITCH mostly does. */
    NONE,
    /** One write per byte: every frame arrives split everywhere. */
    EVERY_BYTE,
    /** Writes of 1..64 bytes at random (seeded by {@link #chunkSeed}), ignoring frame boundaries. */
    RANDOM
  }

  private volatile long replyDelayMillis;
  private volatile long eventDelayMillis;
  private volatile Chunking chunking = Chunking.NONE;
  private volatile long chunkSeed = 42;
  private volatile boolean rudeRejection;
  private volatile boolean acceptAnyPassword;
  private volatile boolean frozen;
  private volatile long outboundConnectDelayMillis;

  /**
   * Delay every {@code command/reply} and {@code api/response} by this much. Writes stay in order, so
   * whatever follows a delayed reply on that connection waits too.
   */
  public SimPolicy replyDelay(Duration delay) {
    this.replyDelayMillis = delay.toMillis();
    return this;
  }

  /** Delay every event frame by this much (order kept, as for {@link #replyDelay}). */
  public SimPolicy eventDelay(Duration delay) {
    this.eventDelayMillis = delay.toMillis();
    return this;
  }

  public SimPolicy chunking(Chunking chunking) {
    this.chunking = chunking;
    return this;
  }

  public SimPolicy chunkSeed(long seed) {
    this.chunkSeed = seed;
    return this;
  }

  /** New inbound connections get {@code text/rude-rejection} and are closed, as an ACL refusal. */
  public SimPolicy rudeRejection(boolean on) {
    this.rudeRejection = on;
    return this;
  }

  /** {@code auth} succeeds whatever the password. */
  public SimPolicy acceptAnyPassword(boolean on) {
    this.acceptAnyPassword = on;
    return this;
  }

  /**
   * A hung box: connections stay open and commands are read and recorded, but nothing is answered and
   * no events are sent until unfrozen (what was swallowed stays unanswered).
   */
  public SimPolicy frozen(boolean on) {
    this.frozen = on;
    return this;
  }

  /** Wait this long before the {@code socket} application dials a controller. */
  public SimPolicy outboundConnectDelay(Duration delay) {
    this.outboundConnectDelayMillis = delay.toMillis();
    return this;
  }

  public long replyDelayMillis() {
    return replyDelayMillis;
  }

  public long eventDelayMillis() {
    return eventDelayMillis;
  }

  public Chunking chunking() {
    return chunking;
  }

  public long chunkSeed() {
    return chunkSeed;
  }

  public boolean rudeRejection() {
    return rudeRejection;
  }

  public boolean acceptAnyPassword() {
    return acceptAnyPassword;
  }

  public boolean frozen() {
    return frozen;
  }

  public long outboundConnectDelayMillis() {
    return outboundConnectDelayMillis;
  }

  /** Back to a well-behaved box. */
  public SimPolicy reset() {
    replyDelayMillis = 0;
    eventDelayMillis = 0;
    chunking = Chunking.NONE;
    rudeRejection = false;
    acceptAnyPassword = false;
    frozen = false;
    outboundConnectDelayMillis = 0;
    return this;
  }
}
