package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslRequest;
import java.util.Locale;

/**
 * {@code sendmsg [<uuid>]} (mod_event_socket.c parse_command, switch_ivr_parse_event): acknowledged
 * {@code +OK} at once (async), then executed on the channel. {@code call-command: execute} runs
 * {@code execute-app-name} with {@code execute-app-arg} or the text/plain body, {@code loops},
 * {@code event-lock} and {@code Event-UUID} (→ {@code Application-UUID}); {@code call-command: hangup}
 * hangs up with {@code hangup-cause}. A channel held by a socket application parks on its first message.
 * An unknown uuid gets {@code -ERR invalid session id [<uuid>]}.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class SendMsgHandler {
  private final SimBox box;

  SendMsgHandler(SimBox box) {
    this.box = box;
  }

  void handle(Listener l, EslRequest r) {
    String uuid = r.argument().trim();
    if (uuid.isEmpty() && r.header("session-id") != null) {
      uuid = r.header("session-id");
    }
    FakeChannel own = l instanceof OutboundConnection out ? out.channel : null;
    FakeChannel ch;
    if (own != null && (uuid.isEmpty() || uuid.equals(own.uuid))) {
      ch = own;
    } else {
      ch = uuid.isEmpty() ? null : box.channel(uuid);
      if (ch == null) {
        l.reply("-ERR invalid session id [" + uuid + "]");
        return;
      }
    }
    l.reply("+OK");
    execute(ch, r.headers(), r.bodyAsString());
  }

  /** A sendevent whose unique-id named a live channel: queued to it; a call-command in it is executed. */
  void queuedEvent(FakeChannel ch, EslEvent event) {
    if (event.header("call-command") != null) {
      execute(ch, event.headers(), event.body());
    }
  }

  void execute(FakeChannel ch, EslHeaders h, String body) {
    if (!ch.up()) {
      return;
    }
    String command = h.get("call-command");
    if (command == null) {
      return;
    }
    if (ch.socketApp != null) {
      ch.socketApp.sendmsgArrived();
    }
    switch (command.toLowerCase(Locale.ROOT)) {
      case "execute": {
        String app = h.get("execute-app-name");
        if (app == null) {
          return;
        }
        String arg = h.get("execute-app-arg");
        if (arg == null && body != null) {
          arg = body;
        }
        boolean lock = truthy(h.get("event-lock")) || truthy(h.get("event_lock"));
        int loops = (int) BasicApps.parseLong(h.get("loops") == null ? "1" : h.get("loops"), 1);
        box.apps().submit(ch, app, arg, h.get("Event-UUID"), lock, loops);
        return;
      }
      case "hangup": {
        String cause = h.get("hangup-cause");
        box.hangups().hangup(ch, cause == null || cause.isBlank() ? "NORMAL_CLEARING" : cause,
            AppCall.Interrupt.CONTROLLER_HANGUP);
        return;
      }
      default:
        // unicast, nomedia, xferext ...: accepted and ignored by the fake
    }
  }

  private static boolean truthy(String v) {
    return v != null && (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equals("1") || v.equalsIgnoreCase("on"));
  }
}
