package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One simulated call leg: identity, state ({@code CS_*}, call state, answer state), caller profile,
 * variables in FreeSWITCH's order (setting a variable moves it to the end, as {@code switch_channel_set_variable}
 * does), the running applications (a stack: {@code socket}, then whatever a controller nests inside it),
 * the queue of commands held back by {@code event-lock}, the bridged peer and the outbound-socket
 * connections attached to it.
 *
 * <p>Behaviour that spans channels lives elsewhere: {@link HangupSequence}, {@link Transfers},
 * {@link Bridging}, {@link AppEngine}.
 *
 * <p>Not thread-safe: confined to the box's context. Tests see it through {@link ChannelSnapshot}.
 */
final class FakeChannel {
  final SimBox box;
  final String uuid;
  final boolean sip;
  final CallerProfile profile = new CallerProfile();
  final LinkedHashMap<String, String> vars = new LinkedHashMap<>();

  String name;
  String direction;
  ChannelState state = ChannelState.CS_NEW;
  int stateNumber;
  String callState = "DOWN";
  String answerState = "ringing";
  boolean hitDialplan;
  String presenceId;
  String codec;
  int codecBitRate;

  long createdMicros;
  long answeredMicros;
  long progressMicros;
  long progressMediaMicros;
  long hangupMicros;
  long transferMicros;
  /** Transfers so far: a dialplan loop ends at {@link Transfers#MAX_TRANSFERS}. */
  int transfers;
  long bridgedMicros;

  boolean hungUp;
  boolean destroyed;
  String hangupCause;
  /** An INVITE from another box (a cross-box fetch leg), not a phone: see {@link Bridging#uuidBridge}. */
  boolean fromPeerBox;

  FakeChannel bridgedTo;
  String otherType;
  FakeChannel loopbackPeer;

  final Deque<AppCall> apps = new ArrayDeque<>();
  final Deque<Runnable> lockedQueue = new ArrayDeque<>();
  SocketApp socketApp;
  final List<OutboundConnection> controllers = new ArrayList<>();
  int dialplanGeneration;
  String lastAppResponse = "_none_";
  String lastApp;
  String lastArg;
  final StringBuilder digitsDialed = new StringBuilder();
  final List<Consumer<String>> dtmfListeners = new ArrayList<>();
  final List<Runnable> destroyListeners = new ArrayList<>();
  final List<Runnable> answerListeners = new ArrayList<>();
  /** Immutable copy of {@link #vars} for snapshots; null when a variable changed since. */
  private Map<String, String> varsView;

  FakeChannel(SimBox box, String uuid, boolean sip) {
    this.box = box;
    this.uuid = uuid;
    this.sip = sip;
    this.codec = sip ? "PCMU" : "L16";
    this.codecBitRate = sip ? 64000 : 128000;
  }

  String var(String name) {
    return vars.get(name);
  }

  /**
   * Sets (or, with null, removes) a variable; a set moves it to the end, as FreeSWITCH's event order shows.
   * Not published by itself: the next event (or an explicit {@link SimBox#publish}) publishes it.
   */
  void setVar(String name, String value) {
    vars.remove(name);
    if (value != null) {
      vars.put(name, value);
    }
    varsView = null;
  }

  void setState(ChannelState s) {
    state = s;
    stateNumber = s.number;
  }

  /** Sets the running state and fires CHANNEL_STATE, as switch_channel_perform_set_running_state. */
  void enterState(ChannelState s) {
    setState(s);
    fire("CHANNEL_STATE", Src.STATE, false);
  }

  /** Sets the call state and fires CHANNEL_CALLSTATE (inbound listeners only: not in the myevents set). */
  void enterCallState(String cs) {
    String original = callState;
    callState = cs;
    EslEvent e = box.events().channelEvent(this, "CHANNEL_CALLSTATE", Src.CALLSTATE, false,
        new String[] {"Original-Channel-Call-State", original, "Channel-Call-State-Number", callStateNumber(cs)},
        new String[0]);
    box.router().fire(e);
    box.publish(this);
  }

