package io.callpark.node;

import io.callpark.cluster.StaticMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.management.ManagementOptions;
import io.callpark.management.ManagementServer;
import io.callpark.metrics.CallparkMetrics;
import io.callpark.parking.Lot;
import io.callpark.parking.ManualClock;
import io.callpark.parking.SlotRange;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.callpark.sim.SimEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole node in the test's process, as {@code callpark node} runs one: a FakeFreeSwitch box, a
 * {@link CallparkNode} (in-memory store, manual clock, single-node membership {@link #membership}), its metrics and its
 * management listener on a free loopback port. Dialplan: {@code 5900} parks in lot {@code default}
 * (6001-6010), {@code 60NN} retrieves slot 60NN. {@link #startNode()} is separate from construction so
 * tests can look at a node that is not up yet.
 */
public final class RunningNode implements AutoCloseable {
  public final Vertx vertx = Vertx.vertx();
  public final ManualClock clock = new ManualClock();
  /** Membership the node sees; {@code membership.leave("node1")} takes it out of the cluster. */
  public final StaticMembership membership = new StaticMembership("node1");
  public final FakeFreeSwitch fs;
  public final CallparkNode node;
  public final CallparkMetrics metrics;
  public final ManagementServer management;
  private final int managementPort;

  public RunningNode() throws Exception {
    SimEndpoint answering = target -> new SimEndpoint.Answer(Duration.ZERO);
    fs = get(FakeFreeSwitch.start(vertx, SimConfig.builder().endpoint(answering).domain("127.0.0.1").build()));
    CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
    CallparkConfig config = base
        .withOutbound(base.outbound().withPort(0))
        .withManagement(ManagementOptions.DEFAULT.withPort(0))
        .withBoxes(List.of(new BoxConfig(InboundOptions.of("fs1", "127.0.0.1", fs.port(), fs.password())
            .withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE"), List.of())
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), "127.0.0.1")))
        .withLots(Map.of("default", Lot.withDefaults("default", SlotRange.of(6001, 6010))), "default");
    node = new CallparkNode(vertx, config, new InMemorySlotStore(), clock, membership);
    metrics = CallparkMetrics.bind(node);
    management = new ManagementServer(vertx, config.management(), node, metrics);
    managementPort = get(management.start());
  }

  /** Starts the node (links, timers, outbound listener) and points the box's dialplan at it. */
  public RunningNode startNode() throws Exception {
    int port = get(node.start());
    String socket = "socket 127.0.0.1:" + port + " async full";
    fs.dialplan()
        .extension("5900", "set callpark_request=default auto in", "set socket_resume=true", socket)
        .extension("^(60\\d\\d)$", "set callpark_request=default $1", "set socket_resume=true", socket);
    return this;
  }

  public int managementPort() {
    return managementPort;
  }

  /** {@code host:port} of the management listener; the CLI takes it as {@code --url http://host:port}. */
  public String managementAddress() {
    return "127.0.0.1:" + managementPort;
  }

  /** A call from {@code name <number>} to {@code destination}; its channel UUID. */
  public String call(String destination, String name, String number) throws Exception {
    return get(fs.placeCall(CallSpec.builder(destination).from(name, number).variable("sip_auth_username", number)
        .build()));
  }

  public int parkedCount() throws Exception {
    return get(node.parking().context().store().all()).size();
  }

  public static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    get(management.stop());
    get(node.stop());
    metrics.close();
    get(fs.close());
    get(vertx.close());
  }
}
