package io.callpark.it.chaos;

import io.callpark.it.CallparkCluster;
import io.callpark.it.chaos.ChaosCall.Role;
import io.callpark.sim.FakeFreeSwitch;
import io.callpark.sim.SimEndpoint;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steady call load of a chaos run, from a seeded {@link Random}: a new call every
 * {@code callEvery} on average (on a random box), as long as fewer than {@code maxParked} callers are
 * parked. Each call follows a plan:
 * <ul>
 *   <li>{@link Role#PARKS} (half): {@code 590<n>} ({@code default auto in}, 1 h parking time); after 1–8 s
 *       either retrieved (two in three: a retriever on the same or the other box dials
 *       {@code default retrieve <slot>}) or it hangs up (abandon);</li>
 *   <li>{@link Role#PARKS_TIMED} (three in ten): {@code recall auto in} (3 s), its parker (1900–1949)
 *       answers the recall; one in four is retrieved first, racing the recall;</li>
 *   <li>{@link Role#PARKS_TIMED_BUSY_PARKER} (one in five): as above but its parker (1950–1999) is busy, so
 *       every recall fails and the chain starts over, until the caller hangs up after 4–12 s.</li>
 * </ul>
 * A caller bridged to anyone (retriever or recall) talks 0.5–2 s and hangs up. Every call's snapshots
 * feed its {@link ChaosCall} and the {@link SlotClaims} checker.
 *
 * <p>Thread-safe: runs on the given scheduler; the boxes call back on their own event loops.
 */
public final class CallLoad {
  private static final Logger log = LoggerFactory.getLogger(CallLoad.class);

  /** The boxes' phones: parkers 1950-1999 are busy, every other phone answers after 300 ms. */
  public static final SimEndpoint PHONES = target -> target.startsWith("user/19") && target.length() > 8
      && target.charAt(7) >= '5' ? new SimEndpoint.Reject("USER_BUSY") : new SimEndpoint.Answer(Duration.ofMillis(300));

  private final CallparkCluster cluster;
  private final ChaosSettings settings;
  private final Map<String, ChaosCall> calls;
  private final SlotClaims claims;
  private final ScheduledExecutorService scheduler;
  private final Random random;
  private final Set<String> talking = ConcurrentHashMap.newKeySet();
  private volatile boolean running;
  private final AtomicInteger placed = new AtomicInteger();
  private final AtomicInteger placeFailed = new AtomicInteger();
  private final AtomicInteger retrievesSent = new AtomicInteger();
  private final AtomicInteger abandonsSent = new AtomicInteger();
  private final AtomicLong number = new AtomicLong();

  public CallLoad(CallparkCluster cluster, ChaosSettings settings, Map<String, ChaosCall> calls, SlotClaims claims,
      ScheduledExecutorService scheduler) {
    this.cluster = cluster;
    this.settings = settings;
    this.calls = calls;
    this.claims = claims;
    this.scheduler = scheduler;
    this.random = new Random(settings.seed() + 1);
  }

  public void start() {
    running = true;
    scheduler.execute(this::next);
  }

  /** No new calls and no new steps of any plan from now on (calls under way stay as they are). */
  public void stop() {
    running = false;
  }

  public int placed() {
    return placed.get();
  }

  public int placeFailed() {
    return placeFailed.get();
  }

  public int retrievesSent() {
    return retrievesSent.get();
  }

  public int abandonsSent() {
    return abandonsSent.get();
  }

  private void next() {
    if (!running) {
      return;
    }
    try {
      long parked = calls.values().stream().filter(c -> c.claim().isPresent()).count();
      if (parked < settings.maxParked()) {
        placeOne();
      }
    } catch (RuntimeException e) {
      log.warn("chaos load: placing a call failed", e);
    }
    long mean = settings.callEvery().toMillis();
    scheduler.schedule(this::next, mean / 2 + nextLong(mean + 1), TimeUnit.MILLISECONDS);
  }

  private synchronized long nextLong(long bound) {
    return (long) (random.nextDouble() * bound);
  }

  private synchronized int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private void placeOne() {
    int box = 1 + nextInt(CallparkCluster.BOXES);
    int node = 1 + nextInt(cluster.size());
    int dice = nextInt(10);
    Role role = dice < 5 ? Role.PARKS : dice < 8 ? Role.PARKS_TIMED : Role.PARKS_TIMED_BUSY_PARKER;
    long n = number.getAndIncrement() % 50;
    String caller;
    io.vertx.core.Future<String> f;
    if (role == Role.PARKS) {
      caller = Long.toString(1000 + n);
      f = cluster.placeCallOn(box, "590" + node, caller);
    } else {
      caller = Long.toString((role == Role.PARKS_TIMED ? 1900 : 1950) + n);
      f = cluster.placeCallOn(box, "sock" + node, caller, "callpark_request", "recall auto in");
    }
    placed.incrementAndGet();
    f.onSuccess(uuid -> follow(new ChaosCall(uuid, box, role, caller)))
        .onFailure(e -> placeFailed.incrementAndGet());
  }

  private void follow(ChaosCall c) {
    calls.put(c.uuid(), c);
    cluster.box(c.box()).watchChannel(c.uuid(), s -> {
      c.observe(s);
      claims.update(c);
      if (c.role() != Role.RETRIEVES && c.bridged() && !s.ended() && talking.add(c.uuid())) {
        later(500 + nextLong(1500), () -> hangUp(c), true);
      }
    });
    switch (c.role()) {
      case PARKS -> later(1000 + nextLong(7000), () -> retrieveOrAbandon(c, nextInt(3) < 2, 10), false);
      case PARKS_TIMED -> {
        if (nextInt(4) == 0) {
          later(1000 + nextLong(1500), () -> retrieveOrAbandon(c, true, 3), false);
        }
      }
      case PARKS_TIMED_BUSY_PARKER -> later(4000 + nextLong(8000), () -> retrieveOrAbandon(c, false, 10), false);
      default -> { }
    }
  }

  /** The caller is retrieved (or hangs up) once it is parked; not parked yet: tried again in a second. */
  private void retrieveOrAbandon(ChaosCall c, boolean retrieve, int triesLeft) {
    if (c.ended() || c.bridged()) {
      return;
    }
    var claim = c.claim();
    if (claim.isEmpty()) {
      if (triesLeft > 0) {
        later(1000, () -> retrieveOrAbandon(c, retrieve, triesLeft - 1), false);
      }
      return;
    }
    if (!retrieve) {
      abandonsSent.incrementAndGet();
      hangUp(c);
      return;
    }
    String[] lotSlot = claim.get().split("/");
    int box = nextInt(10) < 7 ? c.box() : 3 - c.box();
    int node = 1 + nextInt(cluster.size());
    String number = Long.toString(1100 + nextLong(50));
    retrievesSent.incrementAndGet();
    cluster.placeCallOn(box, "sock" + node, number, "callpark_request", lotSlot[0] + " retrieve " + lotSlot[1])
        .onSuccess(uuid -> {
          c.retriever(uuid);
          follow(new ChaosCall(uuid, box, Role.RETRIEVES, number));
        }).onFailure(e -> placeFailed.incrementAndGet());
  }

  private void hangUp(ChaosCall c) {
    if (c.ended()) {
      return;
    }
    c.hungUpByLoad();
    FakeFreeSwitch box = cluster.box(c.box());
    box.hangup(c.uuid());
  }

  /** Runs {@code action} after {@code millis}, while the load runs (or always, for {@code evenWhenStopped}). */
  private void later(long millis, Runnable action, boolean evenWhenStopped) {
    try {
      scheduler.schedule(() -> {
        if (running || evenWhenStopped) {
          try {
            action.run();
          } catch (RuntimeException e) {
            log.warn("chaos load step failed", e);
          }
        }
      }, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the run is over
    }
  }
}
