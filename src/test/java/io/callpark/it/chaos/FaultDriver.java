package io.callpark.it.chaos;

import static org.awaitility.Awaitility.await;

import io.callpark.it.CallparkCluster;
import io.callpark.it.NodeProcess;
import io.callpark.sim.ConnectionInfo;
import io.callpark.sim.FakeFreeSwitch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault schedule of a chaos run, drawn from a {@link Random} seeded with the run's seed: a fault
 * every {@code faultMin}..{@code faultMax}, one of
 * <ul>
 *   <li>{@link Fault#KILL_NODE}: {@code kill -9} of a random node, restarted 1–4 s later. One node is
 *       down at a time, and the next kill waits until the restarted node is a member owning partitions
 *       again plus 3 s for its backups: with one backup per record, two members lost together lose
 *       records, which callpark does not claim to survive (docs/cluster.md);</li>
 *   <li>{@link Fault#DROP_LINKS}: a box drops the inbound event-socket connection of one node, or of all
 *       (the nodes reconnect with backoff and reconcile the box's lamps);</li>
 *   <li>{@link Fault#DROP_SOCKETS}: a box drops 1–3 of the outbound sockets of its calls, or all of them,
 *       as if their controller went away (socket_resume hands each call to the nodes again);</li>
 *   <li>{@link Fault#DELAY_REPLIES}: a box delays every reply by 100–800 ms for 2–5 s.</li>
 * </ul>
 * The first four faults are one of each kind (a kill first, the others in a seeded order), the rest
 * drawn at random.
 * Which node, box or connection is hit depends on what exists at that moment, so the same seed gives the
 * same kinds, gaps and draws, not necessarily the same victims. Every fault is logged with its time.
 *
 * <p>Thread-safe: runs on the given scheduler; a node's restart runs on its own thread.
 */
public final class FaultDriver {
  private static final Logger log = LoggerFactory.getLogger(FaultDriver.class);

  /** The kinds of fault. */
  public enum Fault { KILL_NODE, DROP_LINKS, DROP_SOCKETS, DELAY_REPLIES }

  private final CallparkCluster cluster;
  private final ChaosSettings settings;
  private final Violations clock;
  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
  private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean running;
  private volatile Thread restarter;
  private volatile long nextKillNotBefore;
  private final boolean[] delaying = new boolean[CallparkCluster.BOXES + 1];
  /** The first faults: every kind once, a kill first, so even a short run sees each. */
  private final List<Fault> firsts = new ArrayList<>(List.of(Fault.values()));

  public FaultDriver(CallparkCluster cluster, ChaosSettings settings, Violations clock, ScheduledExecutorService scheduler) {
    this.cluster = cluster;
    this.settings = settings;
    this.clock = clock;
    this.scheduler = scheduler;
    this.random = new Random(settings.seed());
    firsts.remove(Fault.KILL_NODE);
    Collections.shuffle(firsts, random);
    firsts.add(0, Fault.KILL_NODE);
    for (Fault f : Fault.values()) {
      counts.put(f, 0);
    }
  }

  public void start() {
    running = true;
    scheduleNext();
  }

  /**
   * No new fault; waits for a restart under way, undoes reply delays. The caller then heals the cluster
   * ({@link CallparkCluster#heal()}).
   */
  public void stop() {
    running = false;
    // A restart still waiting out its down time starts from the scheduler, which runs until the run ends.
    await("the node restart under way finished").atMost(Duration.ofSeconds(120)).until(() -> restarter == null);
    for (int b = 1; b <= CallparkCluster.BOXES; b++) {
      cluster.box(b).policy().replyDelay(Duration.ZERO);
    }
  }

  public synchronized Map<Fault, Integer> counts() {
    return Map.copyOf(counts);
  }

  public List<String> timeline() {
    synchronized (timeline) {
      return List.copyOf(timeline);
    }
  }

  private synchronized void scheduleNext() {
    if (!running) {
      return;
    }
    long min = settings.faultMin().toMillis();
    long gap = min + (long) (random.nextDouble() * (settings.faultMax().toMillis() - min + 1));
    try {
      scheduler.schedule(this::inject, gap, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the run is over
    }
  }

  private void inject() {
    try {
      Fault f;
      int box;
      int pick;
      synchronized (this) {
        if (!running) {
          return;
        }
        f = firsts.isEmpty() ? Fault.values()[random.nextInt(Fault.values().length)] : firsts.remove(0);
        box = 1 + random.nextInt(CallparkCluster.BOXES);
        pick = random.nextInt(1_000_000);
        if (f == Fault.KILL_NODE && (restarter != null || System.nanoTime() < nextKillNotBefore)) {
          f = Fault.DROP_SOCKETS;
        }
        if (f == Fault.DELAY_REPLIES && delaying[box]) {
          f = Fault.DROP_LINKS;
        }
        counts.merge(f, 1, Integer::sum);
      }
      switch (f) {
        case KILL_NODE -> kill(1 + pick % cluster.size(), 1000 + pick % 3000);
        case DROP_LINKS -> drop(box, ConnectionInfo.Kind.INBOUND, pick % 2 == 0 ? 1 : Integer.MAX_VALUE, pick);
        case DROP_SOCKETS -> drop(box, ConnectionInfo.Kind.OUTBOUND, pick % 4 == 0 ? Integer.MAX_VALUE : 1 + pick % 3, pick);
        case DELAY_REPLIES -> delay(box, 100 + pick % 700, 2000 + pick % 3000);
      }
    } catch (RuntimeException e) {
      log.warn("chaos fault failed", e);
      note("fault failed: " + e);
    } finally {
      scheduleNext();
    }
  }

  private void kill(int i, long downMillis) {
    NodeProcess n = cluster.node(i);
    if (!n.running()) {
      return;
    }
    note("kill -9 " + n.id() + ", back in " + downMillis + " ms");
    n.kill9();
    // Starting and awaiting a node blocks for seconds: its own thread, started after the down time.
    Thread t = new Thread(() -> {
      try {
        n.start(CallparkCluster.NODE_START);
        cluster.awaitWholeCluster();
        note(n.id() + " back in the cluster");
      } catch (RuntimeException | AssertionError e) {
        log.warn("chaos: restarting {} failed", n.id(), e);
        note("restarting " + n.id() + " failed: " + e.getMessage());
      } finally {
        nextKillNotBefore = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        restarter = null;
      }
    }, "chaos-restart-" + n.id());
    restarter = t;
    t.setDaemon(true);
    try {
      scheduler.schedule(t::start, downMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      t.start();
    }
  }

  private void drop(int b, ConnectionInfo.Kind kind, int howMany, int pick) {
    FakeFreeSwitch box = cluster.box(b);
    List<ConnectionInfo> open = new ArrayList<>(box.connections().stream()
        .filter(c -> c.kind() == kind && c.open()).toList());
    Collections.shuffle(open, new Random(pick));
    List<ConnectionInfo> victims = open.subList(0, Math.min(howMany, open.size()));
    note("fs" + b + " drops " + victims.size() + " of " + open.size() + " open "
        + (kind == ConnectionInfo.Kind.INBOUND ? "node links" : "call sockets"));
    victims.forEach(c -> box.dropConnection(c.id()));
  }

  private void delay(int b, long delayMillis, long forMillis) {
    synchronized (this) {
      delaying[b] = true;
    }
    note("fs" + b + " delays replies by " + delayMillis + " ms for " + forMillis + " ms");
    cluster.box(b).policy().replyDelay(Duration.ofMillis(delayMillis));
    Runnable undo = () -> {
      cluster.box(b).policy().replyDelay(Duration.ZERO);
      synchronized (this) {
        delaying[b] = false;
      }
    };
    try {
      scheduler.schedule(undo, forMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      undo.run();
    }
  }

  private void note(String what) {
    String line = String.format("t+%6.1fs %s", clock.elapsedSeconds(), what);
    log.info("chaos: {}", line);
    timeline.add(line);
  }
}
