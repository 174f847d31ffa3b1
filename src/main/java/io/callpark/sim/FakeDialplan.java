package io.callpark.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny XML-dialplan stand-in: per context, an extension (exact number or {@code ^regex$} with
 * {@code $1}-style captures in the action data) maps to a list of actions run in order, as
 * conf-min-freeswitch.xml's {@code default} context does. The first matching extension wins; when its
 * actions are done the call is hung up (NORMAL_CLEARING); no match hangs up NO_ROUTE_DESTINATION.
 *
 * <pre>{@code
 * dialplan.extension("5000", "socket 127.0.0.1:8084 async full");
 * dialplan.extension("5002", "set socket_resume=true", "socket 127.0.0.1:8084 async full",
 *     "log INFO RESUMED_AFTER_SOCKET", "playback tone_stream://%(200,0,800)", "park");
 * dialplan.extension("^(60\\d\\d)$", "answer", "log INFO slot $1");
 * }</pre>
 *
 * <p>Thread-safe: tests may add extensions while the box runs (copy-on-write).
 */
public final class FakeDialplan {
  /** One {@code <action application="..." data="..."/>}. */
  public record Action(String app, String data) {
    public Action {
      Objects.requireNonNull(app);
      data = data == null ? "" : data;
    }

    /** {@code "socket 127.0.0.1:8084 async full"} → app {@code socket}, data the rest. */
    public static Action parse(String line) {
      String t = line.trim();
      int sp = t.indexOf(' ');
      return sp < 0 ? new Action(t, "") : new Action(t.substring(0, sp), t.substring(sp + 1).trim());
    }

    @Override
    public String toString() {
      return data.isEmpty() ? app : app + " " + data;
    }
  }

  private record Extension(String context, String number, Pattern pattern, List<Action> actions) {}

  private final CopyOnWriteArrayList<Extension> extensions = new CopyOnWriteArrayList<>();

  /**
   * The dialplan of the captures (Section A table) with its controller at {@code controller}
   * ("127.0.0.1:8084"): 5000, 5001 (dead 127.0.0.1:1 first), 5002 (socket_resume), 5003, 9999.
   */
  public static FakeDialplan likeTheCaptures(String controller) {
    FakeDialplan d = new FakeDialplan();
    d.extension("5000", "socket " + controller + " async full");
    d.extension("5001", "socket 127.0.0.1:1|" + controller + " async full");
    d.extension("5002", "set socket_resume=true", "socket " + controller + " async full",
        "log INFO RESUMED_AFTER_SOCKET", "playback tone_stream://%(200,0,800)", "park");
    d.extension("5003", "socket " + controller + " async full", "log INFO AFTER_SOCKET", "park");
    d.extension("9999", "answer", "playback local_stream://default");
    return d;
  }

  /** Adds an extension to context {@code default}; {@code number} starting with {@code ^} is a regex. */
  public FakeDialplan extension(String number, String... actions) {
    return extension("default", number, parse(actions));
  }

  public FakeDialplan extension(String context, String number, List<Action> actions) {
    Pattern p = number.startsWith("^") ? Pattern.compile(number) : null;
    extensions.add(new Extension(context, number, p, List.copyOf(actions)));
    return this;
  }

  /** Removes every extension of {@code context} matching {@code number} exactly as it was added. */
  public FakeDialplan remove(String context, String number) {
    extensions.removeIf(e -> e.context.equals(context) && e.number.equals(number));
    return this;
  }

  /** The actions for {@code destination} in {@code context}, regex captures substituted. */
  public Optional<List<Action>> lookup(String context, String destination) {
    for (Extension e : extensions) {
      if (!e.context.equals(context)) {
        continue;
      }
      if (e.pattern == null) {
        if (e.number.equals(destination)) {
          return Optional.of(e.actions);
        }
        continue;
      }
      Matcher m = e.pattern.matcher(destination);
      if (m.matches()) {
        List<Action> out = new ArrayList<>(e.actions.size());
        for (Action a : e.actions) {
          out.add(new Action(a.app(), substitute(a.data(), m)));
        }
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  private static String substitute(String data, Matcher m) {
    String out = data;
    for (int g = m.groupCount(); g >= 1; g--) {
      out = out.replace("$" + g, m.group(g) == null ? "" : m.group(g));
    }
    return out;
  }

  private static List<Action> parse(String... actions) {
    List<Action> out = new ArrayList<>(actions.length);
    for (String a : actions) {
      out.add(Action.parse(a));
    }
    return out;
  }
}
