package io.callpark.sim;

import io.callpark.esl.codec.EslEvent;
import io.callpark.esl.codec.EslHeaders;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A simulated FreeSWITCH 1.11.1 box speaking the real event-socket protocol, for tests, the demo and
 * benchmarks — our MockWebServer (STYLE.md §7). It offers
 * <ul>
 *   <li>an <b>inbound event socket</b> on {@link #port()} (127.0.0.1, ephemeral by default) answering
 *       {@code auth}, {@code event}, {@code filter}, {@code api}, {@code bgapi}, {@code sendevent},
 *       {@code sendmsg}, {@code exit} ... as mod_event_socket does (../shared/freeswitch facts 38–47);</li>
 *   <li><b>calls</b>: {@link #placeCall} runs the {@link FakeDialplan}; its {@code socket host:port async full}
 *       dials the controller like FreeSWITCH (connect reply with channel data, myevents, linger, sendmsg,
 *       CHANNEL_PARK / EXECUTE / EXECUTE_COMPLETE, linger notice, socket_resume; facts 48–58);</li>
 *   <li><b>inspection</b>: every command received ({@link #requests()}, {@link #takeRequest}), every sendevent
 *       ({@link #sentEvents()}, {@link #presenceIn()}), every event fired ({@link #firedEvents()}), channel
 *       snapshots ({@link #channel}, {@link #channels()});</li>
 *   <li><b>misbehaviour</b>: {@link #policy()} knobs, dropping connections, refusing new ones, broken frames.</li>
 * </ul>
 *
 * <pre>{@code
 * FakeFreeSwitch fs = FakeFreeSwitch.start(vertx, SimConfig.builder()
 *     .dialplan(FakeDialplan.likeTheCaptures("127.0.0.1:" + controllerPort)).build()).toCompletionStage()
 *     .toCompletableFuture().get();
 * String uuid = fs.placeCall(CallSpec.to("5000")).toCompletionStage().toCompletableFuture().get();
 * await().until(() -> fs.presenceIn().size() == 1);
 * }</pre>
 *
 * <p><b>Thread-safety.</b> All of the box's state is confined to one Vert.x context (a verticle the box
 * deploys on the given {@link Vertx}). Every public method is thread-safe: the ones returning a
 * {@link Future} hop onto that context and complete there; the accessors returning lists or snapshots
 * read immutable copies published by the context and may be called from any thread (e.g. inside
 * Awaitility). Never block the box's own event loop waiting on one of these futures.
 */
public final class FakeFreeSwitch {
  private final Vertx vertx;
  private final BoxVerticle verticle;
  private final String deploymentId;
  private final SimConfig config;
  private final SimPolicy policy;
  private volatile int port;

  private FakeFreeSwitch(Vertx vertx, BoxVerticle verticle, String deploymentId, SimConfig config, SimPolicy policy) {
    this.vertx = vertx;
    this.verticle = verticle;
    this.deploymentId = deploymentId;
    this.config = config;
    this.policy = policy;
    this.port = verticle.port;
  }

  /** Starts a box with the defaults (ClueCon, ephemeral port, empty dialplan). */
  public static Future<FakeFreeSwitch> start(Vertx vertx) {
    return start(vertx, SimConfig.defaults());
  }

  public static Future<FakeFreeSwitch> start(Vertx vertx, SimConfig config) {
    Objects.requireNonNull(vertx);
    Objects.requireNonNull(config);
    SimPolicy policy = new SimPolicy();
    BoxVerticle v = new BoxVerticle(config, policy);
    return vertx.deployVerticle(v).map(id -> new FakeFreeSwitch(vertx, v, id, config, policy));
  }

  /** Undeploys the box: closes every connection and the listening socket. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId);
  }

  // ---- identity

  public String host() {
    return config.host;
  }

  /** The inbound event-socket port (the ephemeral one when configured with 0). */
  public int port() {
    return port;
  }

  public String password() {
    return config.password;
  }

  public String coreUuid() {
    return config.coreUuid;
  }

  public SimConfig config() {
    return config;
  }

  /** The misbehaviour knobs; thread-safe, effective at once. */
  public SimPolicy policy() {
    return policy;
  }

  /** The box's dialplan; thread-safe, may be changed while the box runs. */
  public FakeDialplan dialplan() {
    return config.dialplan;
  }

  // ---- calls

  /** A SIP phone calls {@code destination} (caller "Alice" &lt;1000&gt;). Completes with the channel uuid. */
  public Future<String> dial(String destination) {
    return placeCall(CallSpec.to(destination));
  }

  /**
   * Creates the call and starts its dialplan. Completes with the uuid of the channel running the
   * dialplan (for a loopback call, the -b leg).
   */
  public Future<String> placeCall(CallSpec spec) {
    return onBox(box -> {
      if (spec.endpoint == CallSpec.Endpoint.LOOPBACK) {
        ChannelFactory f = box.channelFactory();
        return f.loopbackPair(spec, null, f.thenRun("park", ""))[1].uuid;
      }
      return box.channelFactory().inboundSip(spec).uuid;
    });
  }

  /** The caller (or the far end) hangs up with {@code cause}. Fails if the channel does not exist. */
  public Future<Void> hangup(String uuid, String cause) {
    return onBox(box -> {
      FakeChannel ch = box.channel(uuid);
      if (ch == null || !ch.up()) {
        throw new IllegalArgumentException("no such channel " + uuid);
      }
      box.hangups().hangup(ch, cause, AppCall.Interrupt.HANGUP);
      return null;
    });
  }

  public Future<Void> hangup(String uuid) {
    return hangup(uuid, "NORMAL_CLEARING");
  }

  /** The caller presses keys: DTMF events on the channel, digits for play_and_get_digits/read. */
  public Future<Void> sendDtmf(String uuid, String digits) {
    return onBox(box -> {
      FakeChannel ch = box.channel(uuid);
      if (ch == null || !ch.up()) {
        throw new IllegalArgumentException("no such channel " + uuid);
      }
      ch.receiveDtmf(digits, "RTP");
      return null;
    });
  }

  /** Runs an api command as an ESL client would, without a connection; completes with the response body. */
  public Future<String> api(String commandLine) {
    return onBoxCompose(box -> box.api().execute(commandLine, null).runForBody());
  }

  /** Registers (or replaces) an api command; it wins over a built-in of the same name. Thread-safe. */
  public void registerApi(String name, ApiHandler handler) {
    verticle.box.api().registerCustom(name, handler);
  }

  /** The latest snapshot of a channel, also after it ended. Thread-safe. */
  public Optional<ChannelSnapshot> channel(String uuid) {
    return uuid == null ? Optional.empty() : Optional.ofNullable(verticle.box.snapshot(uuid));
  }

  /** Snapshots of the channels that are up. Thread-safe. */
  public List<ChannelSnapshot> channels() {
    return verticle.box.liveSnapshots();
  }

  /**
   * Calls {@code watcher} with the channel's current snapshot and after every change, on the box's
   * context (it must not block), until the channel is destroyed.
   */
  public Future<Void> watchChannel(String uuid, Consumer<ChannelSnapshot> watcher) {
    return onBox(box -> {
      box.watch(uuid, watcher);
      return null;
    });
  }

  // ---- events

  /** Fires an event with the core headers, then {@code headers}, and an optional body. */
  public Future<EslEvent> fireEvent(String name, EslHeaders headers, String body) {
    return onBox(box -> {
      EslHeaders.Builder b = box.events().core(name, Src.TEST);
      b.addAll(headers);
      EslEvent e = new EslEvent(b.build(), body);
      box.router().fire(e);
      return e;
    });
  }

  /** A phone subscribed to park slot {@code slot}'s lamp: the PRESENCE_PROBE of blf_esl_events_2. */
  public Future<EslEvent> firePresenceProbe(String slot, String subscriber) {
    return firePresenceProbe(PresenceProbe.park(slot, subscriber, config.domain));
  }

  public Future<EslEvent> firePresenceProbe(PresenceProbe p) {
    return onBox(box -> {
      EslEvent e = box.events().plain("PRESENCE_PROBE", Src.PRESENCE_PROBE, null,
          "proto", p.proto(), "login", "internal", "sip_profile", "internal", "from", p.from(), "to", p.to(),
          "proto-specific-event-name", p.eventName(), "expires", Integer.toString(p.expires()),
          "event_type", "presence", "alt_event_type", "dialog", "expires", Integer.toString(p.expires()),
          "sub-call-id", p.subCallId());
      box.router().fire(e);
      return e;
    });
  }

  /**
   * Phone {@code subscriber} (e.g. 1001) SUBSCRIBEs to the dialog of park slot or lot {@code slot}, like a
   * BLF key on {@code park+6001}: the simulated sofia records the initial NOTIFY (terminated) and fires the
   * PRESENCE_PROBE; from then on every park PRESENCE_IN for it is rendered as a NOTIFY ({@link #blfNotifies()}).
   * Completes with the probe fired.
   */
  public Future<PresenceProbe> subscribeBlf(String slot, String subscriber) {
    PresenceProbe p = PresenceProbe.park(slot, subscriber, config.domain);
    return onBox(box -> {
      box.sofiaPresence().subscribe(p);
      return p;
    }).compose(probe -> firePresenceProbe(probe).map(probe));
  }

  /** Every dialog-info NOTIFY sent to {@link #subscribeBlf} subscribers, oldest first. Thread-safe. */
  public List<BlfNotify> blfNotifies() {
    return verticle.box.sofiaPresence().notifies();
  }

  /**
   * The dialog state the latest NOTIFY for {@code park+<slot>} showed: {@code confirmed}, {@code early},
   * {@code terminated}, or null before any subscription to it. Thread-safe.
   */
  public String blfState(String slot) {
    String entity = "park+" + slot + "@" + config.domain;
    String state = null;
    for (BlfNotify n : blfNotifies()) {
      if (n.entity().equals(entity)) {
        state = n.state();
      }
    }
    return state;
  }

  /** Fires HEARTBEAT and RE_SCHEDULE now. */
  public Future<Void> fireHeartbeat() {
    return onBox(box -> {
      verticle.heartbeat.fire(20_000);
      return null;
    });
  }

  /** Starts (or with null stops) the periodic HEARTBEAT. */
  public Future<Void> heartbeat(Duration interval) {
    return onBox(box -> {
      verticle.heartbeat.start(interval);
      return null;
    });
  }

  /** The last events fired, oldest first (see {@link SimConfig.Builder#eventLogLimit}). Thread-safe. */
  public List<EslEvent> firedEvents() {
    return verticle.box.router().history();
  }

  /** Every event received through {@code sendevent}, as fired (with {@code Command}, {@code Event-UUID}). */
  public List<EslEvent> sentEvents() {
    return verticle.box.sentEvents();
  }

  /** The {@code sendevent PRESENCE_IN} events received — the lamps callpark asked for. Thread-safe. */
  public List<EslEvent> presenceIn() {
    List<EslEvent> out = new ArrayList<>();
    for (EslEvent e : verticle.box.sentEvents()) {
      if ("PRESENCE_IN".equals(e.name())) {
        out.add(e);
      }
    }
    return out;
  }

  /** Messages sent with {@code api chat}. Thread-safe. */
  public List<ChatMessage> chats() {
    return verticle.box.chats();
  }

  // ---- recorded requests

  /** Every command received, in order. Thread-safe. */
  public List<RecordedRequest> requests() {
    return verticle.box.recordedRequests();
  }

  /** Commands received on one connection. Thread-safe. */
  public List<RecordedRequest> requests(long connectionId) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : requests()) {
      if (r.connectionId() == connectionId) {
        out.add(r);
      }
    }
    return out;
  }

  /** Waits for the next command not yet taken (MockWebServer style); null on timeout. */
  public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
    return verticle.box.requestQueue().poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Forgets recorded requests, sendevents, chats, BLF NOTIFYs and the event history (not subscriptions). */
  public Future<Void> clearRecorded() {
    return onBox(box -> {
      box.clearRecorded();
      return null;
    });
  }

  // ---- connections and misbehaviour

  /** Every connection the box had, open or closed. Thread-safe. */
  public List<ConnectionInfo> connections() {
    return verticle.box.connectionInfos();
  }

  /** The connection with this id (as in {@link RecordedRequest#connectionId()}), open or closed. Thread-safe. */
  public Optional<ConnectionInfo> connection(long id) {
    return Optional.ofNullable(verticle.box.connectionInfo(id));
  }

  /** Drops one connection abruptly (no notice); an outbound one counts as its controller going away. */
  public Future<Void> dropConnection(long id) {
    return onBox(box -> {
      Listener l = box.listener(id);
      if (l != null) {
        l.abort();
      }
      return null;
    });
  }

  public Future<Void> dropAllConnections() {
    return onBox(box -> {
      for (Listener l : box.listeners()) {
        l.abort();
      }
      return null;
    });
  }

  /** Writes a frame the codec must reject (a header line without a colon) to one connection. */
  public Future<Void> sendMalformedFrame(long id) {
    return sendRaw(id, SimFrames.malformed());
  }

  /** Writes raw bytes to one connection, in order with its other output. */
  public Future<Void> sendRaw(long id, byte[] bytes) {
    return onBox(box -> {
      Listener l = box.listener(id);
      if (l == null) {
        throw new IllegalArgumentException("no open connection " + id);
      }
      l.sendRaw(bytes.clone());
      return null;
    });
  }

  /** Stops listening: new inbound connections are refused by the OS (existing ones stay). */
  public Future<Void> refuseConnections() {
    return onBoxCompose(box -> box.server() == null ? Future.succeededFuture() : box.server().close());
  }

  /** Listens again, on the same port. */
  public Future<Void> acceptConnections() {
    return onBoxCompose(box -> verticle.listen(port).map(s -> {
      port = s.actualPort();
      return null;
    }));
  }

  private <T> Future<T> onBox(Function<SimBox, T> action) {
    return onBoxCompose(box -> Future.succeededFuture(action.apply(box)));
  }

  private <T> Future<T> onBoxCompose(Function<SimBox, Future<T>> action) {
    SimBox box = verticle.box;
    Context ctx = box.context();
    Promise<T> p = Promise.promise();
    ctx.runOnContext(v -> {
      try {
        action.apply(box).onComplete(p);
      } catch (RuntimeException e) {
        p.fail(e);
      }
    });
    return p.future();
  }
}
