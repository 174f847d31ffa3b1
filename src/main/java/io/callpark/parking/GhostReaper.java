package io.callpark.parking;

import io.callpark.esl.link.FreeSwitchLink;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes slot records whose channel no longer exists: ghosts that would keep a lamp lit, a slot
 * taken and a recall ringing for nobody. Normally a parked caller's hangup frees its slot (the socket
 * sees CHANNEL_HANGUP, or the box's CHANNEL_HANGUP_COMPLETE carries the slot); ghosts come from what
 * no event covers: a split-brain merge bringing back a record the other half had deleted (Hazelcast
 * keeps no tombstones), or a hangup while neither the call's socket nor the box's inbound link was up.
 *
 * <p>Each node checks only records whose partition it owns ({@code ownerOf}), at most
 * {@code perRound} of them per round, rotating through the rest on later rounds, with
 * {@code uuid_exists} on the record's box. A record is removed — conditionally, so a record that
 * changed meanwhile is left alone — only when its channel was missing on two rounds in a row at the
 * same record version: a call handed between boxes or nodes at that moment is not mistaken for gone.
 * RESERVED records are left to their own expiry. Thread-safe.
 */
public final class GhostReaper {
  private static final Logger log = LoggerFactory.getLogger(GhostReaper.class);

  private final ParkingContext ctx;
  private final Function<String, String> ownerOf;
  private final int perRound;
  /** Slot key → version at which its channel was first found missing. */
  private final Map<String, Long> suspects = new ConcurrentHashMap<>();
  /** The last record checked; the next round starts after it (in {@link SlotRecord#ORDER}). */
  private volatile SlotRecord cursor;

  public GhostReaper(ParkingContext ctx, Function<String, String> ownerOf, int perRound) {
    this.ctx = ctx;
    this.ownerOf = ownerOf;
    this.perRound = perRound;
  }

  /** One round; completes with the number of records removed. */
  public Future<Integer> round() {
    return ctx.store().all().compose(all -> {
      List<SlotRecord> mine = new ArrayList<>();
      for (SlotRecord r : all) {
        if (r.state() != SlotState.RESERVED && r.callUuid() != null && ctx.nodeId().equals(ownerOf.apply(r.key()))) {
          mine.add(r);
        }
      }
      // all() is in SlotRecord.ORDER already
      suspects.keySet().retainAll(mine.stream().map(SlotRecord::key).collect(java.util.stream.Collectors.toSet()));
      List<SlotRecord> batch = nextBatch(mine);
      List<Future<Boolean>> checks = new ArrayList<>();
      for (SlotRecord r : batch) {
        checks.add(check(r).recover(e -> Future.succeededFuture(false)));
      }
      return Future.join(checks).map(cf -> (int) checks.stream().filter(f -> Boolean.TRUE.equals(f.result())).count());
    });
  }

  /** Up to {@code perRound} records after the cursor, wrapping around. */
  private List<SlotRecord> nextBatch(List<SlotRecord> sorted) {
    if (sorted.size() <= perRound) {
      return sorted;
    }
    int start = 0;
    while (cursor != null && start < sorted.size() && SlotRecord.ORDER.compare(sorted.get(start), cursor) <= 0) {
      start++;
    }
    List<SlotRecord> batch = new ArrayList<>(perRound);
    for (int i = 0; i < perRound; i++) {
      batch.add(sorted.get((start + i) % sorted.size()));
    }
    cursor = batch.get(batch.size() - 1);
    return batch;
  }

  private Future<Boolean> check(SlotRecord r) {
    Optional<FreeSwitchLink> link = ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected);
    if (link.isEmpty()) {
      return Future.succeededFuture(false); // cannot tell: never reap on a guess
    }
    return link.get().api("uuid_exists " + r.callUuid()).compose(reply -> {
      if (!"false".equals(reply.trim())) {
        suspects.remove(r.key());
        return Future.succeededFuture(false);
      }
      Long seenAt = suspects.put(r.key(), r.version());
      if (seenAt == null || seenAt != r.version()) {
        return Future.succeededFuture(false);
      }
      suspects.remove(r.key());
      return ctx.store().remove(r).map(won -> {
        if (won) {
          log.warn("{} named channel {} which box {} no longer has: record removed", r.key(), r.callUuid(), r.boxId());
          ctx.publish(ParkEvent.Type.ABANDONED, r, null, "channel gone: record removed by the audit");
        }
        return won;
      });
    });
  }
}
