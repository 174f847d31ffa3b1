package io.callpark.sim;

import java.time.Duration;

/**
 * switch_core.c send_heartbeat: a HEARTBEAT event (uptime, session counts; fact 47, every 20 s on a real
 * box) followed by the scheduler's RE_SCHEDULE, on a timer or on demand.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class Heartbeat {
  private final SimBox box;
  private long timer = -1;

  Heartbeat(SimBox box) {
    this.box = box;
  }

  void start(Duration interval) {
    stop();
    if (interval != null && !interval.isZero() && !interval.isNegative()) {
      long ms = interval.toMillis();
      timer = box.vertx().setPeriodic(ms, ms, id -> fire(ms));
    }
  }

  void stop() {
    if (timer >= 0) {
      box.vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  void fire(long intervalMs) {
    long upUs = Math.max(0, (System.nanoTime() - box.startNanos()) / 1_000);
    String upTime = CoreApi.status(box).lines().findFirst().orElse("UP").substring(3);
    String sessions = Long.toString(box.sessionsSinceStartup());
    String peak = Integer.toString(box.peakChannels());
    box.router().fire(box.events().plain("HEARTBEAT", Src.HEARTBEAT, null,
        "Event-Info", "System Ready", "Up-Time", upTime, "FreeSWITCH-Version", "1.11.1-release~64bit",
        "Uptime-msec", Long.toString(upUs / 1000), "Session-Count", Integer.toString(box.liveChannelCount()),
        "Max-Sessions", "2000", "Session-Per-Sec", "1000", "Session-Per-Sec-Last", "0",
        "Session-Per-Sec-Max", peak, "Session-Per-Sec-FiveMin", peak, "Session-Since-Startup", sessions,
        "Session-Peak-Max", peak, "Session-Peak-FiveMin", peak, "Idle-CPU", "99.500000"));
    long runtime = box.clock().now().getEpochSecond() + Math.max(1, intervalMs / 1000);
    box.router().fire(box.events().plain("RE_SCHEDULE", Src.RE_SCHEDULE, null,
        "Task-ID", "1", "Task-Desc", "heartbeat", "Task-Group", "core", "Task-Runtime", Long.toString(runtime)));
  }
}
