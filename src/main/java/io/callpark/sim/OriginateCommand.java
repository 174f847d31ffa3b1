package io.callpark.sim;

import io.vertx.core.Promise;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@code originate <dialstring> <exten>|&<app>(<args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>]
 * [<timeout_sec>]} (fact 41: {@code +OK <uuid>}). Like FreeSWITCH it answers only once the call was answered
 * (the api/response, or for bgapi the BACKGROUND_JOB, comes then; the connection's later commands wait, as
 * on the real listener thread), or with {@code -ERR <cause>} when the far end rejects it or does not answer
 * within the timeout ({@code originate_timeout}, {@code call_timeout} or the last argument; default 60 s:
 * {@code -ERR NO_ANSWER}).
 *
 * <p>{@code loopback/<ext>[/<ctx>]} makes the loopback pair of the captures and returns the -a leg, which runs
 * the application (or extension) once the -b leg answered; any other target is an outbound leg the
 * {@link SimEndpoint} answers, rejects or hands to another box. Variables in {@code {...}} are set on the new
 * leg ({@code origination_caller_id_name/number}, {@code origination_uuid} honoured).
 *
 * <p>Runs on the box's context.
 */
final class OriginateCommand implements ApiCommands.Command {
  private static final String USAGE = "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] "
      + "[<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n";

  private final SimBox box;

  OriginateCommand(SimBox box) {
    this.box = box;
  }

  /** The parsed command line. */
  private record Request(String target, Map<String, String> vars, String app, String appData, String extension,
      String context, long timeoutMs) {}

  @Override
  public ApiCommands.Result run(String args, Listener caller) {
    Request r = parse(args.trim());
    if (r == null) {
      return ApiCommands.Result.of(USAGE);
    }
    if (r.target.startsWith("error/")) {
      return ApiCommands.Result.of("-ERR " + r.target.substring(6) + "\n");
    }
    String uuid = r.vars.computeIfAbsent("origination_uuid", k -> UUID.randomUUID().toString());
    Promise<String> reply = Promise.promise();
    Runnable start = r.target.startsWith("loopback/") ? () -> loopback(r, uuid, reply) : () -> endpoint(r, reply);
    return ApiCommands.Result.later(start, reply.future());
  }

  private void loopback(Request r, String uuid, Promise<String> reply) {
    String[] parts = r.target.split("/");
    CallSpec.Builder spec = CallSpec.builder(parts.length > 1 ? parts[1] : "")
        .context(parts.length > 2 ? parts[2] : "default").loopback()
        .from(r.vars.getOrDefault("origination_caller_id_name", "FreeSWITCH"),
            r.vars.getOrDefault("origination_caller_id_number", "0000000000"));
    for (Map.Entry<String, String> e : r.vars.entrySet()) {
      if (!e.getKey().startsWith("origination_caller_id") && !e.getKey().equals("origination_uuid")) {
        spec.variable(e.getKey(), e.getValue());
      }
    }
    ChannelFactory f = box.channelFactory();
    Consumer<FakeChannel> then = r.app == null ? f.thenExtension(r.extension) : f.thenRun(r.app, r.appData);
    FakeChannel a = f.loopbackPair(spec.build(), uuid, leg -> {
      reply.tryComplete("+OK " + leg.uuid + "\n");
      then.accept(leg);
    })[0];
    awaitAnswer(a, r.timeoutMs, reply);
  }

