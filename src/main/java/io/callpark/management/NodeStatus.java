package io.callpark.management;

import io.callpark.esl.link.InboundLink;
import io.callpark.node.CallparkNode;
import io.callpark.parking.Lot;
import io.callpark.parking.ParkingContext;
import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.TreeSet;

/**
 * The read-only JSON documents the management listener serves for the CLI ({@code callpark status},
 * {@code slots}, {@code park-list}); docs/operations.md shows them. Slots come from the shared store, so
 * any node answers for the whole cluster; times are from the node's injected clock. Stateless apart from
 * the node; safe on any thread.
 */
final class NodeStatus {
  private final CallparkNode node;
  private final Readiness readiness;

  NodeStatus(CallparkNode node, Readiness readiness) {
    this.node = node;
    this.readiness = readiness;
  }

  /** {@code GET /status}: readiness with its checks, members, boxes, parked calls per lot. */
  Future<JsonObject> status() {
    Readiness.Report report = readiness.check();
    JsonObject out = new JsonObject().put("node", node.config().nodeId()).put("ready", report.ready())
        .put("failed", new JsonArray(report.failed())).put("checks", report.toJson().getJsonArray("checks"));
    try {
      out.put("members", new JsonArray(List.copyOf(new TreeSet<>(node.membership().liveNodes()))));
    } catch (RuntimeException e) {
      out.put("members", new JsonArray());
    }
    JsonArray boxes = new JsonArray();
    for (InboundLink l : node.links()) {
      boxes.add(new JsonObject().put("id", l.boxId()).put("connected", l.isConnected())
          .put("state", l.client().state().name()));
    }
    out.put("boxes", boxes);
    return records().transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(out.putNull("parked").put("storeError", ar.cause().toString()));
      }
      List<SlotRecord> records = ar.result();
      JsonArray lots = new JsonArray();
      int total = 0;
      for (Lot lot : node.config().lots().values()) {
        long n = records.stream().filter(r -> r.lot().equals(lot.name())).filter(NodeStatus::isParked).count();
        total += n;
        lots.add(new JsonObject().put("name", lot.name()).put("slots", lot.slots().toString())
            .put("size", lot.slots().size()).put("parked", n));
      }
      return Future.succeededFuture(out.put("parked", total).put("lots", lots));
    });
  }

  /** {@code GET /slots}: every occupied slot of every lot (reserved ones too), ordered by lot and slot. */
  Future<JsonObject> slots() {
    ParkingContext ctx = node.parking().context();
    return ctx.store().all().map(records -> {
      long now = ctx.now();
      JsonArray slots = new JsonArray();
      for (SlotRecord r : records) {
        slots.add(new JsonObject().put("lot", r.lot()).put("slot", r.slot()).put("state", r.state().name())
            .put("callUuid", r.callUuid()).put("callerIdName", r.callerIdName())
            .put("callerIdNumber", r.callerIdNumber()).put("parker", r.parker()).put("node", r.ownerNode())
            .put("box", r.boxId()).put("parkedAtMillis", r.parkedAtMillis())
            .put("waitingSeconds", Math.max(0, (now - r.parkedAtMillis()) / 1000))
            .put("nextDeadlineMillis", r.deadlineMillis() == 0 ? null : r.deadlineMillis()));
      }
      JsonArray lots = new JsonArray();
      node.config().lots().values().forEach(l -> lots.add(new JsonObject().put("name", l.name())
          .put("slots", l.slots().toString()).put("size", l.slots().size())));
      return new JsonObject().put("node", node.config().nodeId()).put("nowMillis", now).put("lots", lots)
          .put("slots", slots);
    });
  }

  private Future<List<SlotRecord>> records() {
    return node.parking().context().store().all();
  }

  /** A call is in the slot (not just a reservation for one). */
  static boolean isParked(SlotRecord r) {
    return r.state() != SlotState.RESERVED && r.callUuid() != null;
  }
}
