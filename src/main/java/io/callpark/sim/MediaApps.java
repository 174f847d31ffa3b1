package io.callpark.sim;

import java.time.Duration;

/**
 * Applications that would play audio: {@code playback}, {@code endless_playback}, {@code say} — no audio,
 * just their timing and events. A playback runs for {@link SimConfig.Builder#playbackDuration} (music on hold
 * from {@code local_stream://} until broken), fires PLAYBACK_START / PLAYBACK_STOP (inbound listeners; not in
 * the myevents set) and completes with {@code FILE PLAYED} when it ran out or was broken by uuid_break, or
 * when the controller hung up; with {@code PLAYBACK ERROR} when the caller hung up or a bridge or transfer
 * cut it (outbound_sip_call, retrieve_uuid_bridge_parked_socket, facts 30 and 49). Digit collection
 * ({@code play_and_get_digits}, {@code read}) lives in {@link DigitCollector}.
 *
 * <p>Stateless registrations; the applications run on the box's context.
 */
final class MediaApps {
  private MediaApps() {}

  static void register(AppEngine engine, SimBox box) {
    engine.register("playback", call -> play(box, call, call.data, false));
    engine.register("endless_playback", call -> play(box, call, call.data, true));
    engine.register("say", call -> play(box, call, "say://" + call.data, false));
    engine.register("phrase", call -> play(box, call, "phrase://" + call.data, false));
    engine.register("speak", call -> play(box, call, "speak://" + call.data, false));
    engine.register("play_and_get_digits", call -> DigitCollector.playAndGetDigits(box, call));
    engine.register("read", call -> DigitCollector.read(box, call));
  }

  static void play(SimBox box, AppCall call, String file, boolean endless) {
    FakeChannel ch = call.channel;
    String type = fileType(file);
    ch.fire("PLAYBACK_START", Src.PLAYBACK_START, true, "Playback-File-Type", type, "Playback-File-Path", file);
    long started = System.nanoTime();
    Duration d = endless ? null : box.config().playbackDuration.apply(file);
    long[] timer = {-1};
    Runnable stop = () -> {
      if (timer[0] >= 0) {
        box.vertx().cancelTimer(timer[0]);
      }
    };
    java.util.function.Consumer<String> done = response -> {
      stop.run();
      long ms = Math.max(0, (System.nanoTime() - started) / 1_000_000);
      ch.setVar("playback_last_offset_pos", Long.toString(ms * 8));
      ch.setVar("playback_seconds", Long.toString(ms / 1000));
      ch.setVar("playback_ms", Long.toString(ms));
      ch.setVar("playback_samples", Long.toString(ms * 8));
      if (ch.hungUp) {
        // only an app ended by the hangup leaves its response behind (outbound_esl_session HANGUP_COMPLETE)
        ch.setVar("current_application_response", response);
      }
      ch.fire("PLAYBACK_STOP", Src.PLAYBACK_STOP, true, "Playback-File-Type", type, "Playback-File-Path", file,
          "Playback-Status", "done");
    };
    if (d != null) {
      timer[0] = box.vertx().setTimer(Math.max(1, d.toMillis()), id -> {
        timer[0] = -1;
        done.accept("FILE PLAYED");
        call.finish("FILE PLAYED");
      });
    }
    call.onBreak(() -> {
      done.accept("FILE PLAYED");
      call.finish("FILE PLAYED");
    });
    call.onInterrupt(why -> {
      String response = why == AppCall.Interrupt.CONTROLLER_HANGUP ? "FILE PLAYED" : "PLAYBACK ERROR";
      done.accept(response);
      call.finish(response, AppCall.Next.STOP);
    });
  }

  /** What Playback-File-Type says: the stream module name, or the file extension. */
  static String fileType(String file) {
    int sep = file.indexOf("://");
    if (sep > 0) {
      return file.substring(0, sep);
    }
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(dot + 1) : "file";
  }
}
