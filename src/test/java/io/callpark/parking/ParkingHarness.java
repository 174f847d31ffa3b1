package io.callpark.parking;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One callpark node (in-memory store, manual clock) wired to one FakeFreeSwitch box over loopback, with
 * a dialplan like freeswitch-conf's: {@code 5900} parks ({@code default auto in}), {@code park} is the
 * node's park extension, {@code 60NN} are slot keys, {@code *8NNNN} retrieves. Every extension sets
 * {@code socket_resume=true}. Tests set {@code callpark_request} per call to reach other cases.
 */
final class ParkingHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final ManualClock clock = new ManualClock();
  final SlotStore store;
  final List<ParkEvent> events = new CopyOnWriteArrayList<>();
  final AtomicReference<SimEndpoint.Outcome> phones = new AtomicReference<>(new SimEndpoint.Answer(Duration.ZERO));
  final FakeFreeSwitch fs;
  final CallparkNode node;

  ParkingHarness(UnaryOperator<Lot> lotSettings) throws Exception {
    this(lotSettings, new InMemorySlotStore());
  }

  ParkingHarness(UnaryOperator<Lot> lotSettings, SlotStore store) throws Exception {
    this.store = store;
    SimEndpoint endpoint = target -> phones.get();
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(endpoint).domain("127.0.0.1").build()));
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    Lot lot = lotSettings.apply(Lot.withDefaults("default", SlotRange.of(6001, 6010)));
    CallparkConfig config = base
        .withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), "127.0.0.1")))
        .withLots(Map.of("default", lot), "default");
    node = new CallparkNode(vertx, config, store, clock);
    node.parking().context().events().listen(events::add);
    int port = get(node.start());
    String socket = "socket 127.0.0.1:" + port + " async full";
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
        .extension("park", "set socket_resume=true", socket)
        .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket)
        .extension("^\\*8(60\\d\\d)$", "set callpark_request=default retrieve $1", "set socket_resume=true", socket)
        .extension("sock", "set socket_resume=true", socket)
        .extension("operator", "answer", "playback local_stream://moh")
        // Escalation targets: an operator desk that answers, one that does not, and stand-ins for
        // freeswitch-conf's hand-on extensions (the sim has no mod_fifo or mod_voicemail).
        .extension("2000", "answer", "park")
        .extension("2001", "hangup NO_ANSWER")
        .extension("callpark_escalate_queue", "answer", "park")
        .extension("callpark_escalate_voicemail", "answer", "park")
        .extension("callpark_escalate_hangup", "playback ${callpark_prompt}", "hangup");
    org.awaitility.Awaitility.await().until(() -> node.links().get(0).isConnected());
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A call to {@code destination} from {@code name <number>}, authenticated as {@code number}. */
  String call(String destination, String name, String number, String... vars) throws Exception {
    CallSpec.Builder b = CallSpec.builder(destination).from(name, number).variable("sip_auth_username", number)
        .variable("user_name", number);
    for (int i = 0; i + 1 < vars.length; i += 2) {
      b.variable(vars[i], vars[i + 1]);
    }
    return get(fs.placeCall(b.build()));
  }

  /** A caller blind-transferred by {@code parker} (fact 36): answered, Referred-By, bl_xfer source. */
  String transferred(String destination, String name, String number, String parker, String... vars) throws Exception {
    CallSpec.Builder b = CallSpec.builder(destination).from(name, number).answered()
        .variable("sip_h_Referred-By", "<sip:" + parker + "@127.0.0.1>")
        .transferSource("1795553290:d170f036-00e2-4970-ab13-5f18642bb5a3:bl_xfer:" + destination + "/default/XML");
    for (int i = 0; i + 1 < vars.length; i += 2) {
      b.variable(vars[i], vars[i + 1]);
    }
    return get(fs.placeCall(b.build()));
  }

  Optional<SlotRecord> slot(String slot) throws Exception {
    return get(store.get("default", slot));
  }

  List<SlotRecord> records() throws Exception {
    return get(store.all());
  }

  /** Apps the box was asked to execute on channel {@code uuid}, as "app arg". */
  List<String> executed(String uuid) {
    return fs.requests().stream()
        .filter(r -> "sendmsg".equals(r.request().verb()) && "execute".equals(r.request().header("call-command")))
        .filter(r -> uuid.equals(r.channelUuid()))
        .map(r -> r.request().header("execute-app-name")
            + (r.request().header("execute-app-arg") == null ? "" : " " + r.request().header("execute-app-arg")))
        .toList();
  }

  List<String> apiCommands() {
    return fs.requests().stream().filter(r -> "api".equals(r.request().verb()) || "bgapi".equals(r.request().verb()))
        .map(r -> r.request().argument()).toList();
  }

  List<ParkEvent.Type> eventTypes() {
    return events.stream().map(ParkEvent::type).toList();
  }

  List<RecordedRequest> requests() {
    return fs.requests();
  }

  @Override
  public void close() throws Exception {
    get(node.stop());
    get(fs.close());
    get(vertx.close());
  }
}