  private void endpoint(Request r, Promise<String> reply) {
    SimEndpoint.Outcome o = box.config().endpoint.dial(r.target);
    FakeChannel leg = box.channelFactory().outboundLeg(r.target, null, r.vars);
    if (r.vars.containsKey("origination_caller_id_name")) {
      leg.profile.callerIdName = r.vars.get("origination_caller_id_name");
    }
    if (o instanceof SimEndpoint.Reject rej) {
      box.hangups().hangup(leg, rej.cause(), AppCall.Interrupt.HANGUP);
      reply.tryComplete("-ERR " + rej.cause() + "\n");
      return;
    }
    Runnable answered = () -> {
      if (!leg.up() || reply.future().isComplete()) {
        return;
      }
      leg.answer();
      reply.tryComplete("+OK " + leg.uuid + "\n");
      leg.enterState(ChannelState.CS_EXECUTE);
      if (r.app != null) {
        DialplanRunner.startApp(box, leg, r.app, r.appData);
      } else {
        leg.profile.destination = r.extension;
        leg.profile.context = r.context;
        DialplanRunner.start(box, leg);
      }
    };
    if (o instanceof SimEndpoint.Answer ans) {
      long ms = ans.delay().toMillis();
      if (ms <= 0) {
        answered.run();
      } else {
        long timer = box.vertx().setTimer(ms, id -> answered.run());
        leg.destroyListeners.add(() -> box.vertx().cancelTimer(timer));
      }
    } else if (o instanceof SimEndpoint.Remote remote) {
      RemoteLeg.connect(box, leg, remote, answered);
    }
    awaitAnswer(leg, r.timeoutMs, reply);
  }

  /** NO_ANSWER after the timeout; the leg's own hangup before answer is reported with its cause. */
  private void awaitAnswer(FakeChannel leg, long timeoutMs, Promise<String> reply) {
    if (leg.destroyed) { // a loopback -b leg whose dialplan hung up at once took the -a leg with it already
      reply.tryComplete("-ERR " + (leg.hangupCause == null ? "NORMAL_CLEARING" : leg.hangupCause) + "\n");
      return;
    }
    long timer = box.vertx().setTimer(Math.max(1, timeoutMs), id -> {
      if (!reply.future().isComplete()) {
        reply.tryComplete("-ERR NO_ANSWER\n");
        box.hangups().hangup(leg, "NO_ANSWER", AppCall.Interrupt.HANGUP);
      }
    });
    reply.future().onComplete(x -> box.vertx().cancelTimer(timer));
    leg.destroyListeners.add(() -> reply.tryComplete("-ERR " + (leg.hangupCause == null ? "NORMAL_CLEARING"
        : leg.hangupCause) + "\n"));
  }

  private static Request parse(String t) {
    if (t.isEmpty()) {
      return null;
    }
    Map<String, String> vars = new LinkedHashMap<>();
    String rest = t;
    if (rest.startsWith("{")) {
      int end = rest.indexOf('}');
      if (end < 0) {
        return null;
      }
      BridgeCall.parseDialString(rest.substring(0, end + 1) + "x", vars);
      rest = rest.substring(end + 1);
    }
    rest = rest.trim();
    int sp = rest.indexOf(' ');
    String target = sp < 0 ? rest : rest.substring(0, sp);
    rest = sp < 0 ? "" : rest.substring(sp + 1).trim();
    String app = null;
    String appData = "";
    String extension = null;
    if (rest.isEmpty()) {
      return null;
    }
    if (rest.startsWith("&")) {
      int open = rest.indexOf('(');
      int close = open < 0 ? -1 : rest.indexOf(')', open);
      int nameEnd = open < 0 ? (rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')) : open;
      app = rest.substring(1, nameEnd);
      appData = open < 0 || close < 0 ? "" : rest.substring(open + 1, close);
      int after = close >= 0 ? close + 1 : nameEnd;
      rest = rest.substring(Math.min(after, rest.length())).trim();
    } else {
      sp = rest.indexOf(' ');
      extension = sp < 0 ? rest : rest.substring(0, sp);
      rest = sp < 0 ? "" : rest.substring(sp + 1).trim();
    }
    String[] w = rest.isEmpty() ? new String[0] : rest.split(" +");
    String context = w.length > 1 ? w[1] : "default";
    long timeoutSec = w.length > 4 ? BasicApps.parseLong(w[4], 60) : 60;
    String tv = vars.getOrDefault("originate_timeout", vars.get("call_timeout"));
    if (tv != null) {
      timeoutSec = BasicApps.parseLong(tv, timeoutSec);
    }
    return new Request(target, vars, app, appData, extension, context, timeoutSec * 1000);
  }
}
