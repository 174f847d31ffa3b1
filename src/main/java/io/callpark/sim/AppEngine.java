package io.callpark.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs applications on channels the way switch_core_session_exec does: sets
 * {@code current_application(_data)}, fires CHANNEL_EXECUTE, runs the application, fires
 * CHANNEL_EXECUTE_COMPLETE with {@code Application-Response} and the same {@code Application-UUID}.
 *
 * <p>Applications a controller sends while another runs are nested inside it at once (fact 50), unless a
 * running one holds {@code event-lock}: then they wait in the channel's queue until it ends. An unknown
 * application is not executed; the call is hung up DESTINATION_OUT_OF_ORDER (fact 14).
 *
 * <p>Not thread-safe: runs on the box's context.
 */
final class AppEngine {
  private static final Logger log = LoggerFactory.getLogger(AppEngine.class);

  private final SimBox box;
  private final Map<String, SimApp> apps = new HashMap<>();

  AppEngine(SimBox box) {
    this.box = box;
    BasicApps.register(this, box);
    MediaApps.register(this, box);
    apps.put("socket", call -> new SocketApp(call).start());
    apps.put("bridge", call -> box.bridging().bridgeApp(call));
    apps.put("uuid_bridge", call -> box.bridging().bridgeToUuidApp(call));
    apps.put("intercept", call -> box.bridging().bridgeToUuidApp(call));
  }

  void register(String name, SimApp app) {
    apps.put(name.toLowerCase(Locale.ROOT), app);
  }

  boolean exists(String name) {
    return apps.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** Runs {@code app} now; {@code done} gets the Application-Response and what the dialplan should do next. */
  void execute(FakeChannel ch, String app, String data, String appUuid, boolean eventLock,
      String[] loopVars, BiConsumer<String, AppCall.Next> done) {
    SimApp impl = apps.get(app.toLowerCase(Locale.ROOT));
    if (!ch.up()) {
      done.accept("_none_", AppCall.Next.STOP);
      return;
    }
    if (impl == null) {
      if (loopVars != null) {
        // switch_ivr_parse_event sets the loop variables before it looks the application up (outbound_session)
        ch.setVar("current_loop", loopVars[0]);
        ch.setVar("total_loops", loopVars[1]);
      }
      log.info("{} Invalid Application {}", ch.name, app);
      box.router().log(3, "switch_core_session.c", "switch_core_session_execute_application_get_flags", 2814,
          ch.uuid, "Invalid Application " + app);
      box.hangups().hangup(ch, "DESTINATION_OUT_OF_ORDER", AppCall.Interrupt.HANGUP, () -> {
        ch.setVar("current_loop", null);
        ch.setVar("total_loops", null);
      });
      done.accept("_none_", AppCall.Next.STOP);
      return;
    }
    String d = data == null ? "" : data;
    String uuid = appUuid == null ? UUID.randomUUID().toString() : appUuid;
    ch.lastApp = app;
    ch.lastArg = d;
    ch.setVar("current_application_data", null);
    if (loopVars != null) {
      ch.setVar("current_loop", loopVars[0]);
      ch.setVar("total_loops", loopVars[1]);
    }
    if (!d.isEmpty()) {
      ch.setVar("current_application_data", d);
    }
    ch.setVar("current_application", app);
    AppCall call = new AppCall(ch, app, d, uuid, eventLock);
    ch.apps.addLast(call);
    ch.fire("CHANNEL_EXECUTE", Src.EXECUTE, true, "Application", app, "Application-Data", d.isEmpty() ? null : d,
        "Application-UUID", uuid);
    call.completion((response, next) -> {
      ch.apps.remove(call);
      ch.lastAppResponse = response;
      ch.fire("CHANNEL_EXECUTE_COMPLETE", Src.EXECUTE_COMPLETE, true, "Application", app,
          "Application-Data", d.isEmpty() ? null : d, "Application-Response", response, "Application-UUID", uuid);
      done.accept(response, next);
      afterAppFinished(ch);
    });
    impl.start(call);
  }

  /**
   * {@code sendmsg execute}: run at once (nested) unless a running app holds event-lock; {@code loops}
   * repeats it, with {@code current_loop}/{@code total_loops} set as FreeSWITCH does.
   */
  void submit(FakeChannel ch, String app, String data, String appUuid, boolean eventLock, int loops) {
    Runnable run = () -> runLoop(ch, app, data, appUuid, eventLock, 1, Math.max(1, loops));
    if (ch.eventLocked()) {
      ch.lockedQueue.addLast(run);
    } else {
      run.run();
    }
  }

  private void runLoop(FakeChannel ch, String app, String data, String appUuid, boolean lock, int i, int n) {
    execute(ch, app, data, appUuid, lock, new String[] {Integer.toString(i), Integer.toString(n)}, (r, next) -> {
      if (i < n && ch.up()) {
        runLoop(ch, app, data, appUuid, lock, i + 1, n);
      } else if (!ch.destroyed) {
        // switch_ivr_parse_event clears the loop variables once the message is done (outbound_esl_session)
        ch.setVar("current_loop", null);
        ch.setVar("total_loops", null);
      }
    });
  }

  private void afterAppFinished(FakeChannel ch) {
    while (!ch.lockedQueue.isEmpty() && !ch.eventLocked() && ch.up()) {
      ch.lockedQueue.pollFirst().run();
    }
    if (!ch.up()) {
      ch.lockedQueue.clear();
    }
    if (ch.socketApp != null) {
      ch.socketApp.appFinished();
    }
  }

  /** {@code uuid_break}: the innermost breakable application, or with {@code all} every one. */
  void breakApps(FakeChannel ch, boolean all) {
    List<AppCall> stack = new ArrayList<>(ch.apps);
    for (int i = stack.size() - 1; i >= 0; i--) {
      AppCall a = stack.get(i);
      if (a.breakable()) {
        a.breakIt();
        if (!all) {
          return;
        }
      }
    }
  }

  /** Ends every running application from the innermost out, e.g. for hangup, transfer or bridge. */
  void interruptAll(FakeChannel ch, AppCall.Interrupt why) {
    List<AppCall> stack = new ArrayList<>(ch.apps);
    for (int i = stack.size() - 1; i >= 0; i--) {
      stack.get(i).interrupt(why);
    }
  }

  /** Ends the applications nested above the socket application (resume, uuid_bridge of a held call). */
  void interruptAbove(FakeChannel ch, AppCall base, AppCall.Interrupt why) {
    List<AppCall> stack = new ArrayList<>(ch.apps);
    for (int i = stack.size() - 1; i >= 0; i--) {
      if (stack.get(i) == base) {
        return;
      }
      stack.get(i).interrupt(why);
    }
  }
}
