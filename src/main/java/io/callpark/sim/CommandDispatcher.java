package io.callpark.sim;

import io.callpark.esl.codec.EslRequest;
import io.vertx.core.Future;
import java.util.Locale;

/**
 * The one dispatch point for commands, after mod_event_socket.c's {@code parse_command}: {@code exit}
 * first, then authentication, then the verbs. Before {@code auth} succeeds every other command is answered
 * {@code -ERR command not found} and the connection stays open (parse_command leaves the reply empty,
 * {@code done:} fills in that text); a wrong password is answered {@code -ERR invalid}, followed by the
 * goodbye notice and a close. Unknown verbs get {@code -ERR command not found} (fact 45).
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class CommandDispatcher {
  private final SimBox box;
  private final ApiDispatch api;
  private final SendMsgHandler sendmsg;
  private static final Future<Void> DONE = Future.succeededFuture();

  CommandDispatcher(SimBox box) {
    this.box = box;
    this.api = new ApiDispatch(box);
    this.sendmsg = new SendMsgHandler(box);
  }

  /** Handles one command; the future completes when the connection may go on to the next one. */
  Future<Void> dispatch(Listener l, EslRequest r) {
    String line = r.line();
    String verb = r.verb().toLowerCase(Locale.ROOT);
    if (verb.equals("exit") || line.startsWith("...")) {
      l.reply("+OK bye");
      l.goodbye();
      return DONE;
    }
    if (!l.authed) {
      preAuth(l, line);
      return DONE;
    }
    if (line.regionMatches(true, 0, "filter ", 0, 7)) {
      l.reply(l.sub.filter(line.substring(7)));
      return DONE;
    }
    if (sessionCommand(l, verb, r)) {
      return DONE;
    }
    switch (verb) {
      case "sendmsg":
        sendmsg.handle(l, r);
        return DONE;
      case "sendevent":
        api.sendevent(l, r);
        return DONE;
      case "api":
        if (line.length() > 4) {
          return api.api(l, r.argument());
        }
        break;
      case "bgapi":
        if (line.length() > 6) {
          api.bgapi(l, r.argument(), r.header("Job-UUID"));
          return DONE;
        }
        break;
      case "log":
        logCommand(l, r.argument());
        return DONE;
      case "nolog":
        l.reply(l.logLevel >= 0 ? "+OK no longer logging" : "-ERR not loging");
        l.logLevel(-1);
        return DONE;
      case "event":
        l.reply(l.sub.event(r.argument()));
        return DONE;
      case "nixevent":
        l.reply(l.sub.nixevent(r.argument()));
        return DONE;
      case "noevents":
        l.reply(l.sub.noevents());
        return DONE;
      case "linger":
      case "nolinger":
        l.reply("-ERR not controlling a session");
        return DONE;
      case "divert_events":
        l.reply("-ERR not controlling a session.");
        return DONE;
      default:
        break;
    }
    l.reply("-ERR command not found");
    return DONE;
  }

  private void preAuth(Listener l, String line) {
    if (line.startsWith("auth ")) {
      String pass = line.substring(5);
      if (pass.equals(box.config().password) || box.policy().acceptAnyPassword()) {
        l.authed = true;
        l.reply("+OK accepted");
      } else {
        l.reply("-ERR invalid");
        l.goodbye();
      }
      return;
    }
    if (line.startsWith("userauth ")) {
      l.reply("-ERR invalid");
      l.goodbye();
      return;
    }
    l.reply("-ERR command not found");
  }

  /** Commands that need (or bind) a controlled session: connect, getvar, myevents, linger, resume ... */
  private boolean sessionCommand(Listener l, String verb, EslRequest r) {
    if (l instanceof InboundConnection in) {
      if (verb.equals("myevents") && !r.argument().isBlank()) {
        String[] w = r.argument().trim().split(" +");
        FakeChannel ch = box.channel(w[0]);
        if (ch == null) {
          l.reply("-ERR invalid uuid");
          return true;
        }
        in.bindSession(ch);
        l.reply(l.myevents(ch.uuid, w.length > 1 ? EventFormat.of(w[1]) : null));
        return true;
      }
      return false;
    }
    OutboundConnection out = (OutboundConnection) l;
    String arg = r.argument().trim();
    switch (verb) {
      case "connect":
        out.connect();
        return true;
      case "resume":
        out.resume = true;
        out.channel.setVar("socket_resume", "true");
        box.publish(out.channel);
        l.reply("+OK");
        return true;
      case "getvar": {
        String v = arg.isEmpty() ? null : out.channel.var(arg);
        // parse_command: an empty reply becomes "-ERR command not found" at done:
        l.reply(v == null || v.isEmpty() ? "-ERR command not found" : v);
        return true;
      }
      case "myevents": {
        EventFormat fmt = arg.isEmpty() ? null : EventFormat.of(arg.split(" +")[0]);
        l.reply(l.myevents(out.channel.uuid, fmt));
        return true;
      }
      case "linger": {
        out.linger = true;
        l.reply(arg.isEmpty() ? "+OK will linger" : "+OK will linger " + parseIntOr(arg, 600) + " seconds");
        return true;
      }
      case "nolinger":
        out.linger = false;
        l.reply("+OK will not linger");
        return true;
      case "divert_events":
        if (arg.isEmpty()) {
          l.reply("-ERR missing value.");
        } else {
          out.diverted = arg.equalsIgnoreCase("on");
          l.reply(out.diverted ? "+OK events diverted" : "+OK events not diverted");
        }
        return true;
      default:
        return false;
    }
  }

  private static void logCommand(Listener l, String arg) {
    int level = Listener.parseLevel(arg);
    if (level < 0) {
      l.reply("-ERR invalid log level");
      return;
    }
    l.logLevel(level);
    l.reply("+OK log level " + arg + " [" + level + "]");
  }

  private static int parseIntOr(String s, int dflt) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
