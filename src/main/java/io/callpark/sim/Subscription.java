package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which events one listener receives, with mod_event_socket's rules (event_handler, parse_command):
 * {@code event} adds names ({@code ALL}, names, and after {@code CUSTOM} only subclasses, fact 5);
 * {@code nixevent} removes; {@code noevents} clears; {@code filter} narrows: with filters present an event
 * passes only if one filter header matches (a value starting with {@code -} excludes, {@code /re/} is a
 * regex); {@code myevents} limits to one channel's uuid and a fixed set of channel events.
 *
 * <p>Not thread-safe: owned by its {@link Listener}, on the box's context.
 */
final class Subscription {
  /** switch_event.c's names; words outside this list are ignored, as switch_name_event rejects them. */
  static final Set<String> KNOWN = Set.of("CUSTOM", "CLONE", "CHANNEL_CREATE", "CHANNEL_DESTROY", "CHANNEL_STATE",
      "CHANNEL_CALLSTATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_EXECUTE",
      "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HOLD", "CHANNEL_UNHOLD", "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE",
      "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_OUTGOING", "CHANNEL_PARK", "CHANNEL_UNPARK",
      "CHANNEL_APPLICATION", "CHANNEL_ORIGINATE", "CHANNEL_UUID", "API", "LOG", "INBOUND_CHAN", "OUTBOUND_CHAN",
      "STARTUP", "SHUTDOWN", "PUBLISH", "UNPUBLISH", "TALK", "NOTALK", "SESSION_CRASH", "MODULE_LOAD",
      "MODULE_UNLOAD", "DTMF", "MESSAGE", "PRESENCE_IN", "NOTIFY_IN", "PRESENCE_OUT", "PRESENCE_PROBE",
      "MESSAGE_WAITING", "MESSAGE_QUERY", "ROSTER", "CODEC", "BACKGROUND_JOB", "DETECTED_SPEECH", "DETECTED_TONE",
      "PRIVATE_COMMAND", "HEARTBEAT", "TRAP", "ADD_SCHEDULE", "DEL_SCHEDULE", "EXE_SCHEDULE", "RE_SCHEDULE",
      "RELOADXML", "NOTIFY", "PHONE_FEATURE", "PHONE_FEATURE_SUBSCRIBE", "SEND_MESSAGE", "RECV_MESSAGE",
      "REQUEST_PARAMS", "CHANNEL_DATA", "GENERAL", "COMMAND", "SESSION_HEARTBEAT", "CLIENT_DISCONNECTED",
      "SERVER_DISCONNECTED", "SEND_INFO", "RECV_INFO", "RECV_RTCP_MESSAGE", "SEND_RTCP_MESSAGE", "CALL_SECURE",
      "NAT", "RECORD_START", "RECORD_STOP", "PLAYBACK_START", "PLAYBACK_STOP", "CALL_UPDATE", "FAILURE",
      "SOCKET_DATA", "MEDIA_BUG_START", "MEDIA_BUG_STOP", "CONFERENCE_DATA_QUERY", "CONFERENCE_DATA",
      "CALL_SETUP_REQ", "CALL_SETUP_RESULT", "CALL_DETAIL", "DEVICE_STATE", "TEXT", "SHUTDOWN_REQUESTED", "ALL");

  /** What {@code myevents} subscribes to (mod_event_socket.c). */
  static final Set<String> MYEVENTS = Set.of("CHANNEL_ANSWER", "CHANNEL_APPLICATION", "CHANNEL_BRIDGE",
      "CHANNEL_CREATE", "CHANNEL_DATA", "CHANNEL_DESTROY", "CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE",
      "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_ORIGINATE", "CHANNEL_UUID", "CHANNEL_OUTGOING",
      "CHANNEL_PARK", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_STATE", "CHANNEL_UNBRIDGE",
      "CHANNEL_UNPARK", "DETECTED_SPEECH", "DTMF", "NOTALK", "TALK");

  private record Filter(String header, String value) {}

  EventFormat format = EventFormat.PLAIN;
  private boolean enabled;
  private boolean all;
  private final Set<String> names = new HashSet<>();
  private final Set<String> subclasses = new HashSet<>();
  private final List<Filter> filters = new ArrayList<>();
  private String myUuid;

  boolean enabled() {
    return enabled;
  }

  boolean myEvents() {
    return myUuid != null;
  }

  /** The channel {@code myevents} tied this subscription to, or null. */
  String myUuid() {
    return myUuid;
  }

  /** {@code event [plain|json|xml] NAME... [CUSTOM sub...]} → the Reply-Text. */
  String event(String args) {
    String[] words = args.trim().isEmpty() ? new String[0] : args.trim().split(" +");
    int keys = 0;
    boolean custom = false;
    for (int i = 0; i < words.length; i++) {
      String w = words[i];
      if (i == 0 && EventFormat.of(w) != null) {
        format = EventFormat.of(w);
        continue;
      }
      if (custom) {
        subclasses.add(w);
        continue;
      }
      String n = w.toUpperCase(Locale.ROOT);
      if (!KNOWN.contains(n)) {
        continue;
      }
      keys++;
      if (n.equals("ALL")) {
        all = true;
      }
      names.add(n);
      if (n.equals("CUSTOM")) {
        custom = true;
      }
    }
    if (keys == 0) {
      return "-ERR no keywords supplied";
    }
    enabled = true;
    return "+OK event listener enabled " + format.word;
  }

