package io.callpark.cluster;

import io.callpark.esl.link.FreeSwitchLink;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-homes the parked calls of a node that left the cluster.
 *
 * <p>A node that <em>dies</em> closes its sockets, and socket_resume brings its calls back through the
 * dialplan to a survivor, which adopts them within milliseconds (fact 28) — long before the failure
 * detector notices. A node that <em>hangs</em> (GC pause, frozen VM, lost network) keeps its sockets
 * open, so FreeSWITCH never resumes those calls: once Hazelcast removes the member, every survivor
 * looks for records still owned by it and, for each, takes it over with a conditional write of the
 * owner (so exactly one survivor acts), then sends the channel back to the park extension with
 * {@code uuid_transfer} over the box's inbound link (fact 29); the node its socket lands on adopts it and
 * restarts music. A woken frozen node finds the records owned by others and lets go
 * ({@code CallTracker}'s ownership audit).
 *
 * <p>The killed node's calls may still be coming back when the grace ends: with a thousand of them on a
 * loaded machine, adoptions ran for three seconds, and moving a call in the middle of its adoption sent it
 * round twice and could leave it without a record (the park benchmark lost 666 of 1,000 so). So after the
 * grace the rehomer watches the store's change feed and moves the calls left only once none of the departed
 * node's records has changed hands for {@value #SETTLE_ROUNDS} rounds of {@value #SETTLE_MS} ms (or after
 * {@link #SETTLE_LIMIT}); a frozen node's calls do not come back by themselves, so that is at once.
 *
 * <p>A node that is a member again when the grace ends (a member merging back after a split brain
 * leaves and rejoins under a new member id) keeps its calls. Before moving a call the rehomer checks
 * the channel: gone → the slot is freed (abandoned); its
 * {@code callpark_slot} names another slot (it was parked again elsewhere, its old record is stale) →
 * the stale record is removed. Thread-safe; runs on the context given at construction.
 */
public final class Rehomer {
  private static final Logger log = LoggerFactory.getLogger(Rehomer.class);
  /** How often the count of a departed node's records is taken while its calls come back by themselves. */
  static final long SETTLE_MS = 250;
  /** Rounds in a row without a record changing hands after which the calls left are not coming back. */
  static final int SETTLE_ROUNDS = 2;
  /** The longest the rehomer waits for that count to stop falling. */
  static final Duration SETTLE_LIMIT = Duration.ofSeconds(15);

  private final Vertx vertx;
  private final ParkingContext ctx;
  private final Duration grace;
  /** Per owner node, how many records have left its ownership (adopted, re-homed, removed), from the feed. */
  private final Map<String, AtomicLong> movedFrom = new ConcurrentHashMap<>();

  /**
   * @param grace how long after a node leaves before its records are moved: gives socket_resume
   *     adoption (a killed node's calls) time to finish first, so those calls are not moved twice
   */
  public Rehomer(Vertx vertx, ParkingContext ctx, ClusterMembership membership, Duration grace) {
    this.vertx = vertx;
    this.ctx = ctx;
    this.grace = grace;
    ctx.store().watch(c -> {
      String was = c.before() == null ? null : c.before().ownerNode();
      if (was != null && (c.after() == null || !was.equals(c.after().ownerNode()))) {
        movedFrom.computeIfAbsent(was, k -> new AtomicLong()).incrementAndGet();
      }
    });
    membership.onNodeLeft(node -> {
      if (!node.equals(ctx.nodeId())) {
        vertx.runOnContext(v -> afterGrace(node, membership));
      }
    });
  }

  private void afterGrace(String node, ClusterMembership membership) {
    vertx.setTimer(Math.max(1, grace.toMillis()), id -> {
      // A member that merges back after a split brain leaves and rejoins under a new member id
      // (found by ClusterIT): the node is alive and holds its sockets, so its calls stay where they are.
      if (membership.liveNodes().contains(node)) {
        log.info("node {} left and is back: its calls stay with it", node);
      } else if (!ctx.stall().trusted()) {
        // This node has just woken from a stall: it is the one the others dropped, most likely, and its
        // records are a stale copy. Looked at again once it can trust its view (or the node is back).
        log.info("node {} left while this node's own view may be stale: re-homing waits", node);
        afterGrace(node, membership);
      } else {
        settle(node, membership, -1, 0, 0);
      }
    });
  }

  /**
   * Re-homes {@code node}'s calls once no record of it has changed hands for {@value #SETTLE_ROUNDS} rounds of
   * {@value #SETTLE_MS} ms: the calls left are not coming back through socket_resume (their sockets are held
   * by a frozen process). Counted from the store's change feed, so waiting reads nothing.
   */
  private void settle(String node, ClusterMembership membership, long lastMoves, int flat, int rounds) {
    if (membership.liveNodes().contains(node)) {
      return;
    }
    long moves = movesFrom(node);
    int flatNow = lastMoves >= 0 && moves == lastMoves ? flat + 1 : 0;
    if (flatNow < SETTLE_ROUNDS && rounds < SETTLE_LIMIT.toMillis() / SETTLE_MS) {
      if (lastMoves >= 0 && moves > lastMoves) {
        log.info("node {} left: {} of its calls came back by themselves in the last {} ms", node, moves - lastMoves,
            SETTLE_MS);
      }
      vertx.setTimer(SETTLE_MS, id -> settle(node, membership, moves, flatNow, rounds + 1));
    } else {
      rehomeCallsOf(node);
    }
  }

  /** Records that have left {@code node}'s (or its re-homer's) ownership so far, as the change feed told. */
  private long movesFrom(String node) {
    AtomicLong a = movedFrom.get(node);
    AtomicLong b = movedFrom.get(SlotRecord.REHOMING + node);
    return (a == null ? 0 : a.get()) + (b == null ? 0 : b.get());
  }

  /** Moves every call still owned by {@code node}; completes with how many this node moved. */
  public Future<Integer> rehomeCallsOf(String node) {
    return ctx.store().all().compose(all -> {
      List<Future<Boolean>> moves = new ArrayList<>();
      for (SlotRecord r : all) {
        boolean orphan = node.equals(r.ownerNode()) || (SlotRecord.REHOMING + node).equals(r.ownerNode());
        if (orphan && r.callUuid() != null && r.state() != SlotState.RESERVED) {
          moves.add(rehome(r, node).recover(e -> {
            log.warn("re-homing {} of departed node {} failed: {}", r.key(), node, e.toString());
            return Future.succeededFuture(false);
          }));
        }
      }
      if (!moves.isEmpty()) {
        log.info("node {} left: {} parked call(s) of it to re-home", node, moves.size());
      }
      return Future.join(moves).map(cf -> (int) moves.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  private Future<Boolean> rehome(SlotRecord r, String departed) {
    Optional<FreeSwitchLink> link = ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected);
    if (link.isEmpty()) {
      log.warn("cannot re-home {}: no connected link to its box {}", r.key(), r.boxId());
      return Future.succeededFuture(false);
    }
    SlotRecord claimed = r.withOwner(SlotRecord.REHOMING + ctx.nodeId());
    return ctx.store().replace(r, claimed).compose(won -> {
      if (!won) {
        return Future.succeededFuture(false); // another survivor, or the call came back by itself
      }
      FreeSwitchLink box = link.get();
      return box.api("uuid_getvar " + r.callUuid() + " callpark_slot").compose(slotVar -> {
        String onChannel = slotVar == null ? "" : slotVar.trim();
        if (onChannel.startsWith("-ERR")) {
          return drop(claimed, "channel gone when its node " + departed + " left");
        }
        if (!onChannel.equals("_undef_") && !onChannel.equals(r.slot())) {
          return drop(claimed, "stale: the channel is parked in " + onChannel + " now");
        }
        return box.api("uuid_setvar " + r.callUuid() + " socket_resume true")
            .compose(v -> box.api("uuid_transfer " + r.callUuid() + " " + ctx.dialplan().parkExtension() + " XML "
                + ctx.dialplan().context()))
            .map(reply -> {
              boolean ok = reply.startsWith("+OK");
              log.info("re-homed {} (call {}) of departed node {}: {}", r.key(), r.callUuid(), departed, reply.trim());
              return ok;
            });
      });
    });
  }

  private Future<Boolean> drop(SlotRecord r, String why) {
    return ctx.store().remove(r).map(won -> {
      if (won) {
        ctx.publish(ParkEvent.Type.ABANDONED, r, null, why);
      }
      return false;
    });
  }

  public Duration grace() {
    return grace;
  }

}
