package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;

/**
 * The non-media dialplan applications of mod_dptools the fake knows: answer, pre_answer, ring_ready,
 * set, export, unset, multiset, log, info, event, sleep, hangup, park, transfer, echo.
 *
 * <p>Stateless registrations; the applications run on the box's context.
 */
final class BasicApps {
  private BasicApps() {}

  static void register(AppEngine engine, SimBox box) {
    engine.register("answer", call -> {
      call.channel.answer();
      call.finish("_none_");
    });
    engine.register("pre_answer", call -> {
      call.channel.preAnswer();
      call.finish("_none_");
    });
    engine.register("ring_ready", call -> call.finish("_none_"));
    engine.register("info", call -> call.finish("_none_"));
    engine.register("set", call -> {
      set(call.channel, call.data);
      call.finish("_none_");
    });
    engine.register("export", call -> {
      String name = set(call.channel, call.data);
      if (name != null) {
        String ev = call.channel.var("export_vars");
        call.channel.setVar("export_vars", ev == null ? name : ev + "," + name);
      }
      call.finish("_none_");
    });
    engine.register("unset", call -> {
      call.channel.setVar(call.data.trim(), null);
      call.finish("_none_");
    });
    engine.register("multiset", call -> {
      multiset(call.channel, call.data);
      call.finish("_none_");
    });
    engine.register("log", call -> {
      String[] lm = call.data.split(" ", 2);
      int level = Listener.parseLevel(lm[0]);
      String msg = level >= 0 && lm.length > 1 ? lm[1] : call.data;
      box.router().log(level < 0 ? 7 : level, "mod_dptools.c", "log_function", 1866, call.channel.uuid, msg);
      call.finish("_none_");
    });
    engine.register("event", call -> {
      fireEventApp(box, call);
      call.finish("_none_");
    });
    engine.register("sleep", call -> {
      long ms = parseLong(call.data, 0);
      long timer = box.vertx().setTimer(Math.max(1, ms), id -> call.finish("_none_"));
      call.onBreak(() -> {
        box.vertx().cancelTimer(timer);
        call.finish("_none_");
      });
      call.onInterrupt(why -> {
        box.vertx().cancelTimer(timer);
        call.finish("_none_", AppCall.Next.STOP);
      });
    });
    engine.register("echo", call -> {
      call.onBreak(() -> call.finish("_none_"));
      call.onInterrupt(why -> call.finish("_none_", AppCall.Next.STOP));
    });
    engine.register("hangup", call -> {
      String cause = call.data.isBlank() ? "NORMAL_CLEARING" : call.data.trim();
      box.hangups().hangup(call.channel, cause, AppCall.Interrupt.HANGUP);
    });
    engine.register("park", BasicApps::park);
    engine.register("transfer", call -> {
      String[] w = call.data.trim().split(" +");
      call.finish("_none_", AppCall.Next.STOP);
      if (w.length > 0 && !w[0].isEmpty()) {
        box.transfers().transfer(call.channel, w[0], w.length > 2 ? w[2] : call.channel.profile.context);
      }
    });
  }

  /** park: CHANNEL_PARK, hold until something takes the call; CHANNEL_UNPARK when it does. */
  static void park(AppCall call) {
    call.channel.fire("CHANNEL_PARK", Src.PARK, true);
    call.onInterrupt(why -> {
      call.channel.fire("CHANNEL_UNPARK", Src.UNPARK, true);
      call.finish("_none_", AppCall.Next.STOP);
    });
  }

  /** {@code set name=value}; an empty value unsets. Returns the name. */
  static String set(FakeChannel ch, String data) {
    int eq = data.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    String name = data.substring(0, eq).trim();
    String value = data.substring(eq + 1);
    ch.setVar(name, value.isEmpty() ? null : value);
    return name;
  }

  /** {@code multiset a=1 b=2} or {@code multiset ^^:a=1:b=2}. */
  static void multiset(FakeChannel ch, String data) {
    String d = data.trim();
    String delim = " ";
    if (d.startsWith("^^") && d.length() > 2) {
      delim = String.valueOf(d.charAt(2));
      d = d.substring(3);
    }
    for (String pair : d.split(java.util.regex.Pattern.quote(delim))) {
      if (!pair.isBlank()) {
        set(ch, pair);
      }
    }
  }

  /** {@code event Event-Subclass=x::y,Event-Name=CUSTOM,k=v}: fires that event with the channel data. */
  private static void fireEventApp(SimBox box, AppCall call) {
    String name = "CUSTOM";
    EslHeaders.Builder extra = EslHeaders.builder();
    for (String kv : call.data.split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = kv.substring(0, eq).trim();
      String v = kv.substring(eq + 1);
      if (k.equalsIgnoreCase("Event-Name")) {
        name = v;
      } else {
        extra.add(k, v);
      }
    }
    EslHeaders x = extra.build();
    String[] post = new String[x.size() * 2];
    for (int i = 0; i < x.size(); i++) {
      post[2 * i] = x.name(i);
      post[2 * i + 1] = x.value(i);
    }
    EslEvent e = box.events().channelEvent(call.channel, name, Src.TEST, true, new String[0], post);
    box.router().fire(e);
  }

  static long parseLong(String s, long dflt) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
