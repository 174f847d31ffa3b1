package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The box itself, behind {@link FakeFreeSwitch}: its channels and connections and the components that act
 * on them. Everything here runs on one Vert.x context (the box's verticle); the few collections tests read
 * from other threads — recorded requests, sent events, chats, channel snapshots — are concurrent and only
 * ever hold immutable values.
 *
 * <p>Confined to the box's context except where a method says it is thread-safe.
 */
final class SimBox {
  private final Vertx vertx;
  private final Context context;
  private final SimConfig config;
  private final SimPolicy policy;
  private final EventClock clock;
  private final EventFactory events;
  private final EventRouter router;
  private final AppEngine apps;
  private final HangupSequence hangups;
  private final Transfers transfers;
  private final Bridging bridging;
  private final ChannelFactory channelFactory;
  private final ApiCommands api;
  private final CommandDispatcher commands;
  private final SendMsgHandler sendmsg;
  private final NetClient netClient;
  private NetServer server;

  private final Map<String, FakeChannel> channels = new LinkedHashMap<>();
  /** Every open connection, in the order they connected. */
  private final Set<Listener> listeners = new LinkedHashSet<>();
  /** Connections whose events are not limited to one channel (no {@code myevents} yet), in connect order. */
  private final Set<Listener> untied = new LinkedHashSet<>();
  /**
   * Connections tied to one channel by {@code myevents}, by that channel's uuid: they can only ever receive
   * that channel's events, so an event is matched against its own channel's connections and the untied
   * ones instead of every connection (with 10,000 parked calls, every event fanned out 10,000 ways).
   */
  private final Map<String, List<Listener>> tied = new HashMap<>();
  /** Connections that sent {@code log <level>}. */
  private final Set<Listener> logging = new LinkedHashSet<>();
  /** {@link #untied} as an array, rebuilt after it changes (events are fired far more often). */
  private Listener[] untiedSnapshot = new Listener[0];
  private final Map<String, List<Consumer<ChannelSnapshot>>> watchers = new HashMap<>();
  private final Map<String, String> globals = new HashMap<>();
  private final long startNanos = System.nanoTime();
  private long nextConnectionId = 1;
  private long nextSessionId = 1;
  private long sessionsSinceStartup;
  private int peak;

  // Read from any thread.
  private final ConcurrentHashMap<String, ChannelSnapshot> snapshots = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ConnectionInfo> connections = new ConcurrentHashMap<>();
  private final BoundedLog<RecordedRequest> requests;
  private final LinkedBlockingQueue<RecordedRequest> requestQueue = new LinkedBlockingQueue<>();
  private final BoundedLog<EslEvent> sentEvents;
  private final BoundedLog<ChatMessage> chats;
  private final SofiaPresence sofiaPresence;
  private final AtomicLong requestSequence = new AtomicLong();
  private final java.util.Set<String> live = ConcurrentHashMap.newKeySet();

  SimBox(Vertx vertx, Context context, SimConfig config, SimPolicy policy, NetClient netClient) {
    this.vertx = vertx;
    this.context = context;
    this.config = config;
    this.policy = policy;
    this.netClient = netClient;
    this.requests = new BoundedLog<>(config.recordLimit);
    this.sentEvents = new BoundedLog<>(config.recordLimit);
    this.chats = new BoundedLog<>(config.recordLimit);
    this.sofiaPresence = new SofiaPresence(config.recordLimit);
    this.clock = new EventClock(config.clock, config.zone);
    this.events = new EventFactory(config, clock);
    this.router = new EventRouter(this, config.eventLogLimit);
    this.hangups = new HangupSequence(this);
    this.transfers = new Transfers(this);
    this.bridging = new Bridging(this);
    this.channelFactory = new ChannelFactory(this);
    this.apps = new AppEngine(this);
    this.api = new ApiCommands(this);
    this.sendmsg = new SendMsgHandler(this);
    this.commands = new CommandDispatcher(this);
  }

  Vertx vertx() {
    return vertx;
  }

  Context context() {
    return context;
  }

  /** Runs {@code r} on the box's context, later (never inline). Thread-safe. */
  void runOnContext(Runnable r) {
    context.runOnContext(v -> r.run());
  }

  SimConfig config() {
    return config;
  }

  SimPolicy policy() {
    return policy;
  }

  EventClock clock() {
    return clock;
  }

  EventFactory events() {
    return events;
  }

  EventRouter router() {
    return router;
  }

  AppEngine apps() {
    return apps;
  }

  HangupSequence hangups() {
    return hangups;
  }

  Transfers transfers() {
    return transfers;
  }

  Bridging bridging() {
    return bridging;
  }

  ChannelFactory channelFactory() {
    return channelFactory;
  }

  ApiCommands api() {
    return api;
  }

  CommandDispatcher commands() {
    return commands;
  }

  SendMsgHandler sendmsg() {
    return sendmsg;
  }

  NetClient netClient() {
    return netClient;
  }

  NetServer server() {
    return server;
  }

  void server(NetServer server) {
    this.server = server;
  }

  long startNanos() {
    return startNanos;
  }

  long nextConnectionId() {
    return nextConnectionId++;
  }

  long nextSessionId() {
    return nextSessionId++;
  }

  long sessionsSinceStartup() {
    return sessionsSinceStartup;
  }

  int peakChannels() {
    return peak;
  }

  // ---- channels

  void addChannel(FakeChannel ch) {
    channels.put(ch.uuid, ch);
    live.add(ch.uuid);
    sessionsSinceStartup++;
    peak = Math.max(peak, channels.size());
    publish(ch);
  }

  FakeChannel channel(String uuid) {
    return uuid == null ? null : channels.get(uuid);
  }

  List<FakeChannel> liveChannels() {
    return new ArrayList<>(channels.values());
  }

  int liveChannelCount() {
    return channels.size();
  }

  void channelDestroyed(FakeChannel ch) {
    channels.remove(ch.uuid);
    live.remove(ch.uuid);
    publish(ch);
    watchers.remove(ch.uuid);
  }

  /** Publishes the channel's snapshot for other threads and tells its watchers. */
  void publish(FakeChannel ch) {
    ChannelSnapshot s = ch.snapshot();
    snapshots.put(ch.uuid, s);
    List<Consumer<ChannelSnapshot>> w = watchers.get(ch.uuid);
    if (w != null) {
      for (Consumer<ChannelSnapshot> c : List.copyOf(w)) {
        c.accept(s);
      }
    }
  }

  void watch(String uuid, Consumer<ChannelSnapshot> watcher) {
    ChannelSnapshot s = snapshots.get(uuid);
    if (channels.containsKey(uuid)) {
      watchers.computeIfAbsent(uuid, k -> new ArrayList<>()).add(watcher);
    }
    if (s != null) {
      watcher.accept(s);
    }
  }

  /** Thread-safe. */
  ChannelSnapshot snapshot(String uuid) {
    return snapshots.get(uuid);
  }

  /** Thread-safe: the live channels, in creation order is not guaranteed. */
  List<ChannelSnapshot> liveSnapshots() {
    List<ChannelSnapshot> out = new ArrayList<>();
    for (String uuid : live) {
      ChannelSnapshot s = snapshots.get(uuid);
      if (s != null && !s.ended()) {
        out.add(s);
      }
    }
    return out;
  }

  // ---- connections

  /** Every open connection, in connect order (a copy: delivering may close some). */
  List<Listener> listeners() {
    return listeners.isEmpty() ? Collections.emptyList() : new ArrayList<>(listeners);
  }

  /**
   * The connections that may want an event of channel {@code uuid} (null: no channel): the untied ones in
   * connect order, then those tied to that channel. A copy, as delivering may close some.
   */
  List<Listener> eventListeners(String uuid) {
    List<Listener> mine = uuid == null ? null : tied.get(uuid);
    if (mine == null) {
      return Arrays.asList(untiedSnapshot);
    }
    List<Listener> out = new ArrayList<>(untiedSnapshot.length + mine.size());
    out.addAll(Arrays.asList(untiedSnapshot));
    out.addAll(mine);
    return out;
  }

  /** The connections that asked for log lines (a copy). */
  List<Listener> logListeners() {
    return logging.isEmpty() ? Collections.emptyList() : new ArrayList<>(logging);
  }

  void addListener(Listener l) {
    listeners.add(l);
    untied.add(l);
    untiedSnapshot = untied.toArray(new Listener[0]);
    connections.put(l.id, l.info());
  }

  /** After a successful {@code myevents}: {@code l} now only receives events of channel {@code uuid}. */
  void tieListener(Listener l, String uuid) {
    if (listeners.contains(l) && untied.remove(l)) {
      untiedSnapshot = untied.toArray(new Listener[0]);
      tied.computeIfAbsent(uuid, k -> new ArrayList<>(1)).add(l);
    }
  }

  /** After {@code log <level>} ({@code on}) or {@code nolog}. */
  void loggingChanged(Listener l, boolean on) {
    if (on && listeners.contains(l)) {
      logging.add(l);
    } else {
      logging.remove(l);
    }
  }

  void removeListener(Listener l) {
    listeners.remove(l);
    logging.remove(l);
    if (untied.remove(l)) {
      untiedSnapshot = untied.toArray(new Listener[0]);
    }
    String uuid = l.sub.myUuid();
    List<Listener> mine = uuid == null ? null : tied.get(uuid);
    if (mine != null && mine.remove(l) && mine.isEmpty()) {
      tied.remove(uuid);
    }
    connections.put(l.id, l.info());
  }

  Listener listener(long id) {
    for (Listener l : listeners) {
      if (l.id == id) {
        return l;
      }
    }
    return null;
  }

  /** Thread-safe. */
  List<ConnectionInfo> connectionInfos() {
    List<ConnectionInfo> out = new ArrayList<>(connections.values());
    out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return out;
  }

  /** Thread-safe; null for an unknown id. */
  ConnectionInfo connectionInfo(long id) {
    return connections.get(id);
  }

  void record(Listener l, EslRequest request) {
    FakeChannel s = l.session();
    RecordedRequest rr = new RecordedRequest(l.id, l.kind(), s == null ? null : s.uuid, request,
        requestSequence.incrementAndGet(), System.nanoTime(), clock.now());
    requests.add(rr);
    if (requestQueue.size() >= config.recordLimit) {
      requestQueue.poll();
    }
    requestQueue.add(rr);
    connections.put(l.id, l.info());
  }

  /** Thread-safe. */
  List<RecordedRequest> recordedRequests() {
    return requests.snapshot();
  }

  LinkedBlockingQueue<RecordedRequest> requestQueue() {
    return requestQueue;
  }

  void recordSentEvent(EslEvent e) {
    sentEvents.add(e);
  }

  /** Thread-safe. */
  List<EslEvent> sentEvents() {
    return sentEvents.snapshot();
  }

  /** BLF subscriptions and the NOTIFYs they got. */
  SofiaPresence sofiaPresence() {
    return sofiaPresence;
  }

  void recordChat(ChatMessage m) {
    chats.add(m);
  }

  /** Thread-safe. */
  List<ChatMessage> chats() {
    return chats.snapshot();
  }

  void clearRecorded() {
    requests.clear();
    requestQueue.clear();
    sentEvents.clear();
    chats.clear();
    sofiaPresence.clear();
    router.clearHistory();
  }

  String globalVar(String name) {
    return globals.getOrDefault(name, "");
  }

  void setGlobalVar(String name, String value) {
    globals.put(name, value);
  }
}
