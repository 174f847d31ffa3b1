package io.callpark.parking;

import io.callpark.esl.outbound.OutboundCall;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "you are still holding" prompt: every {@code holdingEvery} since a caller was parked, the lot's
 * {@code holdingPrompt} is played over the music ({@code uuid_broadcast <uuid> <prompt> aleg}: FreeSWITCH
 * plays it and the music carries on). Played by the node that holds the call's socket — the prompt is
 * media on that call, not a cluster deadline — so after a hand-over the adopting node takes over the
 * rhythm from the record's park time without replaying what was already heard.
 *
 * <p>Driven by {@link RecallTimers#tick()} with the injected clock. Thread-safe.
 */
public final class HoldingPrompts {
  private static final Logger log = LoggerFactory.getLogger(HoldingPrompts.class);

  private final ParkingContext ctx;
  private final CallTracker tracker;
  /** Per call UUID: how many intervals had passed when it was last played (or first seen). */
  private final Map<String, Long> heard = new ConcurrentHashMap<>();

  HoldingPrompts(ParkingContext ctx, CallTracker tracker) {
    this.ctx = ctx;
    this.tracker = tracker;
  }

  void tick(long now) {
    if (ctx.lots().values().stream().noneMatch(l -> l.escalation().holdingPromptOn())) {
      heard.clear();
      return; // nothing to play: not worth a pass over every parked call each tick
    }
    Map<String, SlotRecord> mine = tracker.trackedRecords();
    heard.keySet().retainAll(mine.keySet());
    for (Map.Entry<String, SlotRecord> e : mine.entrySet()) {
      SlotRecord r = e.getValue();
      Lot lot = ctx.lots().get(r.lot());
      if (lot == null || !lot.escalation().holdingPromptOn() || r.state() == SlotState.RESERVED) {
        continue;
      }
      long intervals = Math.max(0, now - r.parkedAtMillis()) / lot.escalation().holdingEvery().toMillis();
      Long before = heard.putIfAbsent(e.getKey(), intervals);
      if (before != null && intervals > before) {
        heard.put(e.getKey(), intervals);
        tracker.socket(e.getKey()).ifPresent(call -> play(call, lot.escalation().holdingPrompt()));
      }
    }
  }

  private static void play(OutboundCall call, String prompt) {
    call.api("uuid_broadcast " + call.uuid() + " " + prompt + " aleg").onComplete(ar -> {
      if (ar.failed() || !ar.result().startsWith("+OK")) {
        log.info("holding prompt for {} not played: {}", call.uuid(),
            ar.failed() ? ar.cause().getMessage() : ar.result().trim());
      }
    });
  }
}
