package io.callpark.it;

import io.callpark.api.ApiStores;
import io.callpark.cluster.StaticMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.config.HttpConfig;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Escalation;
import io.callpark.parking.EscalationStep;
import io.callpark.parking.Lot;
import io.callpark.parking.ManualClock;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node the board test's browser looks at: one in-process node (in-memory stores, manual clock) with
 * its HTTP API and board on a loopback port, wired to one FakeFreeSwitch box whose dialplan parks
 * ({@code 5900}: first free slot of {@code default}; {@code pd6003} / {@code ps7002}: that slot of
 * {@code default} / {@code sales}). Phones: {@link #RETRIEVER} answers at once;
 * every other target rings for an hour, so a recall or an escalation step stays visibly under way.
 * Lots: {@code default} (6001-6012) and {@code sales} (7001-7004), both recalling the parker after an
 * hour, then ringing {@code 2000}. Not thread-safe; one test thread drives it.
 */
final class BoardNode implements AutoCloseable {
  static final String OPERATOR = "operator-board-0123456789abcdef";
  static final String READER = "reader-board-0123456789abcdef";
  static final String RETRIEVER = "1001";

  final Vertx vertx = Vertx.vertx();
  final ManualClock clock = new ManualClock();
  final SlotStore store = new InMemorySlotStore();
  final FakeFreeSwitch fs;
  final CallparkNode node;
  final int port;

  BoardNode() throws Exception {
    SimEndpoint phones = target -> target.startsWith("user/" + RETRIEVER + "@")
        ? new SimEndpoint.Answer(Duration.ZERO) : new SimEndpoint.Answer(Duration.ofHours(1));
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(phones).domain("127.0.0.1").build()));
    Escalation chain = new Escalation(List.of(new EscalationStep.Recall(Duration.ofHours(1), Duration.ofHours(1)),
        new EscalationStep.Ring(Duration.ZERO, "2000", Duration.ofHours(1))), null, Duration.ZERO);
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base
        .withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), "127.0.0.1")))
        .withLots(Map.of(
            "default", Lot.withDefaults("default", SlotRange.of(6001, 6012)).with(chain),
            "sales", Lot.withDefaults("sales", SlotRange.of(7001, 7004)).with(chain)), "default")
        .withHttp(HttpConfig.loopback(List.of(new HttpConfig.Token("wallboard", HttpConfig.Role.READ, READER),
            new HttpConfig.Token("reception", HttpConfig.Role.OPERATOR, OPERATOR)))
            // The rate limiter reads the node's clock, which is manual here: its buckets would never refill.
            .withRate(new HttpConfig.RateLimit(1_000, 100_000)));
    node = new CallparkNode(vertx, config, store, clock, new StaticMembership(config.nodeId()),
        new InMemoryFetchTokens(), ApiStores.inMemory());
    int outbound = get(node.start());
    port = node.api().orElseThrow().port();
    String socket = "socket 127.0.0.1:" + outbound + " async full";
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
        .extension("park", "set socket_resume=true", socket)
        .extension("^pd(\\d{4})$", "set callpark_request=default auto in $1 $1", "set socket_resume=true", socket)
        .extension("^ps(\\d{4})$", "set callpark_request=sales auto in $1 $1", "set socket_resume=true", socket)
        .extension("2000", "bridge user/2000@127.0.0.1"); // the operator desk the ring step calls: rings on
    org.awaitility.Awaitility.await().until(() -> node.links().get(0).isConnected());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** A call to {@code destination} from {@code name <number>}, authenticated as {@code number}. */
  String call(String destination, String name, String number) throws Exception {
    return get(fs.placeCall(CallSpec.builder(destination).from(name, number).variable("sip_auth_username", number)
        .variable("user_name", number).build()));
  }

  Optional<SlotRecord> slot(String lot, String slot) throws Exception {
    return get(store.get(lot, slot));
  }

  List<String> apiCommands() {
    return fs.requests().stream().filter(r -> "api".equals(r.request().verb()) || "bgapi".equals(r.request().verb()))
        .map(r -> r.request().argument()).toList();
  }

  @Override
  public void close() throws Exception {
    get(node.stop());
    get(fs.close());
    get(vertx.close());
  }
}
