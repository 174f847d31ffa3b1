package io.callpark.esl.inbound;

import io.callpark.esl.codec.EslFrame;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * Commands written on one connection and not yet answered, oldest first.
 *
 * <p>mod_event_socket reads and answers one command at a time per connection (parse_command runs
 * inline; even {@code api} replies before the next command is read), so the next {@code command/reply}
 * or {@code api/response} always answers the oldest outstanding command: replies are matched strictly
 * FIFO, with no id on the wire to check against. Each entry gets a timer from the moment it is written;
 * when it fires the entry fails with {@link EslTimeoutException} and {@code onTimeout} is told, because
 * a reply that may still come would otherwise complete the wrong command.
 *
 * <p>Not thread-safe: used on its connection's context only.
 */
final class ReplyQueue {
  private record Pending(String description, Promise<EslFrame> promise, long timerId) {}

  private final Vertx vertx;
  private final Duration timeout;
  private final String where;
  private final Handler<EslTimeoutException> onTimeout;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();

  /** {@code where} names the box in messages ("box fs1 at 127.0.0.1:8021"). */
  ReplyQueue(Vertx vertx, Duration timeout, String where, Handler<EslTimeoutException> onTimeout) {
    this.vertx = vertx;
    this.timeout = timeout;
    this.where = where;
    this.onTimeout = onTimeout;
  }

  /** Adds the command just written; the future completes with its reply frame. */
  Future<EslFrame> add(String description) {
    Promise<EslFrame> promise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
      EslTimeoutException e = new EslTimeoutException("no reply to '" + description + "' from " + where + " within "
          + timeout.toMillis() + " ms");
      if (promise.tryFail(e)) {
        onTimeout.handle(e);
      }
    });
    queue.add(new Pending(description, promise, timer));
    return promise.future();
  }

  /** Completes the oldest command with {@code reply}; false when no command was waiting (a desync). */
  boolean completeHead(EslFrame reply) {
    Pending head = queue.poll();
    if (head == null) {
      return false;
    }
    vertx.cancelTimer(head.timerId());
    head.promise().tryComplete(reply);
    return true;
  }

  /** Fails every waiting command with the exception {@code causeFor} makes from its description. */
  void failAll(Function<String, Throwable> causeFor) {
    Pending p;
    while ((p = queue.poll()) != null) {
      vertx.cancelTimer(p.timerId());
      p.promise().tryFail(causeFor.apply(p.description()));
    }
  }

  int size() {
    return queue.size();
  }
}
