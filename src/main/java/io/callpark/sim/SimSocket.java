package io.callpark.sim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Random;

/**
 * The byte pipe of one connection, applying {@link SimPolicy} on the way out: reply and event delays
 * (writes stay in order: a delayed frame holds back what follows it), chunked writes (one byte at a
 * time, or random sizes) and orderly close after everything queued was written.
 *
 * <p>Not thread-safe: used on the box's context only.
 */
final class SimSocket {
  /** What kind of frame a write is, for the delay knobs. */
  enum Kind { REPLY, EVENT, OTHER }

  private record Pending(byte[] bytes, Kind kind, boolean closeAfter) {}

  private final Vertx vertx;
  private final NetSocket socket;
  private final SimPolicy policy;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private Random random;
  private boolean waiting;
  private boolean closed;

  SimSocket(Vertx vertx, NetSocket socket, SimPolicy policy) {
    this.vertx = vertx;
    this.socket = socket;
    this.policy = policy;
  }

  NetSocket raw() {
    return socket;
  }

  boolean closed() {
    return closed;
  }

  void send(byte[] bytes, Kind kind) {
    if (closed) {
      return;
    }
    queue.add(new Pending(bytes, kind, false));
    pump();
  }

  /** Closes once everything queued before was written. */
  void closeGracefully() {
    if (closed) {
      return;
    }
    queue.add(new Pending(null, Kind.OTHER, true));
    pump();
  }

  /** Closes now, dropping whatever is still queued (the "drop the connection" knob). */
  void abort() {
    if (closed) {
      return;
    }
    closed = true;
    queue.clear();
    socket.close();
  }

  /** Called when the peer closed or the socket failed. */
  void markClosed() {
    closed = true;
    queue.clear();
  }

  private void pump() {
    while (!waiting && !closed && !queue.isEmpty()) {
      Pending p = queue.peek();
      long delay = p.kind == Kind.REPLY ? policy.replyDelayMillis() : p.kind == Kind.EVENT ? policy.eventDelayMillis() : 0;
      if (delay > 0 && p.bytes != null) {
        waiting = true;
        queue.poll();
        queue.addFirst(new Pending(p.bytes, Kind.OTHER, p.closeAfter));
        vertx.setTimer(delay, id -> {
          waiting = false;
          pump();
        });
        return;
      }
      queue.poll();
      if (p.closeAfter) {
        closed = true;
        queue.clear();
        socket.end();
        return;
      }
      write(p.bytes);
    }
  }

  private void write(byte[] bytes) {
    SimPolicy.Chunking c = policy.chunking();
    if (c == SimPolicy.Chunking.NONE || bytes.length <= 1) {
      socket.write(Buffer.buffer(bytes));
      return;
    }
    if (c == SimPolicy.Chunking.RANDOM && random == null) {
      random = new Random(policy.chunkSeed());
    }
    int off = 0;
    while (off < bytes.length) {
      int n = c == SimPolicy.Chunking.EVERY_BYTE ? 1 : 1 + random.nextInt(64);
      n = Math.min(n, bytes.length - off);
      socket.write(Buffer.buffer().appendBytes(bytes, off, n));
      off += n;
    }
  }
}