  /** {@code nixevent NAME... [CUSTOM sub...]}. */
  String nixevent(String args) {
    String[] words = args.trim().isEmpty() ? new String[0] : args.trim().split(" +");
    int keys = 0;
    boolean custom = false;
    for (String w : words) {
      if (custom) {
        subclasses.remove(w);
        continue;
      }
      String n = w.toUpperCase(Locale.ROOT);
      if (!KNOWN.contains(n)) {
        continue;
      }
      keys++;
      if (n.equals("CUSTOM")) {
        custom = true;
      } else if (n.equals("ALL")) {
        all = false;
        names.clear();
      } else {
        if (all) {
          all = false;
          names.addAll(KNOWN);
          names.remove("ALL");
        }
        names.remove(n);
      }
    }
    if (keys == 0) {
      return "-ERR no keywords supplied";
    }
    enabled = true;
    return "+OK events nixed";
  }

  String noevents() {
    if (!enabled) {
      return "-ERR not listening for events";
    }
    enabled = false;
    all = false;
    names.clear();
    subclasses.clear();
    return "+OK no longer listening for events";
  }

  /** {@code filter <h> <v>}, {@code filter add <h> <v>}, {@code filter delete <h> [<v>]}, {@code filter delete all}. */
  String filter(String args) {
    String rest = args.replaceFirst("^ +", "");
    String[] hv = splitFirst(rest);
    String header = hv[0];
    String value = hv[1];
    if (header.equalsIgnoreCase("delete") && value != null) {
      String[] dv = splitFirst(value);
      header = dv[0];
      value = dv[1];
      if (header.equalsIgnoreCase("all")) {
        filters.clear();
      } else {
        String h = header;
        String v = value;
        filters.removeIf(f -> f.header.equalsIgnoreCase(h) && (v == null || f.value.equals(v)));
      }
      return "+OK filter deleted. [" + header + "][" + (value == null ? "" : value) + "]";
    }
    if (value == null) {
      return "-ERR invalid syntax";
    }
    if (header.equalsIgnoreCase("add")) {
      String[] av = splitFirst(value);
      header = av[0];
      value = av[1];
    }
    filters.add(new Filter(header, value));
    return "+OK filter added. [" + header + "]=[" + value + "]";
  }

  /** {@code myevents}: the fixed channel-event set, limited to {@code uuid}. */
  String myevents(String uuid, EventFormat fmt) {
    if (myUuid != null) {
      return "-ERR aready enabled.";
    }
    myUuid = uuid;
    names.addAll(MYEVENTS);
    enabled = true;
    if (fmt != null) {
      format = fmt;
    }
    return "+OK Events Enabled";
  }

  boolean matches(EslEvent e) {
    if (!enabled) {
      return false;
    }
    String name = e.name();
    boolean send = all;
    if (!send && name != null && names.contains(name.toUpperCase(Locale.ROOT))) {
      send = !"CUSTOM".equalsIgnoreCase(name) || e.subclass() == null || subclasses.contains(e.subclass());
    }
    if (send && !filters.isEmpty()) {
      send = passesFilters(e);
    }
    if (send && myUuid != null) {
      send = myUuid.equals(e.uniqueId());
    }
    return send;
  }

  private boolean passesFilters(EslEvent e) {
    boolean send = false;
    for (Filter f : filters) {
      String hval = e.header(f.header);
      if (hval == null || f.value == null) {
        continue;
      }
      String comp = f.value;
      boolean pos = true;
      int i = 0;
      while (i < comp.length()) {
        char c = comp.charAt(i);
        if (c == '+') {
          pos = true;
        } else if (c == '-') {
          pos = false;
        } else if (c != ' ') {
          break;
        }
        i++;
      }
      comp = comp.substring(i);
      if (send && pos) {
        continue;
      }
      boolean cmp;
      if (f.value.startsWith("/")) {
        String re = comp.startsWith("/") ? comp.substring(1) : comp;
        re = re.endsWith("/") ? re.substring(0, re.length() - 1) : re;
        cmp = Pattern.compile(re).matcher(hval).find();
      } else {
        cmp = hval.equalsIgnoreCase(comp);
      }
      if (cmp) {
        if (pos) {
          send = true;
        } else {
          return false;
        }
      }
    }
    return send;
  }

  private static String[] splitFirst(String s) {
    int sp = s.indexOf(' ');
    return sp < 0 ? new String[] {s, null} : new String[] {s.substring(0, sp), s.substring(sp + 1)};
  }
}
