package io.callpark.api;

import io.callpark.api.feed.FeedEvent;
import io.callpark.parking.EscalationStep;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkEvent;
import io.callpark.parking.SlotRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON shapes of the API (docs/api.md, openapi.json): lots, slots with their parked calls, events.
 * Times are ISO-8601 UTC strings with the epoch milliseconds beside them. Caller-ID text is passed as
 * received; JSON escaping makes it safe in the document, and the board sets it as text, never HTML.
 * Stateless.
 */
final class Views {
  private Views() {}

  static JsonObject lot(Lot lot, List<SlotRecord> records) {
    long parked = records.stream().filter(r -> r.callUuid() != null && r.state() != io.callpark.parking.SlotState.RESERVED)
        .count();
    return new JsonObject()
        .put("name", lot.name())
        .put("slots", new JsonObject().put("from", lot.slots().name(lot.slots().from()))
            .put("to", lot.slots().name(lot.slots().to())).put("count", lot.slots().size()))
        .put("occupied", records.size())
        .put("parked", parked)
        .put("allocation", lower(lot.allocation().name()))
        .put("parkingTimeSeconds", lot.parkingTime().toSeconds())
        .put("escalation", new JsonArray(lot.chain().stream().map(EscalationStep::name).toList()));
  }

  /** A slot: {@code state} "empty" when {@code r} is null, else the record's state and its call. */
  static JsonObject slot(Lot lot, String slot, SlotRecord r, long now) {
    JsonObject j = new JsonObject().put("lot", lot.name()).put("slot", slot);
    if (r == null) {
      return j.put("state", "empty");
    }
    j.put("state", lower(r.state().name()));
    List<EscalationStep> chain = lot.chain();
    int step = r.step() < chain.size() ? r.step() : 0;
    JsonObject call = new JsonObject()
        .put("uuid", r.callUuid())
        .put("callerIdName", r.callerIdName())
        .put("callerIdNumber", r.callerIdNumber())
        .put("parker", r.parker())
        .put("since", iso(r.parkedAtMillis()))
        .put("sinceMillis", r.parkedAtMillis())
        .put("parkedSeconds", Math.max(0, (now - r.parkedAtMillis()) / 1000))
        .put("nextDeadline", r.deadlineMillis() > 0 ? iso(r.deadlineMillis()) : null)
        .put("nextDeadlineMillis", r.deadlineMillis() > 0 ? r.deadlineMillis() : null)
        .put("ownerNode", r.ownerNode())
        .put("box", r.boxId())
        .put("escalation", new JsonObject().put("step", step).put("name", chain.get(step).name())
            .put("attempt", r.attempt()));
    return j.put("call", call);
  }

  static JsonObject event(FeedEvent f) {
    ParkEvent e = f.event();
    return new JsonObject()
        .put("seq", f.seq())
        .put("type", e.type().wireName())
        .put("lot", e.lot())
        .put("slot", e.slot())
        .put("call", e.callUuid())
        .put("other", e.otherUuid())
        .put("callerIdName", e.callerIdName())
        .put("detail", e.detail())
        .put("by", e.by())
        .put("at", iso(e.atMillis()))
        .put("atMillis", e.atMillis())
        .put("parkedAtMillis", e.parkedAtMillis() > 0 ? e.parkedAtMillis() : null)
        .put("node", f.node());
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
