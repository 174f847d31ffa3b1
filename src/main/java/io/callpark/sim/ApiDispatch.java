package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.callpark.esl.codec.EslRequest;
import io.vertx.core.Future;
import java.util.UUID;

/**
 * {@code api}, {@code bgapi} and {@code sendevent} on a connection (mod_event_socket.c api_exec and
 * parse_command). Order on the wire follows the captures: the {@code api/response} first, then whatever
 * the command caused (channel events), then the {@code API} event that every api call fires (fact 42).
 * {@code bgapi} is acknowledged at once ({@code +OK Job-UUID: <id>} plus a {@code Job-UUID} header, ours if
 * the client sent one), then runs on a later tick and fires API and BACKGROUND_JOB with the output as body.
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class ApiDispatch {
  private final SimBox box;

  ApiDispatch(SimBox box) {
    this.box = box;
  }

  /** Completes when the response was written (later for originate, which waits for the answer). */
  Future<Void> api(Listener l, String commandLine) {
    ApiCommands.Result r = box.api().execute(commandLine, l);
    if (r.later() == null) {
      l.apiResponse(orNoReply(r.body()));
      r.effects().run();
      fireApiEvent(commandLine);
      return Future.succeededFuture();
    }
    r.effects().run();
    return r.later().map(body -> {
      l.apiResponse(orNoReply(body));
      fireApiEvent(commandLine);
      return null;
    });
  }

  private static String orNoReply(String body) {
    return body == null || body.isEmpty() ? "-ERR no reply\n" : body;
  }

  void bgapi(Listener l, String commandLine, String jobUuid) {
    String job = jobUuid != null && !jobUuid.isBlank() ? jobUuid : UUID.randomUUID().toString();
    l.reply("+OK Job-UUID: " + job, "Job-UUID", job);
    box.vertx().runOnContext(v -> box.api().execute(commandLine, l).runForBody().onSuccess(out -> {
      String body = out == null || out.isEmpty() ? "Command returned no output!" : out;
      fireApiEvent(commandLine);
      String[] ca = split(commandLine);
      box.router().fire(box.events().plain("BACKGROUND_JOB", Src.BACKGROUND_JOB, body,
          "Job-UUID", job, "Job-Command", ca[0], "Job-Command-Arg", ca[1]));
    }));
  }

  private void fireApiEvent(String commandLine) {
    String[] ca = split(commandLine);
    box.router().fire(box.events().plain("API", Src.API, null, "API-Command", ca[0], "API-Command-Argument", ca[1]));
  }

  /**
   * {@code sendevent <NAME>} (fact 46, 8): {@code +OK <Event-UUID>}; the event keeps the client's headers in
   * order after {@code Command: sendevent <NAME>} (an {@code Event-Subclass} moves to the top), then
   * {@code Event-UUID}, then the core block; the body stays. An event whose {@code unique-id} names a live
   * channel is queued to that channel instead of being fired (switch_core_session_queue_event).
   */
  void sendevent(Listener l, EslRequest r) {
    String name = r.argument().trim();
    String eventUuid = UUID.randomUUID().toString();
    EslHeaders in = r.headers();
    EslHeaders.Builder b = EslHeaders.builder();
    String subclass = in.get("Event-Subclass");
    boolean custom = name.equalsIgnoreCase("CUSTOM") && subclass != null;
    if (custom) {
      b.add("Event-Subclass", subclass);
    }
    b.add("Command", r.line());
    for (int i = 0; i < in.size(); i++) {
      if (custom && in.name(i).equalsIgnoreCase("Event-Subclass")) {
        continue;
      }
      b.add(in.name(i), in.value(i));
    }
    b.add("Event-UUID", eventUuid);
    box.events().addCore(b, name.isEmpty() ? "CUSTOM" : name.toUpperCase(java.util.Locale.ROOT), Src.SENDEVENT);
    EslEvent event = new EslEvent(b.build(), r.bodyAsString());
    box.recordSentEvent(event);
    l.reply("+OK " + eventUuid);
    String target = in.get("unique-id");
    FakeChannel ch = target == null ? null : box.channel(target);
    if (ch != null) {
      box.sendmsg().queuedEvent(ch, event);
      return;
    }
    box.router().fire(event);
  }

  private static String[] split(String commandLine) {
    String t = commandLine.trim();
    int sp = t.indexOf(' ');
    return sp < 0 ? new String[] {t, null} : new String[] {t.substring(0, sp), t.substring(sp + 1)};
  }
}
