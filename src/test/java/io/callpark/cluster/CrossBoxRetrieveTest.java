package io.callpark.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.BoxSip;
import io.callpark.parking.FetchToken;
import io.callpark.parking.Lot;
import io.callpark.parking.ManualClock;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.FetchTokens;
import io.callpark.parking.store.InMemoryFetchTokens;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.callpark.sim.SipNetwork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retrieval across FreeSWITCH boxes (facts 32-33): two simulated boxes that reach each other over SIP
 * ({@link SipNetwork}: box A at 127.0.0.1:5060, box B at 127.0.0.2:5060) and two nodes sharing one slot
 * store and one token store. A retriever on box B is bridged to {@code fetch+<slot>} on box A, whose
 * dialplan hands that leg to a node; only a leg with a fresh one-time token from a configured box gets
 * the parked call. Everything else is refused and the parked caller keeps its music.
 */
class CrossBoxRetrieveTest {
  private static final String A_IP = "127.0.0.1";
  private static final String B_IP = "127.0.0.2";
  private static final Pattern TOKEN = Pattern.compile("sip_h_X-Callpark-Token=([A-Za-z0-9_-]+)");

  private Vertx vertx;
  private final ManualClock clock = new ManualClock();
  private final InMemorySlotStore store = new InMemorySlotStore();
  private final FetchTokens tokens = new InMemoryFetchTokens();
  private final List<ParkEvent> events = new CopyOnWriteArrayList<>();
  private final Map<String, List<ParkEvent>> eventsByNode = new ConcurrentHashMap<>();
  private FakeFreeSwitch boxA;
  private FakeFreeSwitch boxB;
  private CallparkNode n1;
  private CallparkNode n2;

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    SipNetwork net = new SipNetwork();
    SimEndpoint phones = SimEndpoint.answering(Duration.ZERO);
    boxA = get(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fsA").domain(A_IP)
        .endpoint(net.endpointFrom(A_IP, phones)).build()));
    boxB = get(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fsB").domain(B_IP)
        .endpoint(net.endpointFrom(B_IP, phones)).build()));
    net.attach(A_IP + ":5060", boxA).attach(B_IP + ":5060", boxB);
    n1 = node("n1");
    n2 = node("n2");
    route(boxA, n1);
    route(boxB, n1);
  }

  @AfterEach
  void stop() throws Exception {
    get(boxA.close());
    get(boxB.close());
    get(n1.stop());
    get(n2.stop());
    get(vertx.close());
  }

  private CallparkNode node(String id) throws Exception {
    return node(id, box("fsB", boxB, B_IP));
  }

  private CallparkNode node(String id, BoxConfig b) throws Exception {
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base.withNodeId(id).withOutbound(base.outbound().withPort(0))
        .withBoxes(List.of(box("fsA", boxA, A_IP), b))
        .withLots(Map.of("default", Lot.withDefaults("default", SlotRange.of(6001, 6010))), "default");
    CallparkNode node = new CallparkNode(vertx, config, store, clock, new StaticMembership("n1", "n2"), tokens);
    List<ParkEvent> mine = eventsByNode.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
    node.parking().context().events().listen(e -> {
      events.add(e);
      mine.add(e);
    });
    get(node.start());
    await().until(() -> node.links().stream().allMatch(l -> l.isConnected()));
    return node;
  }

  private static BoxConfig box(String id, FakeFreeSwitch fs, String sipIp) {
    return new BoxConfig(InboundOptions.of(id, "127.0.0.1", fs.port(), fs.password())
        .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of()), sipIp,
        BoxSip.parse(sipIp + ":5060", BoxSip.DEFAULT_PREFIX));
  }

  /** The box's dialplan, like freeswitch-conf's, handing every callpark call to {@code node}. */
  private static void route(FakeFreeSwitch fs, CallparkNode node) {
    String socket = "socket 127.0.0.1:" + node.outboundPort() + " async full";
    for (String ext : List.of("5900", "^(60\\d\\d)$", "^fetch\\+(\\d{1,9})$")) {
      fs.dialplan().remove("default", ext);
    }
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
        .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket)
        .extension("^fetch\\+(\\d{1,9})$", socket, "hangup NORMAL_TEMPORARY_FAILURE");
  }

  private Optional<SlotRecord> slot(String s) throws Exception {
    return get(store.get("default", s));
  }

  /** Parks a caller on box A and waits until it hears music in 6001. */
  private String parkOnA(String name, String number) throws Exception {
    String uuid = get(boxA.placeCall(CallSpec.builder("5900").from(name, number).build()));
    await().until(() -> slot("6001").map(r -> uuid.equals(r.callUuid())).orElse(false) && onHold(uuid));
    return uuid;
  }

  private boolean onHold(String uuid) {
    return boxA.channel(uuid).map(c -> !c.ended() && c.bridgedTo() == null
        && List.of("playback", "endless_playback").contains(c.application())).orElse(false);
  }

  private String retrieveOnB(String name, String number) throws Exception {
    return get(boxB.placeCall(CallSpec.builder("6001").from(name, number).build()));
  }

  /** A SIP leg to fetch+6001 on box A, as if box {@code fromIp} sent it with {@code token} (null: no header). */
  private String fetchLeg(String fromIp, String token) throws Exception {
    CallSpec.Builder b = CallSpec.builder("fetch+6001").from("Mallory", "1666").fromPeer(fromIp);
    if (token != null) {
      b.variable("sip_h_X-Callpark-Token", token);
    }
    return get(boxA.placeCall(b.build()));
  }

  private FetchToken grantFor(String callUuid) {
    return new FetchToken("default", "6001", callUuid, 1, "fsB", "fsA", clock.millis() + 30_000);
  }

  /** The leg was refused: hung up CALL_REJECTED without being answered, and nothing was bridged to it. */
  private void assertRefused(String leg) {
    await().until(() -> boxA.channel(leg).map(ChannelSnapshot::ended).orElse(false));
    ChannelSnapshot c = boxA.channel(leg).orElseThrow();
    assertThat(c.hangupCause()).isEqualTo("CALL_REJECTED");
    assertThat(c.answered()).isFalse();
    assertThat(apiOn(boxA)).noneMatch(cmd -> cmd.contains(leg));
  }

  private static List<String> apiOn(FakeFreeSwitch fs) {
    return fs.requests().stream().filter(r -> "api".equals(r.verb())).map(r -> r.request().argument()).toList();
  }

  private static List<String> executed(FakeFreeSwitch fs, String uuid) {
    return fs.requests().stream()
        .filter(r -> "sendmsg".equals(r.verb()) && "execute".equals(r.header("call-command")) && uuid.equals(r.channelUuid()))
        .map(r -> r.header("execute-app-name") + (r.header("execute-app-arg") == null ? "" : " " + r.header("execute-app-arg")))
        .toList();
  }

  private static String tokenSentBy(FakeFreeSwitch fs, String retriever) {
    String bridge = executed(fs, retriever).stream().filter(s -> s.startsWith("bridge ")).findFirst().orElseThrow();
    Matcher m = TOKEN.matcher(bridge);
    assertThat(m.find()).as("token in %s", bridge).isTrue();
    return m.group(1);
  }

  private long retrievedEvents() {
    return events.stream().filter(e -> e.type() == ParkEvent.Type.RETRIEVED).count();
  }

  @Test
  void aRetrieveOnBoxBOfACallParkedOnBoxABridgesThemOverSip() throws Exception {
    String alice = parkOnA("Alice", "1000");
    String reception = retrieveOnB("Reception", "1005");

    await().atMost(Duration.ofSeconds(10)).until(() -> boxA.channel(alice).map(c -> c.bridgedTo() != null).orElse(false)
        && boxB.channel(reception).map(c -> c.bridgedTo() != null).orElse(false));
    assertThat(slot("6001")).isEmpty();
    String bridge = executed(boxB, reception).stream().filter(s -> s.startsWith("bridge ")).findFirst().orElseThrow();
    assertThat(bridge).matches("bridge \\{absolute_codec_string=PCMU,sip_h_X-Callpark-Token=[A-Za-z0-9_-]{22},"
        + ".*\\}sofia/internal/fetch\\+6001@127\\.0\\.0\\.1:5060");
    // On box A the fetch leg is answered first (else its INVITE is refused, fact 32), then bridged to Alice.
    String fetch = boxA.channel(alice).orElseThrow().bridgedTo();
    ChannelSnapshot leg = boxA.channel(fetch).orElseThrow();
    assertThat(leg.destination()).isEqualTo("fetch+6001");
    assertThat(leg.callerIdNumber()).isEqualTo("1005");
    assertThat(leg.variable("sip_network_ip")).isEqualTo(B_IP);
    assertThat(executed(boxA, fetch)).first().isEqualTo("answer");
    assertThat(apiOn(boxA)).contains("uuid_setvar " + alice + " socket_resume false", "uuid_bridge " + fetch + " " + alice);
    await().until(() -> retrievedEvents() == 1);

    get(boxB.hangup(reception));
    await().atMost(Duration.ofSeconds(5)).until(() -> boxA.channels().isEmpty() && boxB.channels().isEmpty());
    assertThat(slot("6001")).isEmpty();
  }

  @Test
  void aRetrieveOnAnotherNodeAndAnotherBoxTakesTheCallWithoutTheParkingNode() throws Exception {
    String alice = parkOnA("Alice", "1000");
    assertThat(slot("6001").orElseThrow().ownerNode()).isEqualTo("n1");
    assertThat(n1.parking().trackedCalls()).isEqualTo(1);
    // From now on both boxes hand calls to n2 only: n2 issues the token on B and takes the fetch leg on A.
    route(boxA, n2);
    route(boxB, n2);

    String reception = retrieveOnB("Reception", "1005");

    await().atMost(Duration.ofSeconds(10)).until(() -> boxA.channel(alice).map(c -> c.bridgedTo() != null).orElse(false)
        && boxB.channel(reception).map(c -> c.bridgedTo() != null).orElse(false));
    String fetch = boxA.channel(alice).orElseThrow().bridgedTo();
    RecordedRequest bridged = boxA.requests().stream()
        .filter(r -> ("uuid_bridge " + fetch + " " + alice).equals(r.request().argument())).findFirst().orElseThrow();
    assertThat(boxA.connections()).filteredOn(c -> c.id() == bridged.connectionId()).singleElement()
        .satisfies(c -> assertThat(c.remoteAddress()).endsWith(":" + n2.outboundPort()));
    assertThat(slot("6001")).isEmpty();
    await().until(() -> !eventsByNode.get("n2").isEmpty());
    assertThat(eventsByNode.get("n2")).extracting(ParkEvent::type).containsExactly(ParkEvent.Type.RETRIEVED);
    assertThat(eventsByNode.get("n1")).extracting(ParkEvent::type).doesNotContain(ParkEvent.Type.RETRIEVED);
    // The parking node keeps its socket until the call ends, then lets go without touching any slot.
    get(boxB.hangup(reception));
    await().atMost(Duration.ofSeconds(5)).until(() -> boxA.channels().isEmpty() && n1.parking().trackedCalls() == 0);
    assertThat(store.all().result()).isEmpty();
  }

  @Test
  void replayedForgedMalformedAndMissingTokensAreRefusedAndTheParkedCallKeepsItsMusic() throws Exception {
    String alice = parkOnA("Alice", "1000");
    String reception = retrieveOnB("Reception", "1005");
    await().until(() -> boxA.channel(alice).map(c -> c.bridgedTo() != null).orElse(false));
    await().until(() -> retrievedEvents() == 1);
    String used = tokenSentBy(boxB, reception);
    get(boxB.hangup(reception));
    await().until(() -> boxA.channels().isEmpty());

    String bob = parkOnA("Bob", "1001");
    for (String token : new String[] {used, FetchTokens.newToken(), used + "x", "' or 1=1", null}) {
      String leg = fetchLeg(B_IP, token);
      assertRefused(leg);
      assertThat(onHold(bob)).as("Bob after token %s", token).isTrue();
    }
    // A token shown by the wrong box (box A itself here) is refused and burnt: a leaked token dies at first use.
    String token = get(tokens.issue(grantFor(bob)));
    assertRefused(fetchLeg(A_IP, token));
    assertRefused(fetchLeg(B_IP, token));
    assertThat(onHold(bob)).isTrue();
    assertThat(slot("6001").orElseThrow().callUuid()).isEqualTo(bob);
    assertThat(apiOn(boxA)).noneMatch(cmd -> cmd.startsWith("uuid_bridge") && cmd.contains(bob));
    assertThat(retrievedEvents()).isEqualTo(1);
  }

  @Test
  void anExpiredTokenIsRefusedWhileAFreshOneForTheSameCallWorks() throws Exception {
    String alice = parkOnA("Alice", "1000");
    String stale = get(tokens.issue(grantFor(alice)));
    clock.advance(Duration.ofSeconds(31));
    String fresh = get(tokens.issue(grantFor(alice)));

    assertRefused(fetchLeg(B_IP, stale));
    assertThat(onHold(alice)).isTrue();
    assertThat(slot("6001").orElseThrow().callUuid()).isEqualTo(alice);

    String leg = fetchLeg(B_IP, fresh);
    await().until(() -> boxA.channel(alice).map(c -> leg.equals(c.bridgedTo())).orElse(false));
    assertThat(slot("6001")).isEmpty();
  }

  @Test
  void aFetchLegFromAnAddressNoBoxHasIsRefusedWithoutUsingUpItsToken() throws Exception {
    String alice = parkOnA("Alice", "1000");
    String token = get(tokens.issue(grantFor(alice)));

    assertRefused(fetchLeg("127.0.0.9", token));
    assertRefused(fetchLeg("127.0.0.2:5060", token));
    assertThat(onHold(alice)).isTrue();
    assertThat(slot("6001").orElseThrow().callUuid()).isEqualTo(alice);

    String leg = fetchLeg(B_IP, token);
    await().until(() -> boxA.channel(alice).map(c -> leg.equals(c.bridgedTo())).orElse(false));
  }

  @Test
  void racingRetrievesOnBothBoxesAndBothNodesLeaveExactlyOneWinner() throws Exception {
    String alice = parkOnA("Alice", "1000");
    route(boxB, n2);
    boxA.dialplan().remove("default", "^(60\\d\\d)$");
    boxA.dialplan().extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true",
        "socket 127.0.0.1:" + n2.outboundPort() + " async full");

    List<Future<String>> placed = List.of(
        boxB.placeCall(CallSpec.builder("6001").from("Reception", "1005").build()),
        boxB.placeCall(CallSpec.builder("6001").from("Sales", "1006").build()),
        boxA.placeCall(CallSpec.builder("6001").from("Desk", "1007").build()));
    List<String> retrievers = Future.all(placed).map(cf -> List.of((String) cf.resultAt(0), (String) cf.resultAt(1),
        (String) cf.resultAt(2))).toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(15)).until(() -> boxA.channel(alice).map(c -> c.bridgedTo() != null).orElse(false)
        && retrievers.stream().filter(r -> ended(r)).count() == 2);
    List<String> left = retrievers.stream().filter(r -> !ended(r)).toList();
    assertThat(left).hasSize(1);
    String partner = boxA.channel(alice).orElseThrow().bridgedTo();
    String winner = left.get(0);
    if (boxA.channel(winner).isPresent()) {
      assertThat(partner).isEqualTo(winner);
    } else {
      assertThat(boxB.channel(winner).orElseThrow().bridgedTo()).isNotNull();
      assertThat(boxA.channel(partner).orElseThrow().destination()).isEqualTo("fetch+6001");
    }
    await().until(() -> retrievedEvents() >= 1);
    assertThat(retrievedEvents()).isEqualTo(1);
    assertThat(slot("6001")).isEmpty();
  }

  private boolean ended(String uuid) {
    Optional<ChannelSnapshot> c = boxA.channel(uuid).or(() -> boxB.channel(uuid));
    return c.map(ChannelSnapshot::ended).orElse(false);
  }

  @Test
  void aRetrieverOnABoxWithoutASipAddressIsRefusedAndTheCallStaysParked() throws Exception {
    String alice = parkOnA("Alice", "1000");
    BoxConfig noSip = box("fsB", boxB, B_IP);
    CallparkNode n3 = node("n3", new BoxConfig(noSip.options(), noSip.domain(), null));
    try {
      route(boxB, n3);
      String reception = retrieveOnB("Reception", "1005");
      await().atMost(Duration.ofSeconds(10)).until(() -> ended(reception));
      assertThat(executed(boxB, reception)).noneMatch(app -> app.startsWith("bridge "));
      assertThat(onHold(alice)).isTrue();
      assertThat(slot("6001").orElseThrow().callUuid()).isEqualTo(alice);
    } finally {
      get(n3.stop());
    }
  }
}
