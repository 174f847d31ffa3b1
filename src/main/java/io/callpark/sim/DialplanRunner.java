package io.callpark.sim;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a channel's extension from the {@link FakeDialplan}, one action after another: the next one starts
 * when the previous application returns with {@link AppCall.Next#CONTINUE}. When the actions run out the
 * call is hung up NORMAL_CLEARING; an unknown extension hangs up NO_ROUTE_DESTINATION. A transfer
 * starts a new runner and the old one stops ({@code dialplanGeneration}). {@code ${var}} in action data is
 * expanded from the channel's variables.
 *
 * <p>Not thread-safe: confined to the box's context.
 */
final class DialplanRunner {
  private static final Pattern VAR = Pattern.compile("\\$\\{([^}]+)}");

  private final SimBox box;
  private final FakeChannel ch;
  private final List<FakeDialplan.Action> actions;
  private final int generation;
  private int next;

  private DialplanRunner(SimBox box, FakeChannel ch, List<FakeDialplan.Action> actions) {
    this.box = box;
    this.ch = ch;
    this.actions = actions;
    this.generation = ch.dialplanGeneration;
  }

  static void start(SimBox box, FakeChannel ch) {
    ch.hitDialplan = true;
    Optional<List<FakeDialplan.Action>> found = box.config().dialplan.lookup(ch.profile.context, ch.profile.destination);
    if (found.isEmpty()) {
      box.router().log(4, "mod_dialplan_xml.c", "dialplan_hunt", 637, ch.uuid,
          "No route, Aborting " + ch.profile.destination);
      box.hangups().hangup(ch, "NO_ROUTE_DESTINATION", AppCall.Interrupt.HANGUP);
      return;
    }
    new DialplanRunner(box, ch, found.get()).runNext();
  }

  /** Runs a single application as the whole "dialplan" (originate's {@code &app(args)}). */
  static void startApp(SimBox box, FakeChannel ch, String app, String data) {
    new DialplanRunner(box, ch, List.of(new FakeDialplan.Action(app, data))).runNext();
  }

  private void runNext() {
    if (!ch.up() || ch.dialplanGeneration != generation) {
      return;
    }
    if (next >= actions.size()) {
      box.hangups().hangup(ch, "NORMAL_CLEARING", AppCall.Interrupt.HANGUP);
      return;
    }
    FakeDialplan.Action a = actions.get(next++);
    box.apps().execute(ch, a.app(), expand(a.data()), null, false, null, (response, then) -> {
      if (then == AppCall.Next.CONTINUE) {
        runNext();
      } else if (then == AppCall.Next.HANGUP && ch.up()) {
        box.hangups().hangup(ch, "NORMAL_CLEARING", AppCall.Interrupt.HANGUP);
      }
    });
  }

  private String expand(String data) {
    if (data.indexOf("${") < 0) {
      return data;
    }
    Matcher m = VAR.matcher(data);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = ch.var(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "" : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
