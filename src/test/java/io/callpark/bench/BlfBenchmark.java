package io.callpark.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.callpark.cluster.ClusterMembership;
import io.callpark.cluster.HazelcastMembership;
import io.callpark.config.BoxConfig;
import io.callpark.config.CallparkConfig;
import io.callpark.config.ConfigLoader;
import io.callpark.esl.inbound.InboundOptions;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.SlotRange;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.store.HazelcastSetup;
import io.callpark.parking.store.HazelcastSlotStore;
import io.callpark.parking.store.SlotStore;
import io.callpark.presence.PresenceOptions;
import io.callpark.sim.CallSpec;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.PresenceProbe;
import io.callpark.sim.RecordedRequest;
import io.callpark.sim.SimConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * BLF lamps on a cluster: three callpark nodes, each with its own Hazelcast member (three members of one
 * cluster in this JVM, on loopback), two FakeFreeSwitch boxes, every node linked to both boxes; lot
 * {@code big} with 10,000 slots. Measures how long a slot change takes to light the lamp on every box,
 * how long a phone's probe waits for its answer, how long a reconcile of all 10,000 slots takes, and
 * what parking a call costs while one runs.
 */
public final class BlfBenchmark implements Benchmark {
  static final double TARGET_PROPAGATION_P99_MS = 20;
  static final double TARGET_PROBE_P99_MS = 50;
  private static final long SECOND = 1_000_000_000L;
  private static final int NODES = 3;
  private static final int SLOTS = 10_000;
  private static final int FIRST_SLOT = 10_000;
  private static final int PREPARKED = 1_000;
  private static final int SAMPLES = 400;
  private static final String LOT = "big";

  @Override
  public String name() {
    return "blf";
  }

  @Override
  public String method() {
    return "One JVM: " + NODES + " `CallparkNode`s, each with its own embedded Hazelcast member (one cluster of "
        + NODES + " members on loopback, `HazelcastSlotStore` + `HazelcastMembership`), and 2 `FakeFreeSwitch` boxes; "
        + "every node has an inbound link to both boxes. Lot `big` has " + SLOTS + " slots (" + PREPARKED
        + " of them holding a record), default presence settings (reconcile rate 1000 events/s per node and box). "
        + "`blf.propagation_*`: " + SAMPLES + " slot changes, one at a time, each a record written through the "
        + "store of a node in turn (what a park's conditional write is); timed from just before the write to the "
        + "moment the later of the two boxes has read the slot's `PRESENCE_IN` (Holding), by the box's own "
        + "receive timestamp; the record is then removed and its Empty event awaited (not timed). "
        + "`blf.probe_answer_*`: " + SAMPLES + " PRESENCE_PROBEs (a phone subscribing to `park+N`, alternately "
        + "on each box, slots held and empty), from firing the probe at the box to the box reading the answer "
        + "that carries its `call-id`; all three nodes hear every probe, the slot's owner answers. "
        + "`blf.reconcile_10k_s`: all three nodes reconcile at once (what a box restart triggers), from the "
        + "calls to the moment both boxes have a `PRESENCE_IN` for every one of the " + SLOTS + " slots. "
        + "`blf.park_*`: real calls parked through box 1 (`auto in`, no announcement), from placing the call "
        + "to the box receiving the music-on-hold `playback`, first with the cluster idle, then while the "
        + "reconcile runs; `blf.reconcile.propagation_*`: slot changes made during a second reconcile. A reconcile "
        + "sends a batch every 10 ms and only once the boxes answered the previous one, so when this JVM is short of "
        + "CPU it slows down rather than queueing events ahead of lamps that change. Everything (three members, "
        + "three nodes, two simulated boxes) shares this machine's cores: compare the during-reconcile figures with "
        + "the idle ones of the same run, and read them with the CPU line of the run.";
  }

