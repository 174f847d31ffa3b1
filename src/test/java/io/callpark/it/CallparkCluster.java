package io.callpark.it;

import static org.awaitility.Awaitility.await;

import io.callpark.esl.codec.EslEvent;
import io.callpark.it.ItFiles.NodeSpec;
import io.callpark.parking.ParkEvents;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeDialplan;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.callpark.sim.SipNetwork;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A callpark cluster for one test class: two {@link FakeFreeSwitch} boxes in the test JVM ({@code fs1},
 * {@code fs2}; every node has an inbound link to both and each box's {@code socket} lists every node)
 * and {@code size} nodes, each its own JVM ({@link NodeProcess}), clustered over Hazelcast on loopback
 * under a cluster name no other class or run shares. Register it as a static
 * {@code @RegisterExtension}: the nodes start once per class; before each test every node is running,
 * thawed and a member again (a node a test killed, stopped or froze is restarted), and no call,
 * slot record or recorded request is left from the test before. After the class every node is
 * killed, whatever happened.
 *
 * <p>Each box's dialplan follows freeswitch-conf/dialplan/callpark.xml with what the simulator can
 * express (exact or regex extensions, {@code ${var}} expansion, no conditions):
 * <ul>
 *   <li>{@code 590<i>}: park ({@code default auto in}) with node {@code i} first in the socket list;</li>
 *   <li>{@code sock<i>}: hand the call to the nodes, node {@code i} first, with the
 *       {@code callpark_request} the call brings;</li>
 *   <li>{@code park}: callpark's re-entry point (re-homing sends calls here), nodes in order;</li>
 *   <li>{@code 60NN}: slot keys ({@code default 60NN}), nodes in order;</li>
 *   <li>{@code fetch+<slot>}: another box's leg collecting a call parked here (cross-box retrieval),
 *       nodes in order, no socket_resume. The boxes reach each other over a {@link SipNetwork}, box
 *       {@code b} at {@code 127.0.0.<b>:5060};</li>
 *   <li>after {@code socket}: {@code transfer resume<x...>-${callpark_slot}}. A parked call whose
 *       controller went away carries {@code callpark_slot} and goes straight back to the nodes; the
 *       next four times after a 500 ms pause, then it is hung up (callpark.xml's callpark_resume and
 *       its counter). A call callpark refused carries no slot and is hung up.</li>
 * </ul>
 *
 * <p>Helpers that take a channel uuid look at the box that call is on. Thread-safe for what tests do
 * with it: the boxes' accessors are, the nodes synchronize. Public for the chaos run
 * (io.callpark.it.chaos), which also uses it outside JUnit: {@link #start(String)} and {@link #close()}.
 */
public final class CallparkCluster implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback,
    AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallparkCluster.class);
  public static final Duration NODE_START = Duration.ofSeconds(60);
  public static final int BOXES = 2;

  private final int size;
  private final SimEndpoint phones;
  private final List<NodeSpec> specs = new ArrayList<>();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private String name;
  private Vertx vertx;
  private final List<FakeFreeSwitch> boxes = new ArrayList<>();
  private SlotMap slots;

  CallparkCluster(int size) {
    this(size, SimEndpoint.answering(Duration.ZERO));
  }

  /**
   * @param phones what the boxes' own phones do when a node rings one ({@code user/1001@...}: recalls,
   *     reminders); by default every phone answers at once
   */
  public CallparkCluster(int size, SimEndpoint phones) {
    this.size = size;
    this.phones = phones;
  }

  // ---- lifecycle

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start(context.getRequiredTestClass().getSimpleName());
  }

  /**
   * Starts the boxes and the nodes and waits until the cluster is whole; {@code testClass} names the
   * cluster and the log files ({@code target/it-logs/<testClass>-n<i>.log}). Outside JUnit, call
   * {@link #close()} when done, also after a failure here.
   */
  public void start(String testClass) throws Exception {
    name = "callpark-it-" + testClass + "-" + ProcessHandle.current().pid();
    vertx = Vertx.vertx();
    SipNetwork sip = new SipNetwork();
    for (int b = 1; b <= BOXES; b++) {
      // The box id doubles as FreeSWITCH-Switchname: that is how a node tells which box a call is on.
      boxes.add(get(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fs" + b).domain("127.0.0.1")
          .endpoint(sip.endpointFrom(ItFiles.sipIp(b), phones)).build())));
      sip.attach(ItFiles.sipIp(b) + ":5060", box(b));
    }
    for (int i = 1; i <= size; i++) {
      specs.add(new NodeSpec("n" + i, ItFiles.freePort(), ItFiles.freePort()));
    }
    boxes.forEach(b -> dialplan(b.dialplan()));
    List<Integer> boxPorts = boxes.stream().map(FakeFreeSwitch::port).toList();
    Map<String, String> env = new java.util.HashMap<>();
    for (int b = 1; b <= BOXES; b++) {
      env.put(ItFiles.passwordEnv(b), box(b).password());
    }
    for (NodeSpec s : specs) {
      nodes.add(new NodeProcess(s.id(), ItFiles.writeNodeConfig(name, s, specs, boxPorts),
          ItFiles.logFile(testClass + "-" + s.id()), env));
    }
    // The first node alone forms the cluster; the others then join it (started together they could
    // form clusters of their own, merged only much later).
    nodes.get(0).start(NODE_START);
    nodes.subList(1, size).forEach(NodeProcess::launch);
    nodes.subList(1, size).forEach(n -> n.awaitUp(NODE_START));
    slots = new SlotMap(name, specs);
    awaitWholeCluster();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    heal();
    if (!slots.records().isEmpty()) {
      log.warn("slot records left from before: {}", slots.records());
      slots.clear();
    }
    for (FakeFreeSwitch b : boxes) {
      get(b.clearRecorded());
    }
  }

  /** Hangs every call up; a slot record that outlives its call fails the test that leaked it. */
  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    hangUpEverything();
    try {
      await("no slot record left once every call hung up").atMost(Duration.ofSeconds(15))
          .until(() -> slots.records().isEmpty());
    } catch (ConditionTimeoutException e) {
      List<?> left = slots.records();
      slots.clear();
      throw new AssertionError("slot records outlived their calls: " + left, e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    close();
  }

  /** Kills every node and closes the boxes, whatever state they are in. */
  @Override
  public void close() throws Exception {
    try {
      if (slots != null) {
        slots.close();
      }
    } finally {
      nodes.forEach(NodeProcess::close);
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Every node running, thawed and a member; a frozen or departed one is killed and started again. */
  public void heal() {
    List<NodeProcess> launched = new ArrayList<>();
    for (NodeProcess n : nodes) {
      if (n.frozen()) {
        n.kill9();
      }
      if (!n.running()) {
        n.launch();
        launched.add(n);
      }
    }
    launched.forEach(n -> n.awaitUp(NODE_START));
    try {
      awaitWholeCluster();
    } catch (ConditionTimeoutException e) {
      Set<Integer> members = slots.memberPorts();
      for (int i = 0; i < size; i++) {
        if (!members.contains(specs.get(i).hazelcastPort())) {
          log.warn("node {} is running but not a member (members {}): restarting it", specs.get(i).id(), members);
          nodes.get(i).kill9();
          nodes.get(i).start(NODE_START);
        }
      }
      awaitWholeCluster();
    }
  }

  /** Every node is a member and owns partitions (migrations after a join have settled enough). */
  public void awaitWholeCluster() {
    Set<Integer> all = specs.stream().map(NodeSpec::hazelcastPort).collect(Collectors.toSet());
    await("all " + size + " nodes in one cluster").atMost(Duration.ofSeconds(30))
        .until(() -> slots.memberPorts().equals(all) && slots.partitionsPerMember().keySet().equals(all));
  }

  private void hangUpEverything() throws Exception {
    for (FakeFreeSwitch b : boxes) {
      for (ChannelSnapshot ch : b.channels()) {
        b.hangup(ch.uuid()).toCompletionStage().toCompletableFuture().exceptionally(e -> null)
            .get(10, TimeUnit.SECONDS);
      }
    }
    await("no channel left").atMost(Duration.ofSeconds(20))
        .until(() -> boxes.stream().allMatch(b -> b.channels().isEmpty()));
  }

  private void dialplan(FakeDialplan d) {
    String all = socket(0);
    String resume = "transfer resume${callpark_resumes}-${callpark_slot} XML default";
    for (int i = 1; i <= size; i++) {
      d.extension("590" + i, "unset callpark_lot", "unset callpark_slot", "unset callpark_resumes",
          "set callpark_request=default auto in", "set socket_resume=true", socket(i - 1), resume);
      d.extension("sock" + i, "set socket_resume=true", socket(i - 1), resume);
    }
    d.extension("park", "set socket_resume=true", all, resume);
    d.extension("^(60\\d\\d)$", "unset callpark_lot", "unset callpark_slot", "unset callpark_resumes",
        "set callpark_request=default $1", "set socket_resume=true", all, resume);
    d.extension("^resume-(60\\d\\d)$", "set callpark_resumes=x", "set socket_resume=true", all, resume);
    d.extension("^resumex{1,4}-(60\\d\\d)$", "set callpark_resumes=${callpark_resumes}x", "sleep 500",
        "set socket_resume=true", all, resume);
    d.extension("^resumex{5}-(60\\d\\d)$", "hangup NORMAL_TEMPORARY_FAILURE");
    d.extension("resume-", "hangup NORMAL_TEMPORARY_FAILURE");
    d.extension("^fetch\\+\\d{1,9}$", all, "hangup NORMAL_TEMPORARY_FAILURE");
  }

  /** {@code socket a|b|c async full} with node {@code first} (0-based) first, the others in order after it. */
  private String socket(int first) {
    return "socket " + IntStream.range(0, size).mapToObj(k -> specs.get((first + k) % size).outbound())
        .collect(Collectors.joining("|")) + " async full";
  }

  // ---- nodes

  /** Node {@code i}, 1-based ({@code n1} is node(1)). */
  public NodeProcess node(int i) {
    return nodes.get(i - 1);
  }

  public String nodeId(int i) {
    return specs.get(i - 1).id();
  }

  /** Node id of a Hazelcast member port. */
  String nodeOfMemberPort(int port) {
    return specs.stream().filter(s -> s.hazelcastPort() == port).map(NodeSpec::id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on Hazelcast port " + port));
  }

  int indexOf(String nodeId) {
    for (int i = 0; i < size; i++) {
      if (specs.get(i).id().equals(nodeId)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(nodeId);
  }

  public int size() {
    return size;
  }

  public SlotMap slots() {
    return slots;
  }

  /** Box {@code b}, 1-based ({@code fs1} is box(1)). */
  public FakeFreeSwitch box(int b) {
    return boxes.get(b - 1);
  }

  /** The box channel {@code uuid} is (or was) on. */
  FakeFreeSwitch boxOf(String uuid) {
    return boxes.stream().filter(b -> b.channel(uuid).isPresent()).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no box knows channel " + uuid));
  }

  /** The latest snapshot of channel {@code uuid}, on whichever box it is. */
  ChannelSnapshot channel(String uuid) {
    return boxOf(uuid).channel(uuid).orElseThrow();
  }

  // ---- calls

  /**
   * A phone registered as {@code number} on box 1 calls {@code destination}; {@code vars} are extra
   * channel variables (name, value, ...). Completes with the channel uuid.
   */
  Future<String> placeCall(String destination, String number, String... vars) {
    return placeCallOn(1, destination, number, vars);
  }

  /** As {@link #placeCall}, on box {@code box}. */
  public Future<String> placeCallOn(int box, String destination, String number, String... vars) {
    CallSpec.Builder b = CallSpec.builder(destination).from("Caller " + number, number)
        .variable("sip_auth_username", number).variable("user_name", number);
    for (int i = 0; i + 1 < vars.length; i += 2) {
      b.variable(vars[i], vars[i + 1]);
    }
    return box(box).placeCall(b.build());
  }

  String call(String destination, String number, String... vars) throws Exception {
    return get(placeCall(destination, number, vars));
  }

  String callOn(int box, String destination, String number, String... vars) throws Exception {
    return get(placeCallOn(box, destination, number, vars));
  }

  // ---- what the boxes saw

  /**
   * The {@code callpark::info} events the nodes sent box {@code box}, oldest first. A node sends each
   * event to every box it is connected to.
   */
  List<EslEvent> parkEvents(int box) {
    return box(box).sentEvents().stream().filter(e -> ParkEvents.SUBCLASS.equals(e.subclass())).toList();
  }

  /** The {@code callpark::info} events of kind {@code type} ({@code parked}, {@code timeout} ...) for a call. */
  List<EslEvent> parkEvents(String type, String uuid) {
    return boxOf(uuid).sentEvents().stream().filter(e -> ParkEvents.SUBCLASS.equals(e.subclass()))
        .filter(e -> type.equals(e.header("Callpark-Event")) && uuid.equals(e.header("Unique-ID"))).toList();
  }

  Optional<EslEvent> parked(String uuid) {
    return parkEvents("parked", uuid).stream().findFirst();
  }

  /** The node an outbound connection of box {@code box} went to (by its port). */
  public String nodeOfConnection(FakeFreeSwitch box, long connectionId) {
    ConnectionInfo c = box.connections().stream().filter(x -> x.id() == connectionId).findFirst().orElseThrow();
    int port = Integer.parseInt(c.remoteAddress().substring(c.remoteAddress().lastIndexOf(':') + 1));
    return specs.stream().filter(s -> s.outboundPort() == port).map(NodeSpec::id).findFirst().orElse("?" + port);
  }

  /** Nodes that got an outbound connection for channel {@code uuid}, in the order they got it. */
  List<String> controllersOf(String uuid) {
    FakeFreeSwitch box = boxOf(uuid);
    return box.connections().stream()
        .filter(c -> c.kind() == ConnectionInfo.Kind.OUTBOUND && uuid.equals(c.channelUuid()))
        .map(c -> nodeOfConnection(box, c.id())).toList();
  }

  /** What the nodes sent about channel {@code uuid} over its outbound connections, as {@code node: line}. */
  List<String> sentOnSocketsOf(String uuid) {
    FakeFreeSwitch box = boxOf(uuid);
    return box.requests().stream()
        .filter(r -> r.kind() == ConnectionInfo.Kind.OUTBOUND && uuid.equals(r.channelUuid()))
        .map(r -> nodeOfConnection(box, r.connectionId()) + ": " + r.line()).toList();
  }

  /** Applications node {@code node} executed on channel {@code uuid} over its outbound connection, as "app arg". */
  List<String> executedBy(String node, String uuid) {
    FakeFreeSwitch box = boxOf(uuid);
    return box.requests().stream()
        .filter(r -> r.kind() == ConnectionInfo.Kind.OUTBOUND && uuid.equals(r.channelUuid()))
        .filter(r -> "sendmsg".equals(r.verb()) && "execute".equals(r.header("call-command")))
        .filter(r -> node.equals(nodeOfConnection(box, r.connectionId())))
        .map(r -> r.header("execute-app-name") + (r.header("execute-app-arg") == null ? "" : " " + r.header("execute-app-arg")))
        .toList();
  }

  /** api/bgapi command lines the nodes sent box {@code box}, over their inbound links or a call's socket. */
  List<String> apiCommands(int box) {
    return box(box).requests().stream()
        .filter(r -> "api".equals(r.verb()) || "bgapi".equals(r.verb())).map(RecordedRequest::line).toList();
  }

  List<String> apiCommands() {
    return apiCommands(1);
  }

  /**
   * The call is up, its {@code callpark_node} names one of {@code nodes}, that node holds its socket now
   * and has started music on hold on it.
   */
  boolean onHoldAt(String uuid, Set<String> nodes) {
    FakeFreeSwitch box = boxOf(uuid);
    Optional<ChannelSnapshot> ch = box.channel(uuid);
    if (ch.isEmpty() || ch.get().ended() || !ch.get().controlled()) {
      return false;
    }
    String node = ch.get().variable("callpark_node");
    return node != null && nodes.contains(node)
        && ch.get().controllerConnections().stream().anyMatch(id -> node.equals(nodeOfConnection(box, id)))
        && executedBy(node, uuid).contains("playback local_stream://moh");
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
