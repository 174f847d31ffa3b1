package io.callpark.api;

import io.callpark.config.HttpConfig.Role;
import io.callpark.parking.EscalateResult;
import io.callpark.parking.Lot;
import io.callpark.parking.OperatorResult;
import io.callpark.parking.ParkingService;
import io.callpark.parking.SlotRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Set;

/**
 * The operator's routes: park a live call by UUID, retrieve a slot to an extension, escalate now, hang
 * up. Each needs the {@code operator} role, validates its input, runs the action from
 * {@link io.callpark.parking.OperatorActions} (or {@link ParkingService#escalate}) and maps the sealed
 * result to a status: 2xx done, 404 nothing by that name, 409 the slot's state forbids it, 502
 * FreeSWITCH refused, 503 the box is not connected. Stateless.
 */
final class ActionRoutes {
  static final Duration DEFAULT_RING = Duration.ofSeconds(20);

  private final ParkingService parking;

  ActionRoutes(ParkingService parking) {
    this.parking = parking;
  }

  void mount(Router r) {
    r.post("/api/calls/:uuid/park").handler(TokenAuth.require(Role.OPERATOR)).handler(this::park);
    r.post("/api/lots/:lot/slots/:slot/retrieve").handler(TokenAuth.require(Role.OPERATOR)).handler(this::retrieve);
    r.post("/api/lots/:lot/slots/:slot/escalate").handler(TokenAuth.require(Role.OPERATOR)).handler(this::escalate);
    r.post("/api/lots/:lot/slots/:slot/hangup").handler(TokenAuth.require(Role.OPERATOR)).handler(this::hangup);
  }

  private void park(RoutingContext rc) {
    String uuid = Fields.uuid("uuid", rc.pathParam("uuid"));
    JsonObject body = Fields.body(rc, Set.of("lot", "slot", "box", "parker"));
    String lotName = body.containsKey("lot") ? Fields.required(body, "lot") : parking.context().defaultLot();
    Lot lot = parking.context().lots().get(lotName);
    if (lot == null) {
      throw Problem.invalid("lot", lotName, "no such lot (lots: " + parking.context().lots().keySet() + ")").raise();
    }
    String slot = Fields.string(body, "slot");
    if (slot != null && !lot.slots().contains(slot)) {
      throw Problem.invalid("slot", slot, "not a slot of lot " + lot.name() + " (" + lot.slots() + ")").raise();
    }
    String box = Fields.box("box", Fields.string(body, "box"));
    String parker = body.containsKey("parker") ? Fields.extension("parker", Fields.string(body, "parker")) : null;
    answer(rc, parking.operator().park(uuid, lot.name(), slot, box, parker, who(rc)));
  }

  private void retrieve(RoutingContext rc) {
    Lot lot = Fields.lot(rc, parking.context().lots());
    String slot = Fields.slot(rc, lot);
    JsonObject body = Fields.body(rc, Set.of("extension", "ringSeconds"));
    String ext = Fields.extension("extension", Fields.required(body, "extension"));
    long ring = Fields.number(body, "ringSeconds", DEFAULT_RING.toSeconds(), 5, 120);
    answer(rc, parking.operator().retrieveTo(lot.name(), slot, ext, Duration.ofSeconds(ring), who(rc)));
  }

  private void hangup(RoutingContext rc) {
    Lot lot = Fields.lot(rc, parking.context().lots());
    String slot = Fields.slot(rc, lot);
    Fields.body(rc, Set.of());
    answer(rc, parking.operator().hangup(lot.name(), slot, who(rc)));
  }

