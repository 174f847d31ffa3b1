package io.callpark.parking;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * What happens when a recall is not answered: the lot's {@code fallback} extension
 * ({@code uuid_transfer} of the parked call, freeing the slot), or — with no fallback — back into the
 * same slot with music on hold and a fresh {@code parking_time}. Every step is a conditional write of
 * the record version it saw, so it runs once. The escalation chain (issue 7) replaces this class.
 */
public class RecallFallback {
  private final ParkingContext ctx;

  public RecallFallback(ParkingContext ctx) {
    this.ctx = ctx;
  }

  public Future<Void> recallFailed(Lot lot, SlotRecord seen, String why) {
    return ctx.store().get(seen.lot(), seen.slot()).compose(cur -> {
      Optional<SlotRecord> r = cur.filter(x -> x.sameVersionAs(seen));
      if (r.isEmpty()) {
        return Future.succeededFuture(); // retrieved or moved on meanwhile
      }
      ctx.publish(ParkEvent.Type.RECALL_FAILED, seen, null, why);
      String ext = Sanitize.extension(lot.fallback());
      if (ext != null) {
        return ctx.store().remove(seen).compose(won -> {
          if (!won) {
            return Future.succeededFuture();
          }
          ctx.publish(ParkEvent.Type.FALLBACK, seen, null, "to " + ext);
          return ctx.links().get(seen.boxId()).map(link -> link.api("uuid_setvar " + seen.callUuid() + " socket_resume false")
              .compose(v -> link.api("uuid_transfer " + seen.callUuid() + " " + ext + " XML " + ctx.dialplan().context()))
              .<Void>mapEmpty()).orElse(Future.succeededFuture());
        });
      }
      long now = ctx.now();
      SlotRecord back = seen.withState(SlotState.PARKED, now + lot.parkingTime().toMillis(), seen.step());
      return ctx.store().replace(seen, back).mapEmpty();
    });
  }
}
