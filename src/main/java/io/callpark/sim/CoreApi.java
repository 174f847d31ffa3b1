package io.callpark.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Api commands about the box rather than one channel: {@code status} (fact 40's text, two spaces before
 * 64bit), {@code version}, {@code hupall} (fact 41), {@code chat} (mod_dptools: {@code Sent} / {@code Invalid},
 * the message recorded), {@code log} ({@code +OK}, the line goes to log listeners), {@code eval},
 * {@code global_getvar}/{@code global_setvar}.
 *
 * <p>Stateless registrations; the commands run on the box's context.
 */
final class CoreApi {
  private CoreApi() {}

  static void register(ApiCommands api, SimBox box) {
    api.register("status", (args, caller) -> ApiCommands.Result.of(status(box)));
    api.register("version", (args, caller) ->
        ApiCommands.Result.of("FreeSWITCH Version 1.11.1-release~64bit (-release 64bit)\n"));
    api.register("hupall", (args, caller) -> hupall(box, args));
    api.register("chat", (args, caller) -> chat(box, args));
    api.register("log", (args, caller) -> {
      String[] lm = args.split(" ", 2);
      int level = Listener.parseLevel(lm[0]);
      String msg = level >= 0 && lm.length > 1 ? lm[1] : args;
      return new ApiCommands.Result("+OK\n",
          () -> box.router().log(level < 0 ? 7 : level, "mod_commands.c", "log_function", 7227, null, msg));
    });
    api.register("eval", (args, caller) -> ApiCommands.Result.of(args));
    api.register("global_getvar", (args, caller) -> ApiCommands.Result.of(box.globalVar(args.trim())));
    api.register("global_setvar", (args, caller) -> {
      int eq = args.indexOf('=');
      if (eq > 0) {
        box.setGlobalVar(args.substring(0, eq).trim(), args.substring(eq + 1));
      }
      return ApiCommands.Result.of("+OK\n");
    });
  }

  static String status(SimBox box) {
    long up = Math.max(0, (System.nanoTime() - box.startNanos()) / 1_000);
    long us = up % 1000;
    long ms = (up / 1000) % 1000;
    long s = (up / 1_000_000) % 60;
    long m = (up / 60_000_000) % 60;
    long h = (up / 3_600_000_000L) % 24;
    long d = (up / 86_400_000_000L) % 365;
    long y = up / (86_400_000_000L * 365);
    int live = box.liveChannelCount();
    long total = box.sessionsSinceStartup();
    return "UP " + y + " years, " + d + " days, " + h + " hours, " + m + " minutes, " + s + " seconds, "
        + ms + " milliseconds, " + us + " microseconds\n"
        + "FreeSWITCH (Version 1.11.1-release  64bit) is ready\n"
        + total + " session(s) since startup\n"
        + live + " session(s) - peak " + box.peakChannels() + ", last 5min " + box.peakChannels() + " \n"
        + "0 session(s) per Sec out of max 1000, peak 0, last 5min 0 \n"
        + "2000 session(s) max\n"
        + "min idle cpu 0.00/99.70\n"
        + "Current Stack Size/Max 240K/8192K\n";
  }

  /** {@code hupall [cause] [var value]}. */
  private static ApiCommands.Result hupall(SimBox box, String args) {
    String[] w = args.isBlank() ? new String[0] : args.trim().split(" +");
    String cause = w.length > 0 ? w[0] : "NORMAL_CLEARING";
    String var = w.length > 1 ? w[1] : null;
    String val = w.length > 2 ? w[2] : null;
    String body = "+OK hangup all channels with cause " + cause + "\n";
    return new ApiCommands.Result(body, () -> {
      List<FakeChannel> all = new ArrayList<>(box.liveChannels());
      for (FakeChannel ch : all) {
        if (var == null || (val != null && val.equals(ch.var(var)))) {
          box.hangups().hangup(ch, cause, AppCall.Interrupt.HANGUP);
        }
      }
    });
  }

  /** mod_dptools chat_api_function: {@code <proto>|<from>|<to>|<message>[|<type>]}. */
  private static ApiCommands.Result chat(SimBox box, String args) {
    String[] p = args.split("\\|", -1);
    if (p.length < 4) {
      return ApiCommands.Result.of("Invalid");
    }
    box.recordChat(new ChatMessage(p[0], p[1], p[2], p[3], p.length > 4 && !p[4].isEmpty() ? p[4] : null,
        box.clock().now()));
    return ApiCommands.Result.of("Sent");
  }
}