  @Override
  public List<Figure> run(BenchContext ctx) throws Exception {
    Vertx vertx = Vertx.vertx();
    List<HazelcastInstance> members = new ArrayList<>();
    List<FakeFreeSwitch> boxes = new ArrayList<>();
    List<CallparkNode> nodes = new ArrayList<>();
    List<SlotStore> stores = new ArrayList<>();
    List<BoxTap> taps = new ArrayList<>();
    try {
      String cluster = "callpark-bench-" + UUID.randomUUID();
      for (int i = 0; i < NODES; i++) {
        Config c = HazelcastSetup.embedded(cluster).setProperty("hazelcast.wait.seconds.before.join", "1");
        c.getMemberAttributeConfig().setAttribute(ClusterMembership.NODE_ATTRIBUTE, "n" + (i + 1));
        if (i > 0) {
          int port = members.get(0).getCluster().getLocalMember().getAddress().getPort();
          c.getNetworkConfig().getJoin().getTcpIpConfig().setMembers(List.of("127.0.0.1:" + port));
        }
        members.add(HazelcastSetup.start(c));
      }
      waitUntil(() -> members.stream().allMatch(m -> m.getCluster().getMembers().size() == NODES)
          && members.get(0).getPartitionService().isClusterSafe(), 60);
      for (int i = 0; i < 2; i++) {
        FakeFreeSwitch fs = await(FakeFreeSwitch.start(vertx, SimConfig.builder().domain("127.0.0.1").build()), 10);
        // The records written straight into the store name channels no box has: the nodes' ghost reaper
        // must not remove them halfway through (on this box every channel it asks about exists).
        fs.registerApi("uuid_exists", args -> "true");
        boxes.add(fs);
        BoxTap tap = new BoxTap(fs);
        tap.start();
        taps.add(tap);
      }
      List<BoxConfig> boxConfigs = new ArrayList<>();
      for (int i = 0; i < boxes.size(); i++) {
        boxConfigs.add(new BoxConfig(InboundOptions.of("fs" + (i + 1), "127.0.0.1", boxes.get(i).port(),
            boxes.get(i).password()).withEvents(List.of("BACKGROUND_JOB", "CHANNEL_HANGUP_COMPLETE", "PRESENCE_PROBE"),
            List.of()), "127.0.0.1"));
      }
      Lot d = Lot.withDefaults(LOT, SlotRange.of(FIRST_SLOT, FIRST_SLOT + SLOTS - 1));
      Lot lot = new Lot(d.name(), d.slots(), d.allocation(), Duration.ofHours(1), d.recallTime(), d.holdMusic(), false,
          d.occupied(), d.retrieveAccess(), d.fallback(), d.attendedGrace(), d.emptySlotPrompt(), d.fullPrompt(),
          d.occupiedPrompt(), d.escalation());
      CallparkConfig base = new ConfigLoader(Map.<String, String>of()::get).embeddedDefault();
      for (int i = 0; i < NODES; i++) {
        HazelcastSlotStore store = new HazelcastSlotStore(vertx, members.get(i));
        stores.add(store);
        CallparkConfig config = base.withNodeId("n" + (i + 1)).withOutbound(base.outbound().withPort(0))
            .withBoxes(boxConfigs).withLots(Map.of(LOT, lot), LOT).withPresence(PresenceOptions.DEFAULT);
        CallparkNode node = new CallparkNode(vertx, config, store, Clock.systemUTC(), new HazelcastMembership(members.get(i)));
        await(node.start(), 30);
        nodes.add(node);
      }
      StringBuilder targets = new StringBuilder();
      for (CallparkNode n : nodes) {
        targets.append(targets.length() == 0 ? "" : "|").append("127.0.0.1:").append(n.outboundPort());
      }
      boxes.get(0).dialplan().extension("sock", "socket " + targets + " async full");
      ctx.progress(name() + ": " + NODES + " members up; initial reconcile of both boxes (" + SLOTS + " slots each)");
      long t0 = System.nanoTime();
      for (BoxTap tap : taps) {
        tap.awaitSlotsSeen(SLOTS, 120);
      }
      ctx.progress(String.format(Locale.ROOT, "%s: boxes have every lamp after %.1f s; writing %d records", name(),
          (System.nanoTime() - t0) / 1e9, PREPARKED));
      List<Future<Optional<SlotRecord>>> writes = new ArrayList<>();
      for (int i = 0; i < PREPARKED; i++) {
        writes.add(stores.get(i % NODES).putIfAbsent(record(FIRST_SLOT + SLOTS - 1 - i, "pre-" + i)));
      }
      await(Future.all(writes), 60);
      for (BoxTap tap : taps) {
        waitUntil(() -> tap.held.size() >= PREPARKED, 60);
      }

      // Warm-up, then the figures.
      propagation(stores, taps, 50);
      double[] propagation = propagation(stores, taps, SAMPLES);
      probes(boxes, taps, 50);
      double[] probe = probes(boxes, taps, SAMPLES);
      ctx.progress(name() + ": parking calls with the cluster idle");
      parks(boxes.get(0), taps.get(0), 20, null);
      double[] parkIdle = parks(boxes.get(0), taps.get(0), 100, null);

      ctx.progress(name() + ": reconcile of " + SLOTS + " slots on all nodes, parking calls meanwhile");
      for (BoxTap tap : taps) {
        tap.resetSeen();
      }
      AtomicBoolean reconciling = new AtomicBoolean(true);
      long r0 = System.nanoTime();
      for (CallparkNode n : nodes) {
        n.presence().reconcile(n.links());
      }
      CompletableFuture<Double> reconcile = CompletableFuture.supplyAsync(() -> {
        try {
          for (BoxTap tap : taps) {
            tap.awaitSlotsSeen(SLOTS, 120);
          }
          return (System.nanoTime() - r0) / 1e9;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          reconciling.set(false);
        }
      });
      double[] parkDuring = parks(boxes.get(0), taps.get(0), Integer.MAX_VALUE, reconciling);
      double reconcileSeconds = reconcile.get(150, TimeUnit.SECONDS);
      ctx.progress(String.format(Locale.ROOT, "%s: reconcile took %.2f s; slot changes during a second one", name(),
          reconcileSeconds));
      for (BoxTap tap : taps) {
        tap.resetSeen();
      }
      AtomicBoolean second = new AtomicBoolean(true);
      for (CallparkNode n : nodes) {
        n.presence().reconcile(n.links());
      }
      CompletableFuture.runAsync(() -> {
        try {
          for (BoxTap tap : taps) {
            tap.awaitSlotsSeen(SLOTS, 120);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          second.set(false);
        }
      });
      double[] propagationDuring = propagationWhile(stores, taps, second);

      ctx.progress(dist(propagation, "slot changes"));
      ctx.progress(dist(probe, "probes"));
      ctx.progress(dist(parkIdle, "parks, idle"));
      ctx.progress(dist(parkDuring, "parks during the reconcile"));
      ctx.progress(dist(propagationDuring, "slot changes during the reconcile"));
      List<Figure> out = new ArrayList<>();
      out.add(Figure.lower("blf.propagation_p50_ms", Format.round(Stats.percentile(propagation, 50)), "ms", null,
          dist(propagation, "slot changes") + "; " + NODES + " nodes (Hazelcast members in one JVM), 2 boxes"));
      out.add(Figure.lower("blf.propagation_p99_ms", Format.round(Stats.percentile(propagation, 99)), "ms",
          TARGET_PROPAGATION_P99_MS, "to the later of the 2 boxes"));
      out.add(Figure.lower("blf.probe_answer_p99_ms", Format.round(Stats.percentile(probe, 99)), "ms",
          TARGET_PROBE_P99_MS, dist(probe, "probes")));
      out.add(Figure.lower("blf.reconcile_10k_s", Format.round(reconcileSeconds), "s", null, String.format(Locale.ROOT,
          "%d slots to 2 boxes by %d nodes at 1000 events/s per node and box (the configured rate: %d slots / %d "
          + "nodes / 1000 = %.1f s is the floor)", SLOTS, NODES, SLOTS, NODES, SLOTS / (double) NODES / 1000)));
      out.add(Figure.lower("blf.park_idle_p50_ms", Format.round(Stats.percentile(parkIdle, 50)), "ms", null,
          dist(parkIdle, "parks")));
      out.add(Figure.lower("blf.park_idle_p99_ms", Format.round(Stats.percentile(parkIdle, 99)), "ms", null, ""));
      out.add(Figure.lower("blf.park_during_reconcile_p50_ms", Format.round(Stats.percentile(parkDuring, 50)), "ms",
          null, dist(parkDuring, "parks while the reconcile ran")));
      out.add(Figure.lower("blf.park_during_reconcile_p99_ms", Format.round(Stats.percentile(parkDuring, 99)), "ms",
          null, ""));
      out.add(Figure.lower("blf.reconcile.propagation_p50_ms", Format.round(Stats.percentile(propagationDuring, 50)),
          "ms", null, dist(propagationDuring, "slot changes while a reconcile ran")));
      out.add(Figure.lower("blf.reconcile.propagation_p99_ms", Format.round(Stats.percentile(propagationDuring, 99)),
          "ms", null, ""));
      return out;
    } finally {
      for (BoxTap tap : taps) {
        tap.stop();
      }
      for (FakeFreeSwitch fs : boxes) {
        awaitQuietly(fs.api("hupall NORMAL_CLEARING"));
        awaitQuietly(fs.close());
      }
      for (CallparkNode n : nodes) {
        awaitQuietly(n.stop());
      }
      for (HazelcastInstance m : members) {
        m.getLifecycleService().terminate();
      }
      awaitQuietly(vertx.close());
    }
  }

  private static SlotRecord record(int slot, String call) {
    return SlotRecord.parked(LOT, Integer.toString(slot), call, "fs1", "Bench", "1000", null, "n1", 1L, 0L);
  }

  /** {@code n} slot changes, writer node in turn; milliseconds from write to the later box's receipt. */
  private static double[] propagation(List<SlotStore> stores, List<BoxTap> taps, int n) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      ms[i] = oneChange(stores.get(i % stores.size()), taps, FIRST_SLOT + 5000 + (i % 500), i);
    }
    return ms;
  }

  private static double[] propagationWhile(List<SlotStore> stores, List<BoxTap> taps, AtomicBoolean running)
      throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; running.get() && i < 100_000; i++) {
      ms.add(oneChange(stores.get(i % stores.size()), taps, FIRST_SLOT + 6000 + (i % 300), 1_000_000 + i));
    }
    if (ms.isEmpty()) {
      ms.add(oneChange(stores.get(0), taps, FIRST_SLOT + 6000, 2_000_000));
    }
    return ms.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double oneChange(SlotStore store, List<BoxTap> taps, int slot, int i) throws Exception {
    String s = Integer.toString(slot);
    List<CompletableFuture<Long>> lit = new ArrayList<>();
    for (BoxTap tap : taps) {
      lit.add(tap.expect(s, "Holding"));
    }
    SlotRecord r = record(slot, "change-" + i);
    long t0 = System.nanoTime();
    await(store.putIfAbsent(r), 10);
    long last = 0;
    for (CompletableFuture<Long> f : lit) {
      last = Math.max(last, f.get(10, TimeUnit.SECONDS));
    }
    List<CompletableFuture<Long>> dark = new ArrayList<>();
    for (BoxTap tap : taps) {
      dark.add(tap.expect(s, "Empty"));
    }
    await(store.remove(r), 10);
    for (CompletableFuture<Long> f : dark) {
      f.get(10, TimeUnit.SECONDS);
    }
    return (last - t0) / 1e6;
  }

  /** {@code n} probes, box in turn, over held and empty slots; milliseconds from firing to the answer read. */
  private static double[] probes(List<FakeFreeSwitch> boxes, List<BoxTap> taps, int n) throws Exception {
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      int box = i % boxes.size();
      // Odd i: a slot holding a record (the top PREPARKED); even: an empty one.
      int slot = i % 2 == 1 ? FIRST_SLOT + SLOTS - 1 - (i % PREPARKED) : FIRST_SLOT + 7000 + (i % 1000);
      PresenceProbe p = PresenceProbe.park(Integer.toString(slot), "1001", "127.0.0.1");
      CompletableFuture<Long> answer = taps.get(box).expectCallId(p.subCallId());
      long t0 = System.nanoTime();
      await(boxes.get(box).firePresenceProbe(p), 10);
      ms[i] = (answer.get(10, TimeUnit.SECONDS) - t0) / 1e6;
    }
    return ms;
  }

  /**
   * Parks calls one after the other through {@code fs} until {@code n} are done or {@code whileTrue} turns
   * false; milliseconds from placing each call to the box receiving its hold-music playback.
   */
  private static double[] parks(FakeFreeSwitch fs, BoxTap tap, int n, AtomicBoolean whileTrue) throws Exception {
    List<Double> ms = new ArrayList<>();
    // At least a few samples even if the condition turned false at once.
    for (int i = 0; i < n && (whileTrue == null || whileTrue.get() || i < 5); i++) {
      CallSpec spec = CallSpec.builder("sock").from("Caller", "1000").variable("callpark_request", LOT + " auto in")
          .build();
      long t0 = System.nanoTime();
      String uuid = await(fs.placeCall(spec), 10);
      long moh = tap.expectMusic(uuid).get(10, TimeUnit.SECONDS);
      ms.add((moh - t0) / 1e6);
    }
    return ms.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static String dist(double[] ms, String what) {
    double[] s = ms.clone();
    java.util.Arrays.sort(s);
    return String.format(Locale.ROOT, "%d %s: min %.2f, p50 %.2f, p90 %.2f, p99 %.2f, max %.2f ms", s.length, what,
        s[0], Stats.sortedPercentile(s, 50), Stats.sortedPercentile(s, 90), Stats.sortedPercentile(s, 99),
        s[s.length - 1]);
  }

  /**
   * Reads one box's received commands as they arrive ({@link FakeFreeSwitch#takeRequest}) on a thread of
   * its own, and completes what the benchmark waits for with the box's receive timestamp.
   */
  private static final class BoxTap implements Runnable {
    private final FakeFreeSwitch fs;
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
    final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    BoxTap(FakeFreeSwitch fs) {
      this.fs = fs;
      this.thread = new Thread(this, "bench-box-tap");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(2000);
    }

    CompletableFuture<Long> expect(String slot, String status) {
      return waiting.computeIfAbsent("in:" + slot + ":" + status, k -> new CompletableFuture<>());
    }

    CompletableFuture<Long> expectCallId(String callId) {
      return waiting.computeIfAbsent("call:" + callId, k -> new CompletableFuture<>());
    }

    CompletableFuture<Long> expectMusic(String uuid) {
      return waiting.computeIfAbsent("moh:" + uuid, k -> new CompletableFuture<>());
    }

    void resetSeen() {
      seen.clear();
    }

    void awaitSlotsSeen(int n, long seconds) throws Exception {
      waitUntil(() -> seen.size() >= n, seconds);
    }

    @Override
    public void run() {
      while (running) {
        RecordedRequest r;
        try {
          r = fs.takeRequest(Duration.ofMillis(100));
        } catch (InterruptedException e) {
          return;
        }
        if (r == null) {
          continue;
        }
        if (r.line().equals("sendevent PRESENCE_IN")) {
          String login = r.header("login");
          String status = r.header("force-status");
          if (!LOT.equals(login)) {
            seen.add(login);
            if ("Holding".equals(status)) {
              held.add(login);
            } else {
              held.remove(login);
            }
          }
          complete("in:" + login + ":" + status, r.nanoTime());
          if (r.header("call-id") != null) {
            complete("call:" + r.header("call-id"), r.nanoTime());
          }
        } else if ("sendmsg".equals(r.verb()) && "playback".equals(r.header("execute-app-name"))
            && r.channelUuid() != null) {
          complete("moh:" + r.channelUuid(), r.nanoTime());
        }
      }
    }

    private void complete(String key, long nanos) {
      CompletableFuture<Long> f = waiting.remove(key);
      if (f != null) {
        f.complete(nanos);
      }
    }
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, long seconds) throws Exception {
    long deadline = System.nanoTime() + seconds * SECOND;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("condition not met within " + seconds + " s");
      }
      Thread.sleep(5);
    }
  }

  private static <T> T await(Future<T> f, long seconds) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(Future<?> f) {
    try {
      await(f, 10);
    } catch (Exception e) {
      // shutting down: nothing left to measure
    }
  }
}
