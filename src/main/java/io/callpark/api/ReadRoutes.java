package io.callpark.api;

import io.callpark.api.feed.EventFeed;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The read routes: lots, slots with their parked calls, one call by UUID, recent events. Every node
 * answers for the whole cluster: records come from the slot store, events from the cluster's feed.
 * Stateless; handlers run on the HTTP server's event loop and never block it.
 */
final class ReadRoutes {
  private final ParkingContext ctx;
  private final EventFeed feed;

  ReadRoutes(ParkingContext ctx, EventFeed feed) {
    this.ctx = ctx;
    this.feed = feed;
  }

  void mount(Router r) {
    r.get("/api/lots").handler(this::lots);
    r.get("/api/lots/:lot/slots").handler(this::slots);
    r.get("/api/lots/:lot/slots/:slot").handler(this::slot);
    r.get("/api/calls/:uuid").handler(this::call);
    r.get("/api/events").handler(this::events);
  }

  private void lots(RoutingContext rc) {
    reply(rc, ctx.store().all().map(all -> {
      Map<String, List<SlotRecord>> byLot = all.stream().collect(Collectors.groupingBy(SlotRecord::lot));
      JsonArray lots = new JsonArray();
      for (Lot lot : orderedLots()) {
        lots.add(Views.lot(lot, byLot.getOrDefault(lot.name(), List.of())));
      }
      return new JsonObject().put("lots", lots);
    }));
  }

  private void slots(RoutingContext rc) {
    Lot lot = Fields.lot(rc, ctx.lots());
    boolean empty = Fields.queryBool(rc, "empty");
    reply(rc, ctx.store().list(lot.name()).map(records -> {
      long now = ctx.now();
      JsonArray slots = new JsonArray();
      if (empty) {
        Map<String, SlotRecord> bySlot = records.stream().collect(Collectors.toMap(SlotRecord::slot, Function.identity()));
        lot.slots().names().forEach(s -> slots.add(Views.slot(lot, s, bySlot.get(s), now)));
      } else {
        records.forEach(rec -> slots.add(Views.slot(lot, rec.slot(), rec, now)));
      }
      return new JsonObject().put("lot", lot.name()).put("slots", slots);
    }));
  }

  private void slot(RoutingContext rc) {
    Lot lot = Fields.lot(rc, ctx.lots());
    String slot = Fields.slot(rc, lot);
    reply(rc, ctx.store().get(lot.name(), slot).map(rec -> Views.slot(lot, slot, rec.orElse(null), ctx.now())));
  }

  private void call(RoutingContext rc) {
    String uuid = Fields.uuid("uuid", rc.pathParam("uuid"));
    reply(rc, ctx.store().findByCall(uuid).map(found -> {
      Optional<Lot> lot = found.map(rec -> ctx.lots().get(rec.lot()));
      if (found.isEmpty() || lot.isEmpty()) {
        throw Problem.notFound("uuid", uuid, "no parked call has this UUID").raise();
      }
      return Views.slot(lot.get(), found.get().slot(), found.get(), ctx.now());
    }));
  }

  private void events(RoutingContext rc) {
    int limit = (int) Fields.queryLong(rc, "limit", 100, 1, EventFeed.CAPACITY);
    long after = Fields.queryLong(rc, "after", -1, -1, Long.MAX_VALUE);
    reply(rc, (after >= 0 ? feed.since(after, limit) : feed.recent(limit)).map(list -> {
      JsonArray out = new JsonArray();
      list.forEach(e -> out.add(Views.event(e)));
      return new JsonObject().put("events", out);
    }));
  }

  /** Lots by name. */
  private List<Lot> orderedLots() {
    return ctx.lots().values().stream().sorted(java.util.Comparator.comparing(Lot::name)).toList();
  }

  /** Sends the JSON when {@code body} succeeds; a failure (a raised Problem included) goes to the failure handler. */
  static void reply(RoutingContext rc, Future<JsonObject> body) {
    reply(rc, 200, body);
  }

  static void reply(RoutingContext rc, int status, Future<JsonObject> body) {
    body.onComplete(ar -> {
      if (ar.succeeded()) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(ar.result().encode());
      } else {
        rc.fail(ar.cause());
      }
    });
  }
}