  private void escalate(RoutingContext rc) {
    Lot lot = Fields.lot(rc, parking.context().lots());
    String slot = Fields.slot(rc, lot);
    Fields.body(rc, Set.of());
    ReadRoutes.reply(rc, parking.escalate(lot.name(), slot).map(result -> {
      if (result instanceof EscalateResult.Escalated e) {
        return new JsonObject().put("result", "escalated").put("slot", e.slotKey()).put("step", e.step());
      }
      if (result instanceof EscalateResult.NotParked n) {
        throw slotEmpty(n.lot(), n.slot()).raise();
      }
      if (result instanceof EscalateResult.Raced r) {
        throw Problem.of(409, "raced", "Changed meanwhile", "slot " + r.slotKey()
            + " changed while escalating (retrieved, hung up or a deadline fired); nothing was done twice").raise();
      }
      throw Problem.notFound("lot", ((EscalateResult.UnknownLot) result).lot(), "no such lot").raise();
    }));
  }

  /** The operator named in events and logs: the token's name. */
  private static String who(RoutingContext rc) {
    return "API token '" + TokenAuth.token(rc).name() + "'";
  }

  private static void answer(RoutingContext rc, Future<OperatorResult> result) {
    result.onComplete(ar -> {
      if (ar.failed()) {
        rc.fail(ar.cause());
        return;
      }
      OperatorResult r = ar.result();
      try {
        ReadRoutes.reply(rc, r instanceof OperatorResult.Retrieved ? 200 : 202, Future.succeededFuture(json(r)));
      } catch (Problem.Raised e) {
        rc.fail(e);
      }
    });
  }

  /** A success as JSON, or the Problem a failure maps to (raised). */
  private static JsonObject json(OperatorResult r) {
    if (r instanceof OperatorResult.Reserved x) {
      return done("park-requested", x.record());
    }
    if (r instanceof OperatorResult.Retrieved x) {
      return done("retrieved", x.record()).put("leg", x.legUuid());
    }
    if (r instanceof OperatorResult.HangingUp x) {
      return done("hanging-up", x.record());
    }
    throw problem(r).raise();
  }

  private static JsonObject done(String what, SlotRecord rec) {
    return new JsonObject().put("result", what).put("lot", rec.lot()).put("slot", rec.slot()).put("call", rec.callUuid());
  }

  static Problem problem(OperatorResult r) {
    if (r instanceof OperatorResult.UnknownLot x) {
      return Problem.notFound("lot", x.lot(), "no such lot");
    }
    if (r instanceof OperatorResult.NotInLot x) {
      return Problem.notFound("slot", x.slot(), "not a slot of lot " + x.lot());
    }
    if (r instanceof OperatorResult.SlotEmpty x) {
      return slotEmpty(x.lot(), x.slot());
    }
    if (r instanceof OperatorResult.SlotOccupied x) {
      return Problem.of(409, "slot-occupied", "Slot occupied", "slot " + x.slot() + " of lot " + x.lot() + " is taken");
    }
    if (r instanceof OperatorResult.LotFull x) {
      return Problem.of(409, "lot-full", "Lot full", "lot " + x.lot() + " has no free slot");
    }
    if (r instanceof OperatorResult.NoSuchCall x) {
      return Problem.notFound("uuid", x.uuid(), "no connected FreeSWITCH box has a channel with this UUID");
    }
    if (r instanceof OperatorResult.AlreadyParked x) {
      return Problem.of(409, "already-parked", "Already parked", "call " + x.record().callUuid() + " is in slot "
          + x.record().slot() + " of lot " + x.record().lot());
    }
    if (r instanceof OperatorResult.BoxUnavailable x) {
      return Problem.of(503, "box-unavailable", "FreeSWITCH box unavailable", "box '" + Problem.shown(x.box())
          + "' is not connected to this node");
    }
    if (r instanceof OperatorResult.NotAnswered x) {
      return Problem.of(409, "not-answered", "Not answered", "extension " + x.extension()
          + " did not answer (" + Problem.shown(x.cause()) + "); the caller stays parked");
    }
    return Problem.of(502, "freeswitch-refused", "FreeSWITCH refused", ((OperatorResult.Failed) r).reason());
  }

  private static Problem slotEmpty(String lot, String slot) {
    return Problem.of(409, "slot-empty", "Slot empty", "slot " + slot + " of lot " + lot + " holds no parked call");
  }
}
