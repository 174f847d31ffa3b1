package io.callpark.it.chaos;

import static org.awaitility.Awaitility.await;

import io.callpark.it.CallparkCluster;
import io.callpark.it.ItFiles;
import io.callpark.it.chaos.CallFates.Fate;
import io.callpark.it.chaos.ChaosCall.Role;
import io.callpark.it.chaos.Violations.Invariant;
import io.callpark.parking.SlotRecord;
import io.callpark.sim.ChannelSnapshot;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bounded chaos run (issue 9, docs/chaos.md): three node JVMs and two simulated boxes
 * ({@link CallparkCluster}, phones as {@link CallLoad#PHONES}), the {@link CallLoad} and the
 * {@link FaultDriver} for {@link ChaosSettings#duration()}, then the faults stop, the cluster is healed
 * and the end checks run:
 * <ol>
 *   <li>invariant 2, every parking caller settled ({@link CallFates}, up to 60 s);</li>
 *   <li>the callers still waiting in the timed lot and every conversation hang up; the callers parked in
 *       {@code default} stay, so some lamps are lit;</li>
 *   <li>invariant 3: every box drops its node links, the nodes reconnect and reconcile, and within 30 s
 *       every lamp must match the records ({@link LampCheck});</li>
 *   <li>invariant 4 over every event the boxes received and the records' deadlines ({@link TimerCheck});</li>
 *   <li>everyone hangs up: within 20 s no slot record may be left.</li>
 * </ol>
 * Invariant 1 ({@link SlotClaims}) and the deadlines are watched the whole time. Every node JVM is killed
 * at the end, whatever happened. The summary is printed and written to
 * {@code target/chaos/summary-<seed>.txt}. Not thread-safe: one run per instance, from one thread.
 */
public final class ChaosRun {
  private static final Logger log = LoggerFactory.getLogger(ChaosRun.class);
  /** How long two live channels may claim one slot (a lost record's caller waits for two audits, 2 s apart). */
  static final Duration OVERLAP_GRACE = Duration.ofSeconds(15);
  /** A deadline this late has not fired (failover takes a few seconds; the timers tick every 250 ms). */
  static final long LATE_MILLIS = 20_000;

  private final ChaosSettings settings;
  private final String tag;
  private final Map<String, ChaosCall> calls = new ConcurrentHashMap<>();
  private final Violations violations = new Violations();
  private final TimerCheck timers = new TimerCheck();

  /** @param tag names the cluster and the node logs ({@code target/it-logs/<tag>-n<i>.log}) */
  public ChaosRun(ChaosSettings settings, String tag) {
    this.settings = settings;
    this.tag = tag;
  }

  public ChaosSummary run() throws Exception {
    long started = System.nanoTime();
    System.out.println("chaos: seed " + settings.seed() + ", " + settings.duration().toSeconds() + " s; repeat with: "
        + settings.reproduce());
    SlotClaims claims = new SlotClaims(calls, violations, OVERLAP_GRACE);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("chaos-driver"));
    ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor(daemon("chaos-monitor"));
    CallparkCluster cluster = new CallparkCluster(3, CallLoad.PHONES);
    try {
      cluster.start(tag);
      awaitLinks(cluster);
      CallLoad load = new CallLoad(cluster, settings, calls, claims, scheduler);
      FaultDriver faults = new FaultDriver(cluster, settings, violations, scheduler);
      monitor.scheduleWithFixedDelay(claims::sweep, 250, 250, TimeUnit.MILLISECONDS);
      monitor.scheduleWithFixedDelay(() -> sampleDeadlines(cluster), 2, 2, TimeUnit.SECONDS);

      CountDownLatch over = new CountDownLatch(1);
      monitor.schedule(over::countDown, settings.duration().toMillis(), TimeUnit.MILLISECONDS);
      load.start();
      faults.start();
      over.await();
      load.stop();
      faults.stop();
      log.info("chaos: faults over, healing");
      cluster.heal();
      awaitLinks(cluster);

      Map<Fate, Integer> fates = CallFates.check(cluster, calls.values(), violations, Duration.ofSeconds(60));
      quietDown(cluster);
      checkLamps(cluster);
      int timeouts = timers.firedOnce(cluster, violations);
      timers.overdue(cluster.slots().records(), LATE_MILLIS, violations);
      claims.sweep();
      hangUpAllAndCheckRecords(cluster);

      ChaosSummary summary = new ChaosSummary(settings, (System.nanoTime() - started) / 1e9, load.placed(),
          load.placeFailed(), load.retrievesSent(), load.abandonsSent(), fates, faults.counts(), faults.timeline(),
          claims.transientOverlaps(), claims.longestOverlapMillis(), timeouts, violations);
      report(summary);
      return summary;
    } finally {
      scheduler.shutdownNow();
      monitor.shutdownNow();
      cluster.close();
    }
  }

  /** Every node's inbound link to every box is up (authenticated). */
  private static void awaitLinks(CallparkCluster cluster) {
    await("every node linked to every box").atMost(Duration.ofSeconds(30)).until(() -> {
      for (int b = 1; b <= CallparkCluster.BOXES; b++) {
        long up = cluster.box(b).connections().stream()
            .filter(c -> c.kind() == ConnectionInfo.Kind.INBOUND && c.open() && c.authenticated()).count();
        if (up < cluster.size()) {
          return false;
        }
      }
      return true;
    });
  }

  private void sampleDeadlines(CallparkCluster cluster) {
    try {
      timers.overdue(cluster.slots().records(), LATE_MILLIS, violations);
    } catch (RuntimeException e) {
      // a member just died under the client: the next sample reads again
    }
  }

  /**
   * The callers of the timed lot give up and every conversation ends (the load stopped), until only
   * callers parked in {@code default} are left, each named by its record: the lamps then have a state to
   * settle on.
   */
  private void quietDown(CallparkCluster cluster) {
    for (ChaosCall c : calls.values()) {
      boolean keep = c.role() == Role.PARKS && !c.bridged() && c.claim().isPresent();
      if (!keep && !c.ended()) {
        c.hungUpByLoad();
        cluster.box(c.box()).hangup(c.uuid());
      }
    }
    Set<String> kept = calls.values().stream().filter(c -> !c.ended() && c.role() == Role.PARKS && !c.bridged())
        .map(ChaosCall::uuid).collect(Collectors.toSet());
    try {
      await("only the callers parked in default left, each named by its record").atMost(Duration.ofSeconds(30))
          .until(() -> cluster.slots().records().stream().map(SlotRecord::callUuid).collect(Collectors.toSet())
              .equals(kept));
    } catch (ConditionTimeoutException e) {
      violations.violated(Invariant.NO_RECORD_LEAK, "records after the timed callers hung up "
          + cluster.slots().records() + ", callers left " + kept);
    }
  }

  /** Every box drops its node links; the reconnects reconcile; then every lamp must be right. */
  private void checkLamps(CallparkCluster cluster) throws Exception {
    for (int b = 1; b <= CallparkCluster.BOXES; b++) {
      FakeFreeSwitch box = cluster.box(b);
      for (ConnectionInfo c : box.connections()) {
        if (c.kind() == ConnectionInfo.Kind.INBOUND && c.open()) {
          box.dropConnection(c.id()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      }
    }
    awaitLinks(cluster);
    violations.checked(Invariant.LAMPS_RIGHT, LampCheck.lampCount());
    try {
      await("every lamp right after the reconcile").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
          .until(() -> LampCheck.wrongLamps(cluster, cluster.slots().records()).isEmpty());
    } catch (ConditionTimeoutException e) {
      LampCheck.wrongLamps(cluster, cluster.slots().records())
          .forEach(w -> violations.violated(Invariant.LAMPS_RIGHT, w));
    }
  }

  private void hangUpAllAndCheckRecords(CallparkCluster cluster) {
    for (int b = 1; b <= CallparkCluster.BOXES; b++) {
      FakeFreeSwitch box = cluster.box(b);
      for (ChannelSnapshot ch : box.channels()) {
        ChaosCall c = calls.get(ch.uuid());
        if (c != null) {
          c.hungUpByLoad();
        }
        box.hangup(ch.uuid());
      }
    }
    violations.checked(Invariant.NO_RECORD_LEAK, 1);
    try {
      await("no slot record once every call hung up").atMost(Duration.ofSeconds(20))
          .until(() -> cluster.slots().records().isEmpty());
    } catch (ConditionTimeoutException e) {
      violations.violated(Invariant.NO_RECORD_LEAK, "records outlived their calls: " + cluster.slots().records());
    }
  }

  private void report(ChaosSummary summary) throws Exception {
    String text = summary.format();
    System.out.println(text);
    Path file = ItFiles.projectDir().resolve("target/chaos/summary-" + settings.seed() + ".txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    List<String> callLog = calls.values().stream().map(ChaosCall::toString).sorted().toList();
    Files.write(file.resolveSibling("calls-" + settings.seed() + ".txt"), callLog, StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
