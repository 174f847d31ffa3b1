package io.callpark.bench;

import io.callpark.it.ItFiles;
import io.callpark.it.ItFiles.NodeSpec;
import io.callpark.it.NodeProcess;
import io.callpark.it.SlotMap;
import io.callpark.sim.CallSpec;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeDialplan;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A callpark cluster for the {@code cluster.*} benchmarks, built from the multi-process tests' parts
 * (io.callpark.it: {@link NodeProcess}, {@link ItFiles}, {@link SlotMap}): {@code size} node JVMs
 * ({@code io.callpark.Main node --config}, Hazelcast store, production JIT and a 512 MiB heap) clustered
 * on loopback under a name no other run shares, and {@value #BOXES} {@link FakeFreeSwitch} boxes in this
 * JVM, each node linked to both. Everything binds 127.0.0.1.
 *
 * <p>Lots: {@code default} {@value #DEFAULT_SLOTS} (parking time 1 h, so nothing times out) and
 * {@code timed} {@value #TIMED_SLOTS} (parking time {@link #TIMED_PARKING}, recall time 5 s). Each box's
 * dialplan follows freeswitch-conf's callpark.xml as far as the simulator goes:
 * <ul>
 *   <li>{@code 590<i>}: park ({@code default auto in}) with node {@code i} first in the socket list;</li>
 *   <li>{@code sock<i>}: node {@code i} first, with the {@code callpark_request} the call brings;</li>
 *   <li>{@code park} (where re-homing sends calls) and the slot keys: the box's own node order — box 1
 *       lists {@code n1|n2|n3}, box 2 starts at the last node ({@code n3|n1|n2}), as two operators might,
 *       so the calls of a dead {@code n1} resume on {@code n2} from box 1 and on {@code n3} from box 2, and
 *       {@code n2} is never first (a frozen node still accepts TCP connections and would hold the calls);</li>
 *   <li>after {@code socket}: {@code transfer resume<x...>-${callpark_slot}}, back to the box's node order,
 *       the 2nd to 5th time after 500 ms, then hung up (callpark.xml's loop guard).</li>
 * </ul>
 *
 * <p>{@link #close} kills every node (a shutdown hook of {@link NodeProcess} does too if this JVM dies)
 * and closes the boxes. Thread-safe as far as the benchmarks use it: the boxes are, the nodes synchronize.
 */
final class ClusterRig implements AutoCloseable {
  static final int BOXES = 2;
  static final String DEFAULT_SLOTS = "7000-8999";
  static final String TIMED_SLOTS = "9000-9499";
  static final Duration TIMED_PARKING = Duration.ofSeconds(10);
  static final String MOH = "local_stream://moh";
  /** Production JIT (C2), one modest heap each: three of them, the boxes and the driver share 2 cores. */
  static final List<String> NODE_JVM = List.of("-Xms128m", "-Xmx512m", "-XX:-UsePerfData");
  private static final Duration NODE_START = Duration.ofSeconds(90);
  private static final AtomicInteger RIGS = new AtomicInteger();

  /**
   * What a benchmark may change about the rig: lots besides {@code default} and {@code timed} (YAML list
   * entries at the indentation of {@code lots:}, e.g. {@code "  - name: big\n    slots: 100000-109999\n"}), the node
   * JVMs' options, the store ({@code hazelcast}, or {@code memory} for one node) and the source address
   * each box's socket connections are bound to (null: the kernel's choice, 127.0.0.1), the boxes' event log.
   */
  /**
   * @param promptMillis how long a finite prompt (the slot announcement, a tone) plays on the simulated boxes;
   *     null for the simulator's default (300 ms a file, 200 ms a tone). Benchmarks of the controller's
   *     throughput shorten it so that a cycle's length is not mostly simulated audio.
   */
  record Setup(String extraLots, List<String> nodeJvm, String store, List<String> boxSources, int eventLog,
      Integer promptMillis) {
    static Setup standard() {
      return new Setup("", NODE_JVM, "hazelcast", java.util.Collections.nCopies(BOXES, null), 100_000, null);
    }

    /**
     * How many fired events (and recorded requests) each box keeps: the failover benchmarks read 100,000
     * back; about 7 KB each, benchmarks that hold many calls keep few.
     */
    Setup eventLog(int limit) {
      return new Setup(extraLots, nodeJvm, store, boxSources, limit, promptMillis);
    }

    Setup extraLots(String yaml) {
      return new Setup(yaml, nodeJvm, store, boxSources, eventLog, promptMillis);
    }

    Setup jvm(List<String> options) {
      return new Setup(extraLots, options, store, boxSources, eventLog, promptMillis);
    }

    Setup store(String s) {
      return new Setup(extraLots, nodeJvm, s, boxSources, eventLog, promptMillis);
    }

    Setup sources(List<String> addresses) {
      return new Setup(extraLots, nodeJvm, store, addresses, eventLog, promptMillis);
    }

    Setup prompts(int millis) {
      return new Setup(extraLots, nodeJvm, store, boxSources, eventLog, millis);
    }

    java.util.function.Function<String, Duration> playback() {
      if (promptMillis == null) {
        return SimConfig::defaultPlaybackDuration;
      }
      Duration prompt = Duration.ofMillis(promptMillis);
      return file -> SimConfig.defaultPlaybackDuration(file) == null ? null : prompt;
    }
  }

  private final int size;
  private final Setup setup;
  private final String name;
  private final Vertx vertx;
  private final List<FakeFreeSwitch> boxes = new ArrayList<>();
  private final List<NodeSpec> specs = new ArrayList<>();
  private final List<NodeProcess> nodes = new ArrayList<>();
  private SlotMap slots;

  private ClusterRig(int size, String name, Setup setup) {
    this.size = size;
    this.setup = setup;
    this.name = name;
    this.vertx = Vertx.vertx();
  }

  /**
   * Starts {@code size} nodes and the boxes and waits until the cluster is whole (every node a member
   * owning partitions, every node's links up). Node logs go to {@code target/bench-logs/<tag>-n<i>.log}.
   */
  static ClusterRig start(BenchContext ctx, String tag, int size) throws Exception {
    return start(ctx, tag, size, Setup.standard());
  }

  /**
   * As {@link #start(BenchContext, String, int)} with other lots, JVMs, store or source addresses. A port
   * picked free can be taken before its node binds it (after {@code scale}, tens of thousands of ephemeral
   * ports are in use or in TIME_WAIT): such a start is tried again, twice at most, with new ports.
   */
  static ClusterRig start(BenchContext ctx, String tag, int size, Setup setup) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return startOnce(ctx, tag, size, setup);
      } catch (AssertionError | Exception e) {
        if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("already in use")) {
          throw e;
        }
        ctx.progress(tag + ": a node's port was taken before it bound it; starting again with new ports");
      }
    }
  }

  private static ClusterRig startOnce(BenchContext ctx, String tag, int size, Setup setup) throws Exception {
    if (!setup.store().equals("hazelcast") && size != 1) {
      throw new IllegalArgumentException("store " + setup.store() + " runs one node only");
    }
    ClusterRig rig = new ClusterRig(size, "callpark-bench-" + tag + "-" + ProcessHandle.current().pid() + "-"
        + RIGS.incrementAndGet(), setup);
    try {
      rig.startAll(ctx.projectDir().resolve("target/bench-logs"), tag);
      return rig;
    } catch (Exception | Error e) {
      rig.close();
      throw e;
    }
  }

  private void startAll(Path logs, String tag) throws Exception {
    for (int b = 1; b <= BOXES; b++) {
      // The box id doubles as FreeSWITCH-Switchname: that is how a node tells which box a call is on.
      // Events kept: enough for the failover benchmarks to find every call's CHANNEL_UNPARK after the signal.
      boxes.add(await(FakeFreeSwitch.start(vertx, SimConfig.builder().hostname("fs" + b).domain("127.0.0.1")
          .eventLogLimit(setup.eventLog()).recordLimit(Math.max(setup.eventLog(), 10_000))
          .outboundSourceAddress(setup.boxSources().get(b - 1)).playbackDuration(setup.playback()).build()), 20));
    }
    for (int i = 1; i <= size; i++) {
      specs.add(new NodeSpec("n" + i, ItFiles.freePort(), ItFiles.freePort()));
    }
    for (int b = 1; b <= BOXES; b++) {
      dialplan(b, box(b).dialplan());
    }
    List<Integer> boxPorts = boxes.stream().map(FakeFreeSwitch::port).toList();
    Map<String, String> env = new HashMap<>();
    for (int b = 1; b <= BOXES; b++) {
      env.put(ItFiles.passwordEnv(b), box(b).password());
    }
    String lots = """
        lots:
          - name: default
            slots: %s
            parkingTime: 1h
          - name: timed
            slots: %s
            parkingTime: %ds
            recallTime: 5s
        %sdefaultLot: default
        """.formatted(DEFAULT_SLOTS, TIMED_SLOTS, TIMED_PARKING.toSeconds(), setup.extraLots());
    List<String> peers = setup.boxSources().stream().map(a -> a == null ? "127.0.0.1" : a).distinct().toList();
    for (NodeSpec s : specs) {
      nodes.add(new NodeProcess(s.id(), ItFiles.writeNodeConfig(name, s, specs, boxPorts, lots, peers),
          logs.resolve(tag + "-" + s.id() + ".log"), env, setup.nodeJvm(), setup.store()));
    }
    // The first node alone forms the cluster; the others then join it (started together they could form
    // clusters of their own, merged only much later).
    nodes.get(0).start(NODE_START);
    nodes.subList(1, size).forEach(NodeProcess::launch);
    nodes.subList(1, size).forEach(n -> n.awaitUp(NODE_START));
    if (setup.store().equals("hazelcast")) {
      awaitCluster();
    }
    pollUntil("every node linked to both boxes", Duration.ofSeconds(30), () -> boxes.stream()
        .allMatch(b -> b.connections().stream().filter(c -> c.kind() == ConnectionInfo.Kind.INBOUND && c.open()
            && c.authenticated()).count() >= size));
  }

  private void awaitCluster() throws Exception {
    slots = new SlotMap(name, specs);
    Set<Integer> all = specs.stream().map(NodeSpec::hazelcastPort).collect(Collectors.toSet());
    pollUntil("all " + size + " nodes in one cluster owning partitions", Duration.ofSeconds(60),
        () -> slots.memberPorts().equals(all) && slots.partitionsPerMember().keySet().equals(all));
  }

  private void dialplan(int b, FakeDialplan d) {
    String own = socket(b == 1 ? 0 : size - 1);
    String resume = "transfer resume${callpark_resumes}-${callpark_slot} XML default";
    for (int i = 1; i <= size; i++) {
      d.extension("590" + i, "unset callpark_lot", "unset callpark_slot", "unset callpark_resumes",
          "set callpark_request=default auto in", "set socket_resume=true", socket(i - 1), resume);
      d.extension("sock" + i, "set socket_resume=true", socket(i - 1), resume);
    }
    d.extension("park", "set socket_resume=true", own, resume);
    d.extension("^([78]\\d\\d\\d)$", "unset callpark_lot", "unset callpark_slot", "unset callpark_resumes",
        "set callpark_request=default $1", "set socket_resume=true", own, resume);
    d.extension("^resume-(\\d{4})$", "set callpark_resumes=x", "set socket_resume=true", own, resume);
    d.extension("^resumex{1,4}-(\\d{4})$", "set callpark_resumes=${callpark_resumes}x", "sleep 500",
        "set socket_resume=true", own, resume);
    d.extension("^resumex{5}-(\\d{4})$", "hangup NORMAL_TEMPORARY_FAILURE");
    d.extension("resume-", "hangup NORMAL_TEMPORARY_FAILURE");
  }

  /** {@code socket a|b|c async full} with node {@code first} (0-based) first, the others in order after it. */
  private String socket(int first) {
    return "socket " + IntStream.range(0, size).mapToObj(k -> specs.get((first + k) % size).outbound())
        .collect(Collectors.joining("|")) + " async full";
  }

  // ---- parts

  int size() {
    return size;
  }

  /** Node {@code i}, 1-based. */
  NodeProcess node(int i) {
    return nodes.get(i - 1);
  }

  /** Box {@code b}, 1-based ({@code fs1} is box(1)). */
  FakeFreeSwitch box(int b) {
    return boxes.get(b - 1);
  }

  /** The cluster's slot map seen from a Hazelcast client; null with the memory store. */
  List<FakeFreeSwitch> boxes() {
    return List.copyOf(boxes);
  }

  SlotMap slots() {
    return slots;
  }

  Vertx vertx() {
    return vertx;
  }

  /** Node id ({@code n2}) of a Hazelcast member port. */
  String nodeOfMemberPort(int port) {
    return specs.stream().filter(s -> s.hazelcastPort() == port).map(NodeSpec::id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node on Hazelcast port " + port));
  }

  /**
   * Node id of each outbound connection box {@code b} opened (by the node's listening port), {@code ?port}
   * for none of ours.
   */
  Map<Long, String> nodeOfConnections(int b) {
    Map<Long, String> out = new HashMap<>();
    for (ConnectionInfo c : box(b).connections()) {
      if (c.kind() == ConnectionInfo.Kind.OUTBOUND) {
        int port = Integer.parseInt(c.remoteAddress().substring(c.remoteAddress().lastIndexOf(':') + 1));
        out.put(c.id(), specs.stream().filter(s -> s.outboundPort() == port).map(NodeSpec::id).findFirst()
            .orElse("?" + port));
      }
    }
    return out;
  }

  /** CPU time (user + system, in jiffies of 10 ms) the running node JVMs have used so far, from /proc; -1 if unknown. */
  long nodesCpuJiffies() {
    long sum = 0;
    for (NodeProcess n : nodes) {
      if (!n.running()) {
        continue;
      }
      try {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + n.pid() + "/stat"));
        // Fields after the command name in parentheses: state is 3rd, utime the 14th, stime the 15th.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
      } catch (java.io.IOException | RuntimeException e) {
        return -1;
      }
    }
    return sum;
  }

  // ---- calls

  /**
   * A registered phone {@code number} on box {@code b} dials {@code destination} as channel {@code uuid};
   * {@code vars} are extra channel variables (name, value, ...).
   */
  Future<String> call(int b, String uuid, String destination, String number, String... vars) {
    CallSpec.Builder spec = CallSpec.builder(destination).uuid(uuid).from("Caller " + number, number)
        .variable("sip_auth_username", number).variable("user_name", number);
    for (int i = 0; i + 1 < vars.length; i += 2) {
      spec.variable(vars[i], vars[i + 1]);
    }
    return box(b).placeCall(spec.build());
  }

  /**
   * Completes with the first snapshot of channel {@code uuid} on box {@code b} that satisfies {@code p};
   * fails when the channel ends without it or after {@code timeoutMillis}. Watch before causing the change.
   */
  Future<ChannelSnapshot> until(int b, String uuid, Predicate<ChannelSnapshot> p, long timeoutMillis, String what) {
    Promise<ChannelSnapshot> promise = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, id -> promise.tryFail(new TimeoutException(
        "channel " + uuid + " on fs" + b + " not " + what + " after " + timeoutMillis + " ms")));
    box(b).watchChannel(uuid, s -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (p.test(s)) {
        promise.tryComplete(s);
      } else if (s.ended()) {
        promise.tryFail(new IllegalStateException("channel " + uuid + " on fs" + b + " ended (" + s.hangupCause()
            + ") before it was " + what));
      }
    }).onFailure(promise::tryFail);
    return promise.future().onComplete(x -> vertx.cancelTimer(timer));
  }

  /** Parked: up, marked with a slot, and its controller has music on hold playing. */
  static boolean onHold(ChannelSnapshot s) {
    return !s.ended() && s.variable("callpark_slot") != null && "playback".equals(s.application())
        && MOH.equals(s.applicationData());
  }

  /**
   * A caller on box {@code b} dials {@code destination} (and {@code vars}); completes with the snapshot
   * once it is parked with music on hold.
   */
  Future<ChannelSnapshot> park(int b, String destination, String number, long timeoutMillis, String... vars) {
    String uuid = UUID.randomUUID().toString();
    // The channel exists once placeCall completes; it cannot be parked before its socket round trips.
    return call(b, uuid, destination, number, vars)
        .compose(u -> until(b, uuid, ClusterRig::onHold, timeoutMillis, "on hold"));
  }

  /** Completes once channel {@code uuid} on box {@code b} is down (at once if it already is). */
  Future<ChannelSnapshot> ended(int b, String uuid, long timeoutMillis) {
    return until(b, uuid, ChannelSnapshot::ended, timeoutMillis, "hung up");
  }

  /**
   * Runs {@code op(0..n-1)} keeping at most {@code inFlight} under way; returns the results in index order
   * (null where one failed) and throws if any failed or all did not finish within {@code timeout}.
   */
  static <T> List<T> inParallel(int n, int inFlight, Duration timeout, IntFunction<Future<T>> op) throws Exception {
    List<T> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
    Semaphore slots = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(n);
    AtomicReference<Throwable> first = new AtomicReference<>();
    AtomicInteger failed = new AtomicInteger();
    long until = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < n; i++) {
      if (!slots.tryAcquire(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new TimeoutException("only " + i + " of " + n + " started within " + timeout);
      }
      int k = i;
      Future<T> f;
      try {
        f = op.apply(k);
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          synchronized (out) {
            out.set(k, ar.result());
          }
        } else {
          failed.incrementAndGet();
          first.compareAndSet(null, ar.cause());
        }
        slots.release();
        done.countDown();
      });
    }
    if (!done.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      throw new TimeoutException(done.getCount() + " of " + n + " not done within " + timeout);
    }
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " of " + n + " failed, first: " + first.get(), first.get());
    }
    synchronized (out) {
      return new ArrayList<>(out);
    }
  }

  /** Polls {@code condition} every 50 ms until it holds; fails after {@code timeout}. */
  static void pollUntil(String what, Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException, TimeoutException {
    long until = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = condition.getAsBoolean();
      } catch (RuntimeException e) {
        ok = false;
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > until) {
        throw new TimeoutException(what + ": not within " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** The wall clock in microseconds (the boxes' {@code Event-Date-Timestamp} clock). */
  static long wallMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  static <T> T await(Future<T> f, long seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      if (slots != null) {
        slots.close();
      }
    } catch (RuntimeException e) {
      // the nodes go anyway
    }
    nodes.forEach(NodeProcess::close);
    for (FakeFreeSwitch b : boxes) {
      try {
        await(b.close(), 10);
      } catch (Exception e) {
        // closing anyway
      }
    }
    try {
      await(vertx.close(), 10);
    } catch (Exception e) {
      // nothing left to measure
    }
  }
}
