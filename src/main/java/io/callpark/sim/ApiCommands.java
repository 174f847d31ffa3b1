package io.callpark.sim;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The api command table: the built-ins (see {@link CoreApi}, {@link ChannelApi}, {@link ShowChannels},
 * {@link OriginateCommand}) plus handlers tests registered with {@link FakeFreeSwitch#registerApi}, which
 * win over built-ins. An unknown command gets switch_api_execute's {@code -ERR <cmd> Command not found!}.
 *
 * <p>{@link #execute} runs on the box's context; the custom-handler map is thread-safe.
 */
final class ApiCommands {
  /**
   * The api/response body and what the command does after the response was written — or, for a command
   * that answers later (originate waits for the answer), what it starts at once and the body to come.
   */
  record Result(String body, Runnable effects, Future<String> later) {
    static final Runnable NONE = () -> {};

    Result(String body, Runnable effects) {
      this(body, effects, null);
    }

    static Result of(String body) {
      return new Result(body, NONE, null);
    }

    /** {@code start} runs at once; the response is written when {@code body} completes. */
    static Result later(Runnable start, Future<String> body) {
      return new Result(null, start, body);
    }

    /** The body, sync or not, after the effects ran (for bgapi and {@link FakeFreeSwitch#api}). */
    Future<String> runForBody() {
      effects.run();
      return later != null ? later : Future.succeededFuture(body);
    }
  }

  /** A built-in command; {@code caller} is the connection that sent it (null for bgapi-less internal use). */
  @FunctionalInterface
  interface Command {
    Result run(String args, Listener caller);
  }

  private final Map<String, Command> builtIns = new HashMap<>();
  private final Map<String, ApiHandler> custom = new ConcurrentHashMap<>();

  ApiCommands(SimBox box) {
    CoreApi.register(this, box);
    ChannelApi.register(this, box);
    ShowChannels.register(this, box);
    builtIns.put("originate", new OriginateCommand(box));
  }

  void register(String name, Command command) {
    builtIns.put(name.toLowerCase(Locale.ROOT), command);
  }

  void registerCustom(String name, ApiHandler handler) {
    custom.put(name.toLowerCase(Locale.ROOT), handler);
  }

  Result execute(String commandLine, Listener caller) {
    String t = commandLine.trim();
    int sp = t.indexOf(' ');
    String cmd = sp < 0 ? t : t.substring(0, sp);
    String args = sp < 0 ? "" : t.substring(sp + 1).trim();
    String key = cmd.toLowerCase(Locale.ROOT);
    ApiHandler h = custom.get(key);
    if (h != null) {
      String out = h.execute(args);
      return Result.of(out == null ? "" : out);
    }
    Command c = builtIns.get(key);
    if (c == null) {
      return Result.of("-ERR " + cmd + " Command not found!\n");
    }
    return c.run(args, caller);
  }
}