  private static String callStateNumber(String cs) {
    switch (cs) {
      case "DOWN": return "0";
      case "DIALING": return "1";
      case "RINGING": return "2";
      case "EARLY": return "3";
      case "ACTIVE": return "4";
      case "HELD": return "5";
      case "HANGUP": return "7";
      default: return "0";
    }
  }

  /** Fires a channel event with the caller profile and, when {@code withVars}, the variables. */
  void fire(String event, Src src, boolean withVars, String... post) {
    box.router().fire(box.events().channelEvent(this, event, src, withVars, new String[0], post));
    box.publish(this);
  }

  boolean up() {
    return !hungUp && !destroyed;
  }

  boolean answered() {
    return answeredMicros != 0;
  }

  /** Answers (once): CHANNEL_ANSWER, then the call state becomes ACTIVE. A loopback leg answers its peer too. */
  void answer() {
    if (answered() || !up()) {
      return;
    }
    answeredMicros = box.clock().nowMicros();
    answerState = "answered";
    if (loopbackPeer != null && loopbackPeer.up() && !loopbackPeer.answered()) {
      loopbackPeer.answeredMicros = answeredMicros;
      loopbackPeer.answerState = "answered";
      loopbackPeer.fire("CHANNEL_ANSWER", Src.ANSWER, true);
      loopbackPeer.enterCallState("ACTIVE");
    }
    fire("CHANNEL_ANSWER", Src.ANSWER, true);
    setVar("endpoint_disposition", "ANSWER");
    enterCallState("ACTIVE");
    for (Runnable r : List.copyOf(answerListeners)) {
      box.runOnContext(r);
    }
    answerListeners.clear();
  }

  /** Early media: CHANNEL_PROGRESS_MEDIA, answer state {@code early}. */
  void preAnswer() {
    if (answered() || progressMediaMicros != 0 || !up()) {
      return;
    }
    progressMediaMicros = box.clock().nowMicros();
    answerState = "early";
    fire("CHANNEL_PROGRESS_MEDIA", Src.PROGRESS_MEDIA, true);
    enterCallState("EARLY");
  }

  /**
   * DTMF arriving on this channel (the caller pressed keys, or uuid_recv_dtmf): one DTMF event per digit
   * (outbound_esl_session: {@code DTMF-Digit}, {@code DTMF-Duration: 2000}, {@code DTMF-Source}), then the
   * digit goes to whatever collects digits (play_and_get_digits, read).
   */
  void receiveDtmf(String digits, String source) {
    for (char c : digits.toCharArray()) {
      if (!up()) {
        return;
      }
      if (!isDtmf(c)) {
        continue;
      }
      fire("DTMF", Src.DTMF, false, "DTMF-Digit", String.valueOf(c), "DTMF-Duration", "2000", "DTMF-Source", source);
      digitsDialed.append(c);
      for (Consumer<String> l : List.copyOf(dtmfListeners)) {
        l.accept(String.valueOf(c));
      }
    }
  }

  static boolean isDtmf(char c) {
    return (c >= '0' && c <= '9') || c == '*' || c == '#' || (c >= 'A' && c <= 'D') || (c >= 'a' && c <= 'd');
  }

  /** The application on top of the stack, or null. */
  AppCall topApp() {
    return apps.peekLast();
  }

  boolean eventLocked() {
    for (AppCall a : apps) {
      if (a.eventLock && !a.finished()) {
        return true;
      }
    }
    return false;
  }

  ChannelSnapshot snapshot() {
    AppCall top = topApp();
    List<Long> conns = new ArrayList<>();
    for (OutboundConnection c : controllers) {
      if (c.isOpen()) {
        conns.add(c.id);
      }
    }
    return new ChannelSnapshot(uuid, name, state.name(), callState, answerState, direction,
        profile.callerIdName, profile.callerIdNumber, profile.destination, profile.context,
        varsView(), bridgedTo == null ? null : bridgedTo.uuid,
        top == null ? null : top.app, top == null ? null : top.data, hangupCause,
        socketApp != null && socketApp.holding(), List.copyOf(conns), hungUp || destroyed);
  }

  private Map<String, String> varsView() {
    if (varsView == null) {
      varsView = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }
    return varsView;
  }

  @Override
  public String toString() {
    return "FakeChannel{" + name + " " + uuid + " " + state + "}";
  }
}
