package io.callpark.api;

import io.callpark.api.feed.EventFeed;
import io.callpark.api.feed.FeedEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events/stream}: the cluster's park events as Server-Sent Events, one JSON object per
 * event ({@code data:}), its feed seq as the {@code id:}; a comment line every {@code keepAlive} so
 * proxies and browsers keep the connection open. A client that reconnects with {@code Last-Event-ID}
 * (EventSource does so by itself) first gets the events it missed that the feed still holds.
 *
 * <p>Memory per stream is bounded: a client that stops reading ({@link HttpServerResponse#writeQueueFull()})
 * is disconnected and may reconnect with its last id; at most {@link #MAX_STREAMS} streams per node.
 * Each stream's writes happen on its request's context; feed callbacks hop there.
 */
final class EventStream {
  private static final Logger log = LoggerFactory.getLogger(EventStream.class);
  static final int MAX_STREAMS = 256;
  /** Events replayed at most on reconnection; the feed holds no more anyway. */
  private static final int REPLAY = EventFeed.CAPACITY;

  private final Vertx vertx;
  private final EventFeed feed;
  private final Duration keepAlive;
  private final AtomicInteger open = new AtomicInteger();

  EventStream(Vertx vertx, EventFeed feed, Duration keepAlive) {
    this.vertx = vertx;
    this.feed = feed;
    this.keepAlive = keepAlive;
  }

  void handle(RoutingContext rc) {
    String lastId = rc.request().getHeader("Last-Event-ID");
    long after = -1;
    if (lastId != null) {
      try {
        after = Long.parseLong(lastId.trim());
      } catch (NumberFormatException e) {
        throw Problem.invalid("Last-Event-ID", lastId, "must be an event id (a whole number)").raise();
      }
    }
    if (open.incrementAndGet() > MAX_STREAMS) {
      open.decrementAndGet();
      throw Problem.of(503, "too-many-streams", "Too many event streams", "this node serves at most "
          + MAX_STREAMS + " event streams; try another node or later").raise();
    }
    new Stream(rc, after).start();
  }

  /** Open streams on this node (for tests and metrics). */
  int openStreams() {
    return open.get();
  }

  /** One client's stream; all its state is touched on {@code context} only. */
  private final class Stream {
    private final RoutingContext rc;
    private final HttpServerResponse response;
    private final Context context;
    private final long resumeAfter;
    /** Highest seq sent on this stream. */
    private long lastSent;
    private List<FeedEvent> held = new ArrayList<>();
    private AutoCloseable subscription;
    private long timer = -1;
    private boolean closed;

    Stream(RoutingContext rc, long resumeAfter) {
      this.rc = rc;
      this.response = rc.response();
      this.context = vertx.getOrCreateContext();
      this.resumeAfter = resumeAfter;
      this.lastSent = -1;
    }

    void start() {
      response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-store").putHeader("X-Accel-Buffering", "no");
      response.write("retry: 2000\n: callpark event stream\n\n");
      response.closeHandler(v -> close());
      response.exceptionHandler(e -> close());
      // Subscribe before reading the backlog, holding live events back until it is sent, so none falls between.
      subscription = feed.subscribe(e -> context.runOnContext(v -> live(e)));
      timer = vertx.setPeriodic(keepAlive.toMillis(), id -> write(": keep-alive\n\n"));
      if (resumeAfter < 0) {
        flushHeld();
        return;
      }
      feed.since(resumeAfter, REPLAY).onComplete(ar -> {
        if (ar.succeeded()) {
          ar.result().forEach(this::send);
        } else {
          log.info("event stream could not replay after {}: {}", resumeAfter, ar.cause().toString());
        }
        flushHeld();
      });
    }

    private void live(FeedEvent e) {
      if (held != null) {
        held.add(e);
        if (held.size() > REPLAY) {
          close();
        }
        return;
      }
      send(e);
    }

    private void flushHeld() {
      List<FeedEvent> backlog = held;
      held = null;
      if (backlog != null) {
        backlog.forEach(this::send);
      }
    }

    private void send(FeedEvent e) {
      if (e.seq() <= lastSent) {
        return; // already sent: replayed, then delivered live too
      }
      lastSent = e.seq();
      write("id: " + e.seq() + "\ndata: " + Views.event(e).encode() + "\n\n");
    }

    private void write(String s) {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        log.info("event stream client {} does not keep up: disconnecting it", rc.request().remoteAddress());
        response.reset();
        close();
        return;
      }
      response.write(s);
    }

    private void close() {
      if (closed) {
        return;
      }
      closed = true;
      open.decrementAndGet();
      vertx.cancelTimer(timer);
      try {
        subscription.close();
      } catch (Exception e) {
        log.debug("closing a feed subscription failed: {}", e.toString());
      }
    }
  }
}
