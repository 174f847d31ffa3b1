package io.callpark.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code originate <dialstring> <exten>|&<app>(<args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>]}
 * (fact 41: {@code +OK <uuid>}). {@code loopback/<ext>[/<ctx>]} makes the loopback pair of the captures and
 * returns the -a leg, which runs the application (or extension) once the -b leg answered; any other target
 * is an outbound leg decided by the {@link SimEndpoint}: answered → it runs the application or extension;
 * rejected → {@code -ERR <cause>}. {@code {origination_caller_id_name=..,origination_caller_id_number=..,
 * origination_uuid=..}} and other variables are honoured. The reply comes at once even when the endpoint
 * answers later (FreeSWITCH would wait for the answer).
 *
 * <p>Runs on the box's context.
 */
final class OriginateCommand implements ApiCommands.Command {
  private final SimBox box;

  OriginateCommand(SimBox box) {
    this.box = box;
  }

  @Override
  public ApiCommands.Result run(String args, Listener caller) {
    String t = args.trim();
    if (t.isEmpty()) {
      return ApiCommands.Result.of("-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n");
    }
    Map<String, String> vars = new LinkedHashMap<>();
    String rest = t;
    if (rest.startsWith("{")) {
      int end = rest.indexOf('}');
      if (end > 0) {
        BridgeCall.parseDialString(rest.substring(0, end + 1) + "x", vars);
        rest = rest.substring(end + 1);
      }
    }
    String[] w = rest.trim().split(" +");
    String target = w[0];
    String what = w.length > 1 ? w[1] : "&park()";
    String context = w.length > 3 ? w[3] : "default";
    String app = null;
    String appData = "";
    if (what.startsWith("&")) {
      int open = what.indexOf('(');
      int close = what.lastIndexOf(')');
      app = open < 0 ? what.substring(1) : what.substring(1, open);
      appData = open < 0 || close < open ? "" : what.substring(open + 1, close);
      if (w.length > 2 && close < 0) {
        appData = rest.substring(rest.indexOf(what) + what.length()).trim();
      }
    }
    if (target.startsWith("error/")) {
      return ApiCommands.Result.of("-ERR " + target.substring(6) + "\n");
    }
    if (target.startsWith("loopback/")) {
      return loopback(target, vars, app, appData, what);
    }
    SimEndpoint.Outcome o = box.config().endpoint.dial(target);
    if (o instanceof SimEndpoint.Reject r) {
      return ApiCommands.Result.of("-ERR " + r.cause() + "\n");
    }
    String uuid = vars.computeIfAbsent("origination_uuid", k -> java.util.UUID.randomUUID().toString());
    String fApp = app;
    String fData = appData;
    long delay = o instanceof SimEndpoint.Answer a ? a.delay().toMillis() : 0;
    return new ApiCommands.Result("+OK " + uuid + "\n", () -> {
      FakeChannel leg = box.channelFactory().outboundLeg(target, null, vars);
      Runnable onAnswer = () -> {
        if (!leg.up()) {
          return;
        }
        leg.answer();
        leg.enterState(ChannelState.CS_EXECUTE);
        if (fApp != null) {
          DialplanRunner.startApp(box, leg, fApp, fData);
        } else {
          leg.profile.destination = what;
          leg.profile.context = context;
          DialplanRunner.start(box, leg);
        }
      };
      if (delay > 0) {
        box.vertx().setTimer(delay, id -> onAnswer.run());
      } else {
        onAnswer.run();
      }
    });
  }

  private ApiCommands.Result loopback(String target, Map<String, String> vars, String app, String appData,
      String what) {
    String[] parts = target.split("/");
    String ext = parts.length > 1 ? parts[1] : "";
    String ctx = parts.length > 2 ? parts[2] : "default";
    CallSpec.Builder spec = CallSpec.builder(ext).context(ctx).loopback()
        .from(vars.getOrDefault("origination_caller_id_name", "FreeSWITCH"),
            vars.getOrDefault("origination_caller_id_number", "0000000000"));
    for (Map.Entry<String, String> e : vars.entrySet()) {
      if (!e.getKey().startsWith("origination_caller_id") && !e.getKey().equals("origination_uuid")) {
        spec.variable(e.getKey(), e.getValue());
      }
    }
    String aUuid = vars.getOrDefault("origination_uuid", java.util.UUID.randomUUID().toString());
    CallSpec built = spec.build();
    return new ApiCommands.Result("+OK " + aUuid + "\n",
        () -> box.channelFactory().loopbackPair(built, aUuid, app, app == null ? what : appData));
  }
}
