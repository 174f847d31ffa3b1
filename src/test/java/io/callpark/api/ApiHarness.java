package io.callpark.api;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.config.HttpConfig;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.ManualClock;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotStore;
import io.callpark.cluster.StaticMembership;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One node with its HTTP API on a loopback port (in-memory stores, manual clock) wired to one
 * FakeFreeSwitch box, with a dialplan like ParkingHarness's: {@code 5900} parks, {@code park} is the park
 * extension, {@code 60NN} are slot keys, {@code operator} answers and plays music (a live call to park by
 * UUID). Two tokens: {@link #READ} and {@link #OPERATOR}. A WebClient talks to the API.
 */
final class ApiHarness implements AutoCloseable {
  static final String READ = "read-0123456789abcdef";
  static final String OPERATOR = "operator-0123456789abcdef";

  final Vertx vertx = Vertx.vertx();
  final ManualClock clock = new ManualClock();
  final SlotStore store = new InMemorySlotStore();
  final ApiStores stores = ApiStores.inMemory();
  final List<ParkEvent> events = new CopyOnWriteArrayList<>();
  final FakeFreeSwitch fs;
  final CallparkNode node;
  final WebClient web;
  final int port;

  ApiHarness() throws Exception {
    this(HttpConfig.RateLimit.DEFAULT);
  }

  ApiHarness(HttpConfig.RateLimit rate) throws Exception {
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(SimEndpoint.answering(Duration.ZERO))
        .domain("127.0.0.1").build()));
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base
        .withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), "127.0.0.1")))
        .withLots(Map.of("default", Lot.withDefaults("default", SlotRange.of(6001, 6010))), "default")
        .withHttp(HttpConfig.loopback(List.of(new HttpConfig.Token("board", HttpConfig.Role.READ, READ),
            new HttpConfig.Token("reception", HttpConfig.Role.OPERATOR, OPERATOR))).withRate(rate));
    node = new CallparkNode(vertx, config, store, clock, new StaticMembership(config.nodeId()),
        new InMemoryFetchTokens(), stores);
    node.parking().context().events().listen(events::add);
    int outbound = get(node.start());
    port = node.api().orElseThrow().port();
    String socket = "socket 127.0.0.1:" + outbound + " async full";
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
        .extension("park", "set socket_resume=true", socket)
        .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket)
        .extension("operator", "answer", "playback local_stream://moh");
    web = WebClient.create(vertx);
    org.awaitility.Awaitility.await().until(() -> node.links().get(0).isConnected());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  HttpResponse<Buffer> get(String path, String token) throws Exception {
    return send(HttpMethod.GET, path, token, null);
  }

  HttpResponse<Buffer> post(String path, String token, String body) throws Exception {
    return send(HttpMethod.POST, path, token, body);
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String token, String body) throws Exception {
    var req = web.request(method, port, "127.0.0.1", path);
    if (token != null) {
      req.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      req.putHeader("Content-Type", "application/json");
      return get(req.sendBuffer(Buffer.buffer(body)));
    }
    return get(req.send());
  }

  /** A direct call to {@code destination} from {@code name <number>}, authenticated as {@code number}. */
  String call(String destination, String name, String number) throws Exception {
    return get(fs.placeCall(CallSpec.builder(destination).from(name, number).variable("sip_auth_username", number)
        .variable("user_name", number).build()));
  }

  Optional<SlotRecord> slot(String slot) throws Exception {
    return get(store.get("default", slot));
  }

  List<ParkEvent.Type> eventTypes() {
    return events.stream().map(ParkEvent::type).toList();
  }

  List<String> apiCommands() {
    return fs.requests().stream().filter(r -> "api".equals(r.request().verb()) || "bgapi".equals(r.request().verb()))
        .map(r -> r.request().argument()).toList();
  }

  static MultiMap headers(HttpResponse<Buffer> r) {
    return r.headers();
  }

  @Override
  public void close() throws Exception {
    web.close();
    get(node.stop());
    get(fs.close());
    get(vertx.close());
  }
}
