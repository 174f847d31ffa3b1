package io.callpark.sim;

/**
 * The {@code uuid_*} api commands with mod_commands' reply texts (facts 41, 51): {@code uuid_bridge}
 * ({@code +OK <B>} / {@code -ERR Invalid uuid}), {@code uuid_kill}, {@code uuid_transfer}, {@code uuid_break}
 * ({@code +OK}), {@code uuid_getvar} (value, or {@code _undef_}), {@code uuid_setvar}, {@code uuid_exists}
 * ({@code true}/{@code false}), {@code uuid_recv_dtmf} ({@code +OK <uuid> received DTMF <digits>.}),
 * {@code uuid_send_dtmf} (the DTMF arrives on the peer: the other loopback leg or the bridged channel),
 * {@code uuid_answer}, {@code uuid_park}, {@code uuid_broadcast} (accepted, nothing played). An unknown uuid is {@code -ERR No such channel!}.
 *
 * <p>Stateless registrations; the commands run on the box's context.
 */
final class ChannelApi {
  private static final ApiCommands.Result NO_SUCH = ApiCommands.Result.of("-ERR No such channel!\n");

  private ChannelApi() {}

  static void register(ApiCommands api, SimBox box) {
    api.register("uuid_bridge", (args, caller) -> {
      String[] w = words(args);
      if (w.length < 2) {
        return ApiCommands.Result.of("-USAGE: <uuid> <other_uuid>\n");
      }
      return box.bridging().uuidBridge(w[0], w[1]);
    });
    api.register("uuid_kill", (args, caller) -> {
      String[] w = words(args);
      FakeChannel ch = w.length > 0 ? box.channel(w[0]) : null;
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      String cause = w.length > 1 ? w[1] : "NORMAL_CLEARING";
      return new ApiCommands.Result("+OK\n", () -> box.hangups().hangup(ch, cause, AppCall.Interrupt.HANGUP));
    });
    api.register("uuid_transfer", (args, caller) -> transfer(box, words(args)));
    // Plays over whatever the channel is doing; the sim records the request and leaves the channel as it is
    // (FreeSWITCH plays the file between the frames of the running playback, which then carries on).
    api.register("uuid_broadcast", (args, caller) -> {
      String[] w = words(args);
      if (w.length < 2) {
        return ApiCommands.Result.of("-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n");
      }
      FakeChannel ch = box.channel(w[0]);
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      return ApiCommands.Result.of("+OK Message sent successfully\n");
    });
    api.register("uuid_break", (args, caller) -> {
      String[] w = words(args);
      FakeChannel ch = w.length > 0 ? box.channel(w[0]) : null;
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      boolean all = w.length > 1 && w[1].equalsIgnoreCase("all");
      return new ApiCommands.Result("+OK\n", () -> box.apps().breakApps(ch, all));
    });
    api.register("uuid_getvar", (args, caller) -> {
      String[] w = words(args);
      if (w.length < 2) {
        return ApiCommands.Result.of("-USAGE: <uuid> <var>\n");
      }
      FakeChannel ch = box.channel(w[0]);
      if (ch == null) {
        return NO_SUCH;
      }
      String v = ch.var(w[1]);
      return ApiCommands.Result.of(v == null ? "_undef_" : v);
    });
    api.register("uuid_setvar", (args, caller) -> {
      String[] w = args.trim().split(" +", 3);
      if (w.length < 2 || w[0].isEmpty()) {
        return ApiCommands.Result.of("-USAGE: <uuid> <var> [value]\n");
      }
      FakeChannel ch = box.channel(w[0]);
      if (ch == null) {
        return NO_SUCH;
      }
      ch.setVar(w[1], w.length > 2 ? w[2] : null);
      box.publish(ch);
      return ApiCommands.Result.of("+OK\n");
    });
    api.register("uuid_exists", (args, caller) -> {
      FakeChannel ch = box.channel(args.trim());
      return ApiCommands.Result.of(ch != null && ch.up() ? "true" : "false");
    });
    api.register("uuid_recv_dtmf", (args, caller) -> {
      String[] w = words(args);
      FakeChannel ch = w.length > 1 ? box.channel(w[0]) : null;
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      return new ApiCommands.Result("+OK " + ch.uuid + " received DTMF " + w[1] + ".\n",
          () -> ch.receiveDtmf(w[1], "APP"));
    });
    api.register("uuid_send_dtmf", (args, caller) -> {
      String[] w = words(args);
      FakeChannel ch = w.length > 1 ? box.channel(w[0]) : null;
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      FakeChannel far = ch.loopbackPeer != null ? ch.loopbackPeer : ch.bridgedTo;
      return new ApiCommands.Result("+OK Success\n", () -> {
        if (far != null && far.up()) {
          far.receiveDtmf(w[1].replaceAll("@.*", ""), "APP");
        }
      });
    });
    api.register("uuid_answer", (args, caller) -> {
      FakeChannel ch = box.channel(args.trim());
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      return new ApiCommands.Result("+OK\n", ch::answer);
    });
    api.register("uuid_park", (args, caller) -> {
      FakeChannel ch = box.channel(args.trim());
      if (ch == null || !ch.up()) {
        return NO_SUCH;
      }
      return new ApiCommands.Result("+OK\n", () -> {
        ch.dialplanGeneration++;
        box.apps().interruptAll(ch, AppCall.Interrupt.TRANSFER);
        box.bridging().breakBridge(ch);
        DialplanRunner.startApp(box, ch, "park", "");
      });
    });
  }

  /** {@code uuid_transfer <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]}. */
  private static ApiCommands.Result transfer(SimBox box, String[] w) {
    if (w.length < 2) {
      return ApiCommands.Result.of("-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n");
    }
    FakeChannel ch = box.channel(w[0]);
    if (ch == null || !ch.up()) {
      return NO_SUCH;
    }
    int i = 1;
    FakeChannel target = ch;
    if (w[1].equals("-bleg") || w[1].equals("-both")) {
      target = ch.bridgedTo != null ? ch.bridgedTo : ch;
      i = 2;
    }
    if (i >= w.length) {
      return ApiCommands.Result.of("-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n");
    }
    String ext = w[i];
    String context = w.length > i + 2 ? w[i + 2] : ch.profile.context;
    FakeChannel t = target;
    return new ApiCommands.Result("+OK\n", () -> box.transfers().transfer(t, ext, context));
  }

  static String[] words(String args) {
    String t = args.trim();
    return t.isEmpty() ? new String[0] : t.split(" +");
  }
}
