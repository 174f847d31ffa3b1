package io.callpark.esl.inbound;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * bgapi jobs waiting for their BACKGROUND_JOB event, by {@code Job-UUID}. We choose the Job-UUID and
 * send it as a header, FreeSWITCH echoes it in the reply and in the event (fact 42; mod_event_socket.c
 * takes a {@code job-uuid} header if present), so a result can be matched even if another client's
 * job finishes first. A job that gets no event in time fails with {@link EslTimeoutException}; unlike a
 * missing reply that does not disturb anything else, so the connection stays up.
 *
 * <p>Not thread-safe: used on its connection's context only.
 */
final class BackgroundJobs {
  private record Job(String description, Promise<String> promise, long timerId) {}

  private final Vertx vertx;
  private final String where;
  private final Map<String, Job> jobs = new HashMap<>();

  BackgroundJobs(Vertx vertx, String where) {
    this.vertx = vertx;
    this.where = where;
  }

  /** Registers a job before its command is written; completes with the BACKGROUND_JOB body. */
  Future<String> register(String jobUuid, String description, Duration timeout) {
    Promise<String> promise = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> {
      if (jobs.remove(jobUuid) != null) {
        promise.tryFail(new EslTimeoutException("no BACKGROUND_JOB for '" + description + "' (Job-UUID " + jobUuid
            + ") from " + where + " within " + timeout.toMillis() + " ms"));
      }
    });
    jobs.put(jobUuid, new Job(description, promise, timer));
    return promise.future();
  }

  /** Completes the job with that Job-UUID; false if it is not ours (another client's bgapi, or timed out). */
  boolean complete(String jobUuid, String body) {
    Job job = jobUuid == null ? null : jobs.remove(jobUuid);
    if (job == null) {
      return false;
    }
    vertx.cancelTimer(job.timerId());
    job.promise().tryComplete(body == null ? "" : body);
    return true;
  }

  void fail(String jobUuid, Throwable cause) {
    Job job = jobs.remove(jobUuid);
    if (job != null) {
      vertx.cancelTimer(job.timerId());
      job.promise().tryFail(cause);
    }
  }

  void failAll(Function<String, Throwable> causeFor) {
    List<Job> all = new ArrayList<>(jobs.values());
    jobs.clear();
    for (Job job : all) {
      vertx.cancelTimer(job.timerId());
      job.promise().tryFail(causeFor.apply(job.description()));
    }
  }

  int size() {
    return jobs.size();
  }
}
