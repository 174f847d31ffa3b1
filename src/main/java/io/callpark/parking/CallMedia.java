package io.callpark.parking;

import io.callpark.esl.outbound.OutboundCall;
import io.vertx.core.Future;

/**
 * The few media steps parking needs, as {@code sendmsg execute}s on the call's own socket. Every app is
 * sent with {@code event-lock: true} so each waits for the one before instead of running nested
 * inside it (fact 50). App names are constants here, never from input: an unknown app hangs the
 * caller up (fact 14).
 */
final class CallMedia {
  private CallMedia() {}

  static Future<Void> answer(OutboundCall call) {
    return call.execute("answer", null, true).mapEmpty();
  }

  /**
   * Sets several channel variables with one {@code multiset ^^|a=1|b=2} (one CHANNEL_EXECUTE_COMPLETE, with
   * every channel variable in it, instead of one per variable); one {@code set} each if a value holds the
   * delimiter. In {@code vars}' iteration order; not awaited, like {@link #set}.
   */
  static void setAll(OutboundCall call, java.util.Map<String, String> vars) {
    StringBuilder data = new StringBuilder("^^|");
    for (var e : vars.entrySet()) {
      if (e.getValue().indexOf('|') >= 0 || e.getKey().indexOf('|') >= 0) {
        vars.forEach((k, v) -> set(call, k, v));
        return;
      }
      data.append(data.length() > 3 ? "|" : "").append(e.getKey()).append('=').append(e.getValue());
    }
    call.executeAsync("multiset", data.toString(), true);
  }

  static void set(OutboundCall call, String name, String value) {
    call.executeAsync("set", name + "=" + value, true);
  }

  /** Says the slot number digit by digit ("six zero zero one"), as valet_park's auto mode does. */
  static Future<Void> announce(OutboundCall call, String slot) {
    return call.execute("say", "en number iterated " + slot, true).mapEmpty();
  }

  /** Music on hold until broken: local_stream never ends; a file is looped. */
  static Future<Void> holdMusic(OutboundCall call, String music) {
    String app = music.startsWith("local_stream://") ? "playback" : "endless_playback";
    return call.executeAsync(app, music, true);
  }

  /**
   * Before a parked call leaves callpark's control (bridge, transfer): with socket_resume still true the
   * dialplan would continue after {@code socket} once the socket app returns (fact 57), which must not
   * happen to a call that was handed on on purpose.
   */
  static Future<String> noResume(OutboundCall call, String uuid) {
    return call.api("uuid_setvar " + uuid + " socket_resume false");
  }

  static Future<Void> play(OutboundCall call, String prompt) {
    return call.execute("playback", prompt, true).mapEmpty();
  }
}
