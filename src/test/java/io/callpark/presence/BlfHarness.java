package io.callpark.presence;

import static org.awaitility.Awaitility.await;

import io.callpark.cluster.StaticMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.SlotRange;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.RecordedRequest;
import io.callpark.sim.SimConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Callpark nodes sharing one in-memory store and one {@link StaticMembership} (like members of one
 * cluster), every node linked to every {@link FakeFreeSwitch} box. Lot {@code my_lot} 6001-6010 on domain
 * 127.0.0.1, as in the valet_park captures. On each box: {@code sock} hands a call to the nodes (in the
 * order given, with socket_resume and a transfer to {@code park} when the socket returns, like
 * freeswitch-conf), {@code park} does the same for re-entry, {@code ret} without the transfer (retrievals).
 * The periodic reconcile is off unless the options say otherwise.
 */
final class BlfHarness implements AutoCloseable {
  static final String LOT = "my_lot";

  final Vertx vertx = Vertx.vertx();
  final InMemorySlotStore store = new InMemorySlotStore();
  final StaticMembership membership;
  final List<FakeFreeSwitch> boxes = new ArrayList<>();
  final Map<String, CallparkNode> nodes = new LinkedHashMap<>();

  BlfHarness(int boxCount, PresenceOptions options, String... nodeIds) throws Exception {
    membership = new StaticMembership(nodeIds);
    for (int i = 0; i < boxCount; i++) {
      boxes.add(get(FakeFreeSwitch.start(vertx, SimConfig.builder().domain("127.0.0.1").build())));
    }
    List<BoxConfig> boxConfigs = new ArrayList<>();
    for (int i = 0; i < boxCount; i++) {
      FakeFreeSwitch fs = boxes.get(i);
      boxConfigs.add(new BoxConfig(InboundOptions.of("fs" + (i + 1), "127.0.0.1", fs.port(), fs.password())
          .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE", "PRESENCE_PROBE"), List.of())
          .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), "127.0.0.1"));
    }
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    for (String id : nodeIds) {
      CallparkConfig config = base.withNodeId(id).withOutbound(base.outbound().withPort(0)).withBoxes(boxConfigs)
          .withLots(Map.of(LOT, Lot.withDefaults(LOT, SlotRange.of(6001, 6010))), LOT).withPresence(options);
      CallparkNode node = new CallparkNode(vertx, config, store, Clock.systemUTC(), membership);
      get(node.start());
      nodes.put(id, node);
    }
    StringBuilder targets = new StringBuilder();
    for (CallparkNode n : nodes.values()) {
      targets.append(targets.length() == 0 ? "" : "|").append("127.0.0.1:").append(n.outboundPort());
    }
    String socket = "socket " + targets + " async full";
    for (FakeFreeSwitch fs : boxes) {
      fs.dialplan()
          .extension("sock", "set socket_resume=true", socket, "transfer park XML default")
          .extension("park", "set socket_resume=true", socket, "transfer park XML default")
          .extension("ret", "set socket_resume=true", socket);
    }
    await().until(() -> nodes.values().stream().allMatch(n -> n.links().stream().allMatch(l -> l.isConnected())));
  }

  /** A harness with the periodic reconcile off and a fast reconcile rate. */
  static PresenceOptions quiet() {
    return PresenceOptions.DEFAULT.withReconcile(Duration.ZERO, 10_000);
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  FakeFreeSwitch box() {
    return boxes.get(0);
  }

  CallparkNode node(String id) {
    return nodes.get(id);
  }

  /** Waits until every box got a lamp for every slot and the lot (the reconcile of each link's connect), then forgets them. */
  void settle() throws Exception {
    for (FakeFreeSwitch fs : boxes) {
      await().until(() -> {
        List<String> logins = frames(fs).stream().map(r -> r.header("login")).distinct().toList();
        return logins.containsAll(SlotRange.of(6001, 6010).names()) && logins.contains(LOT);
      });
      get(fs.clearRecorded());
    }
  }

  /** Caller {@code name} parked in {@code slot} through box {@code fs}; completes with the channel uuid. */
  String park(FakeFreeSwitch fs, String slot, String name, String number) throws Exception {
    return get(fs.placeCall(CallSpec.builder("sock").from(name, number).variable("sip_auth_username", number)
        .variable("user_name", number).variable("callpark_request", LOT + " park " + slot).build()));
  }

  /** {@code name} retrieves {@code slot} through box {@code fs}. */
  String retrieve(FakeFreeSwitch fs, String slot, String name, String number) throws Exception {
    return get(fs.placeCall(CallSpec.builder("ret").from(name, number).variable("sip_auth_username", number)
        .variable("user_name", number).variable("callpark_request", LOT + " retrieve " + slot).build()));
  }

  /** Every {@code sendevent PRESENCE_IN} box {@code fs} received, in order. */
  static List<RecordedRequest> frames(FakeFreeSwitch fs) {
    return fs.requests().stream().filter(r -> r.line().equals("sendevent PRESENCE_IN")).toList();
  }

  /** The PRESENCE_IN frames {@code fs} received for {@code login} (a slot or the lot). */
  static List<RecordedRequest> frames(FakeFreeSwitch fs, String login) {
    return frames(fs).stream().filter(r -> login.equals(r.header("login"))).toList();
  }

  /** The force-status of the last frame for {@code login}, or null. */
  static String lastStatus(FakeFreeSwitch fs, String login) {
    List<RecordedRequest> f = frames(fs, login);
    return f.isEmpty() ? null : f.get(f.size() - 1).header("force-status");
  }

  /** The frame as it was on the wire: the command line, each header, the blank line. */
  static String wire(RecordedRequest r) {
    StringBuilder sb = new StringBuilder(r.line()).append('\n');
    r.request().headers().asPairs().forEach(p -> sb.append(p.get(0)).append(": ").append(p.get(1)).append('\n'));
    return sb.append('\n').toString();
  }

  /** The box's inbound connections (the nodes' links) that are open. */
  static List<ConnectionInfo> inbound(FakeFreeSwitch fs) {
    return fs.connections().stream().filter(c -> c.kind() == ConnectionInfo.Kind.INBOUND && c.open()).toList();
  }

  @Override
  public void close() throws Exception {
    // Calls first, then boxes: a call whose socket closes resumes into 'park', and with no node (or box)
    // left to take it, this dialplan (no loop guard) would loop.
    for (FakeFreeSwitch fs : boxes) {
      get(fs.api("hupall NORMAL_CLEARING"));
    }
    for (FakeFreeSwitch fs : boxes) {
      get(fs.close());
    }
    for (CallparkNode n : nodes.values()) {
      get(n.stop());
    }
    get(vertx.close());
  }
}
