package io.callpark.node;

import io.callpark.api.ApiServer;
import io.callpark.api.ApiStores;
import io.callpark.api.BoardRoutes;
import io.callpark.api.ParkRecorder;
import io.callpark.api.stats.ParkStats;
import io.callpark.cluster.ClusterMembership;
import io.callpark.cluster.HazelcastMembership;
import io.callpark.cluster.StallGuard;
import io.callpark.cluster.Rehomer;
import io.callpark.cluster.StaticMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.esl.inbound.ConnectionState;
import io.callpark.esl.inbound.InboundClient;
import io.callpark.esl.link.BoxLinks;
import io.callpark.esl.link.InboundLink;
import io.callpark.esl.outbound.OutboundServer;
import io.callpark.parking.BoxSip;
import io.callpark.parking.CrossBox;
import io.callpark.parking.GhostReaper;
import io.callpark.parking.FlowTimer;
import io.callpark.parking.ParkEvents;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.ParkingService;
import io.callpark.parking.RecallTimers;
import io.callpark.parking.store.FetchTokens;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.SlotStore;
import io.callpark.presence.PresencePublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One callpark controller node, wired: inbound links to every box, the slot store, the parking
 * service behind the outbound listener, and the deadline timers. {@link #start()} brings it up;
 * {@link #stop()} closes the listener first (no new calls), then the timers and links.
 *
 * <p>Thread-safe: start/stop may be called from any thread.
 */
public final class CallparkNode {
  private static final Logger log = LoggerFactory.getLogger(CallparkNode.class);

  private final Vertx vertx;
  private final CallparkConfig config;
  private final List<InboundLink> links = new ArrayList<>();
  private final ParkingService parking;
  private final RecallTimers timers;
  private final OutboundServer outbound;
  private final Rehomer rehomer;
  private final GhostReaper ghosts;
  private long audits;
  private final PresencePublisher presence;
  private final ClusterMembership membership;
  /** The HTTP API; null when the config has no {@code http} section. */
  private final ApiServer api;
  private long auditTimer = -1;
  private final StallGuard stall;
  /**
   * A stall this long may have outlasted failure detection ({@code hazelcast.max.no.heartbeat.seconds} 5 in
   * cluster.yaml), so the survivors may have taken over; shorter ones cannot have. Kept well above the
   * scheduling noise of a loaded machine.
   */
  static final java.time.Duration STALL_THRESHOLD = java.time.Duration.ofSeconds(3);
  /** How long a node that woke from a stall holds off timers and clean-ups: past detection plus a merge run. */
  static final java.time.Duration STALL_DISTRUST = java.time.Duration.ofSeconds(30);

  /** Time a departed node's calls get to come back by socket_resume before survivors move them. */
  static final Duration REHOME_GRACE = Duration.ofMillis(500);
  /** How often this node checks that the calls whose sockets it holds are still its own. */
  static final Duration AUDIT_PERIOD = Duration.ofSeconds(2);
  /** Every how many audits the ghost reaper runs, and how many channels it checks each time. */
  static final int GHOST_EVERY_AUDITS = 5;
  static final int GHOST_CHECKS_PER_ROUND = 100;

  public CallparkNode(Vertx vertx, CallparkConfig config, SlotStore store, Clock clock) {
    this(vertx, config, store, clock, new StaticMembership(config.nodeId()));
  }

  /**
   * @param membership who else is alive; when a node leaves, its parked calls that did not come back by
   *     themselves are re-homed ({@link Rehomer})
   */
  public CallparkNode(Vertx vertx, CallparkConfig config, SlotStore store, Clock clock, ClusterMembership membership) {
    this(vertx, config, store, clock, membership, new InMemoryFetchTokens());
  }

  /**
   * @param fetchTokens one-time tokens of cross-box retrieval; shared by the cluster
   *     ({@code HazelcastFetchTokens}) when there is more than one node
   */
  public CallparkNode(Vertx vertx, CallparkConfig config, SlotStore store, Clock clock, ClusterMembership membership,
      FetchTokens fetchTokens) {
    this(vertx, config, store, clock, membership, fetchTokens, ApiStores.inMemory());
  }

  /**
   * @param apiStores the event feed and park statistics the API serves; shared by the cluster (Hazelcast)
   *     when there is more than one node
   */
  public CallparkNode(Vertx vertx, CallparkConfig config, SlotStore store, Clock clock, ClusterMembership membership,
      FetchTokens fetchTokens, ApiStores apiStores) {
    this.vertx = vertx;
    this.config = config;
    for (BoxConfig box : config.boxes()) {
      links.add(new InboundLink(InboundClient.create(vertx, box.options()), box.domain()));
    }
    BoxLinks boxLinks = new BoxLinks(links);
    ParkEvents events = new ParkEvents(config.nodeId(), boxLinks);
    FlowTimer timer = FlowTimer.system();
    // A member of a real cluster can be dropped while stalled and wake with a stale view (docs/cluster.md).
    this.stall = membership instanceof HazelcastMembership
        ? new StallGuard(System::nanoTime, STALL_THRESHOLD, STALL_DISTRUST).start()
        : StallGuard.never();
    ParkingContext ctx = new ParkingContext(config.nodeId(), config.lots(), config.defaultLot(), store, boxLinks,
        events, clock, config.dialplan(), config.messageParker(), crossBox(config, fetchTokens), timer, stall);
    this.parking = new ParkingService(ctx);
    links.forEach(l -> l.client().eventHandler(parking::onBoxEvent));
    this.timers = parking.timers();
    this.rehomer = new Rehomer(vertx, ctx, membership, REHOME_GRACE);
    this.ghosts = new GhostReaper(ctx, membership::ownerOf, GHOST_CHECKS_PER_ROUND);
    this.presence = new PresencePublisher(vertx, config.nodeId(), config.lots(), store, membership, boxLinks,
        config.presence());
    for (InboundLink l : links) {
      l.client().eventHandler(e -> presence.onBoxEvent(l, e));
      l.client().connectionStateHandler(c -> {
        if (c.state() == ConnectionState.CONNECTED) {
          presence.boxConnected(l);
        }
      });
    }
    membership.onNodeLeft(presence::nodeLeft);
    this.membership = membership;
    this.outbound = new OutboundServer(vertx, config.outbound(), parking::handle, timer.ticker());
    ParkStats stats = new ParkStats(apiStores.stats());
    events.listen(new ParkRecorder(config.nodeId(), apiStores.feed(), stats));
    this.api = config.http() == null ? null
        : new ApiServer(vertx, config.http(), parking, apiStores.feed(), stats, clock, ApiServer.DEFAULT_KEEP_ALIVE);
    if (api != null) {
      new BoardRoutes().mount(api.router()); // the live board (docs/board.md) beside the API it reads
    }
  }

  /** The HTTP API, when configured ({@code http:}); add routes to its router before {@link #start()}. */
  public Optional<ApiServer> api() {
    return Optional.ofNullable(api);
  }

  private static CrossBox crossBox(CallparkConfig config, FetchTokens tokens) {
    Map<String, BoxSip> sip = new LinkedHashMap<>();
    config.boxes().stream().filter(b -> b.sip() != null).forEach(b -> sip.put(b.id(), b.sip()));
    return CrossBox.of(sip, tokens);
  }

  public ParkingService parking() {
    return parking;
  }

  public RecallTimers timers() {
    return timers;
  }

  public List<InboundLink> links() {
    return links;
  }

  /**
   * Starts the links (without waiting for them: a box that is down is retried in the background and
   * must not keep calls from other boxes out), the timers, then the listener. Completes with the
   * outbound port.
   */
  public Future<Integer> start() {
    parking.start(vertx);
    presence.start();
    for (InboundLink l : links) {
      l.client().start().onFailure(e -> log.warn("box {} not reachable yet: {}", l.boxId(), e.getMessage()));
    }
    timers.start(vertx, config.timerPeriod());
    vertx.runOnContext(v -> auditTimer = vertx.setPeriodic(AUDIT_PERIOD.toMillis(),
        id -> audit()));
    return outbound.start().compose(port -> api == null ? Future.succeededFuture(port) : api.start().map(port))
        .onSuccess(port -> log.info("node {} up: outbound {}:{}, boxes {}, lots {}",
        config.nodeId(), config.outbound().host(), port, links.stream().map(InboundLink::boxId).toList(),
        config.lots().keySet()));
  }

  /**
   * The periodic audit: let go of calls another node owns now, park again calls whose record was lost,
   * and every {@value #GHOST_EVERY_AUDITS}th time remove records whose channel is gone (docs/cluster.md).
   */
  private void audit() {
    boolean reap = ++audits % GHOST_EVERY_AUDITS == 0;
    parking.letGoOfForeignCalls().onComplete(a -> parking.reslotOrphans().onComplete(b -> {
      if (reap) {
        ghosts.round();
      }
    }));
  }

  /** The ghost reaper, for tests that run its rounds by hand. */
  public GhostReaper ghosts() {
    return ghosts;
  }

  public int outboundPort() {
    return outbound.port();
  }

  /** Whether the outbound listener is up (false before {@link #start()} and from {@link #drain}/{@link #stop()}). */
  public boolean outboundListening() {
    return outbound.isListening();
  }

  /** Outbound event-socket connections open now: calls whose sockets this node holds, and calls being handshaken. */
  public int outboundConnections() {
    return outbound.openConnections();
  }

  public CallparkConfig config() {
    return config;
  }

  /** Who else is alive in the cluster, as given to the constructor. */
  public ClusterMembership membership() {
    return membership;
  }

  public Rehomer rehomer() {
    return rehomer;
  }

  /** BLF lamps of this node. */
  public PresencePublisher presence() {
    return presence;
  }

  /**
   * Graceful shutdown (SIGTERM): stop accepting new calls, hand every parked call over (its socket is
   * closed without a hangup, so socket_resume sends it through the dialplan to another node, which adopts
   * it), wait up to {@code timeout} for the hand-over, then stop. Completes with the number of calls
   * still held when it gave up (0 when all were handed over).
   */
  public Future<Integer> drain(Duration timeout) {
    // Counted first: stopping the listener also closes the sockets it accepted (Vert.x NetServer.close),
    // which hands those calls over the same way (closed without a hangup).
    int held = parking.trackedCalls();
    return outbound.stop().compose(v -> {
      log.info("node {} draining: handing over {} parked call(s)", config.nodeId(), held);
      parking.handOverParkedCalls();
      io.vertx.core.Promise<Integer> done = io.vertx.core.Promise.promise();
      long deadline = System.nanoTime() + timeout.toNanos();
      vertx.setPeriodic(20, id -> {
        if (parking.trackedCalls() == 0 || System.nanoTime() > deadline) {
          vertx.cancelTimer(id);
          done.tryComplete(parking.trackedCalls());
        }
      });
      return done.future();
    }).compose(left -> stop().map(left));
  }

  public Future<Void> stop() {
    return outbound.stop().eventually(() -> api == null ? Future.succeededFuture() : api.stop()).eventually(() -> {
      timers.stop(vertx);
      stall.close();
      presence.stop();
      parking.stop();
      if (auditTimer >= 0) {
        vertx.cancelTimer(auditTimer);
      }
      List<Future<Void>> closing = new ArrayList<>();
      links.forEach(l -> closing.add(l.client().close()));
      return Future.join(closing).mapEmpty();
    });
  }
}
