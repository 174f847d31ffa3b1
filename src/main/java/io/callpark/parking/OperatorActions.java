package io.callpark.parking;

import io.callpark.esl.link.FreeSwitchLink;
import io.callpark.parking.OperatorResult.AlreadyParked;
import io.callpark.parking.OperatorResult.BoxUnavailable;
import io.callpark.parking.OperatorResult.Failed;
import io.callpark.parking.OperatorResult.HangingUp;
import io.callpark.parking.OperatorResult.LotFull;
import io.callpark.parking.OperatorResult.NoSuchCall;
import io.callpark.parking.OperatorResult.NotAnswered;
import io.callpark.parking.OperatorResult.NotInLot;
import io.callpark.parking.OperatorResult.Reserved;
import io.callpark.parking.OperatorResult.Retrieved;
import io.callpark.parking.OperatorResult.SlotEmpty;
import io.callpark.parking.OperatorResult.SlotOccupied;
import io.callpark.parking.OperatorResult.UnknownLot;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator does to calls from outside a call (the HTTP API), over the box links, from any node:
 *
 * <ul>
 *   <li>{@link #park}: a live call by UUID into a slot — reserve the slot (a conditional write), mark the
 *       channel with it and {@code uuid_transfer} it to the park extension, where it claims the
 *       reservation, exactly like the partner of an in-call park code ({@code ParkingService.parkPartner}).
 *   <li>{@link #retrieveTo}: ring an extension from the parked call's box; when it answers, take the
 *       record with a conditional delete and {@code uuid_bridge} the two — how a recall bridges — so a
 *       retriever dialling the slot, a recall and the operator never all get the caller.
 *   <li>{@link #hangup}: {@code uuid_kill <uuid> MANAGER_REQUEST}; the slot is freed by the ordinary
 *       hangup path (the socket's CHANNEL_HANGUP, or the box's CHANNEL_HANGUP_COMPLETE), which reports
 *       {@link ParkEvent.Type#HUNG_UP} for that cause.
 * </ul>
 *
 * Escalate-now is {@link ParkingService#escalate}. Stateless apart from the context; thread-safe.
 */
public final class OperatorActions {
  private static final Logger log = LoggerFactory.getLogger(OperatorActions.class);
  private static final int MAX_RACES = 3;

  private final ParkingContext ctx;
  private final CallTracker tracker;

  OperatorActions(ParkingContext ctx, CallTracker tracker) {
    this.ctx = ctx;
    this.tracker = tracker;
  }

  /**
   * Parks the live call {@code uuid} in {@code slot} of {@code lotName} (null: a free slot by the lot's
   * allocation). {@code box} null: the first connected box that has the channel. {@code parker} (may be
   * null) is rung on recall; {@code by} names the operator in the event.
   */
  public Future<OperatorResult> park(String uuid, String lotName, String slot, String box, String parker, String by) {
    Lot lot = ctx.lots().get(lotName);
    if (lot == null) {
      return done(new UnknownLot(lotName));
    }
    if (slot != null && !lot.slots().contains(slot)) {
      return done(new NotInLot(lotName, slot));
    }
    return ctx.store().findByCall(uuid).compose(parked -> {
      if (parked.isPresent()) {
        return done(new AlreadyParked(parked.get()));
      }
      return findChannel(uuid, box).compose(link -> link.isEmpty()
          ? done(box != null && !connected(box) ? new BoxUnavailable(box) : new NoSuchCall(uuid))
          : reserveAndSend(uuid, lot, slot, link.get(), parker, by));
    });
  }

  private Future<OperatorResult> reserveAndSend(String uuid, Lot lot, String slot, FreeSwitchLink link, String parker,
      String by) {
    return ctx.store().list(lot.name()).compose(records -> {
      List<String> candidates = slot != null ? List.of(slot) : SlotAllocator.candidates(lot.slots(),
          records.stream().map(SlotRecord::slot).toList(), lot.allocation(), tracker.lastTaken(lot.name()));
      return reserve(lot, candidates, 0, uuid, link.boxId(), parker);
    }).compose(reserved -> {
      if (reserved == null) {
        return done(slot != null ? new SlotOccupied(lot.name(), slot) : new LotFull(lot.name()));
      }
      tracker.taken(lot.name(), reserved.slot());
      ctx.publish(ParkEvent.Type.RESERVED, reserved, null, "park of " + uuid + " asked by " + by);
      return link.api("uuid_setvar " + uuid + " callpark_lot " + lot.name())
          .compose(v -> link.api("uuid_setvar " + uuid + " callpark_slot " + reserved.slot()))
          .compose(v -> link.api("uuid_transfer " + uuid + " " + ctx.dialplan().parkExtension() + " XML "
              + ctx.dialplan().context()))
          .recover(e -> Future.succeededFuture("-ERR " + e.getMessage()))
          .compose(reply -> reply.startsWith("+OK") ? done(new Reserved(reserved)) : release(reserved, reply));
    });
  }

  private Future<SlotRecord> reserve(Lot lot, List<String> candidates, int i, String uuid, String boxId, String parker) {
    if (i >= candidates.size()) {
      return Future.succeededFuture(null);
    }
    long now = ctx.now();
    SlotRecord r = SlotRecord.reserved(lot.name(), candidates.get(i), uuid, uuid, boxId, parker, ctx.nodeId(), now,
        now + lot.attendedGrace().toMillis());
    return ctx.store().putIfAbsent(r).compose(holder -> holder.isEmpty() ? Future.succeededFuture(r)
        : reserve(lot, candidates, i + 1, uuid, boxId, parker));
  }

  /** The transfer was refused: give the slot back (if still ours) and say why. */
  private Future<OperatorResult> release(SlotRecord reserved, String reply) {
    String why = Sanitize.headerValue(reply.trim());
    log.info("park of {} into {} failed: {}", reserved.callUuid(), reserved.key(), why);
    return ctx.store().remove(reserved).map(won -> {
      if (won) {
        ctx.publish(ParkEvent.Type.RELEASED, reserved, null, "transfer to park failed: " + why);
      }
      return new Failed("uuid_transfer: " + why);
    });
  }

  /** The link of {@code box} (or of the first connected box) on which {@code uuid} exists. */
  private Future<Optional<FreeSwitchLink>> findChannel(String uuid, String box) {
    List<FreeSwitchLink> links = new ArrayList<>();
    if (box != null) {
      ctx.links().get(box).filter(FreeSwitchLink::isConnected).ifPresent(links::add);
    } else {
      ctx.links().all().stream().filter(FreeSwitchLink::isConnected).forEach(links::add);
    }
    return exists(uuid, links, 0);
  }

  private Future<Optional<FreeSwitchLink>> exists(String uuid, List<FreeSwitchLink> links, int i) {
    if (i >= links.size()) {
      return Future.succeededFuture(Optional.empty());
    }
    FreeSwitchLink link = links.get(i);
    return link.api("uuid_exists " + uuid).recover(e -> Future.succeededFuture("false")).compose(reply ->
        reply.trim().equals("true") ? Future.succeededFuture(Optional.of(link)) : exists(uuid, links, i + 1));
  }

  private boolean connected(String box) {
    return ctx.links().get(box).map(FreeSwitchLink::isConnected).orElse(false);
  }

  /**
   * Rings {@code extension} ({@code user/<ext>@<domain>} on the parked call's box) for up to
   * {@code ringFor}; answered → the record is taken with a conditional delete and the two are bridged.
   */
  public Future<OperatorResult> retrieveTo(String lotName, String slot, String extension, Duration ringFor, String by) {
    return parkedCall(lotName, slot).compose(found -> {
      if (!(found instanceof Found f)) {
        return done(((NotFound) found).result());
      }
      SlotRecord r = f.record();
      FreeSwitchLink link = f.link();
      String ext = Sanitize.extension(extension);
      if (ext == null) {
        return done(new NotAnswered(Sanitize.headerValue(extension), "not an extension"));
      }
      String vars = "{origination_caller_id_name=" + Sanitize.dialStringValue("Parked " + r.slot() + ": "
          + (r.callerIdName() != null ? r.callerIdName() : r.callerIdNumber() != null ? r.callerIdNumber() : "caller"))
          + ",origination_caller_id_number=" + r.slot() + ",originate_timeout=" + Math.max(1, ringFor.toSeconds())
          + ",callpark_retrieve=" + r.lot() + "/" + r.slot() + "}";
      log.info("retrieving {} to {} for {}", r.key(), ext, by);
      return link.bgapi("originate " + vars + "user/" + ext + "@" + link.domain() + " &park()",
          ringFor.plus(Escalator.RING_GUARD)).recover(e -> Future.succeededFuture("-ERR " + e.getMessage()))
          .compose(out -> out.startsWith("+OK ")
              ? take(r, out.substring(4).trim(), link, ext, by, 0)
              : done(new NotAnswered(ext, Sanitize.headerValue(out.trim()))));
    });
  }

  /** The extension answered on {@code leg}: take the record if it still holds the same caller, then bridge. */
  private Future<OperatorResult> take(SlotRecord seen, String leg, FreeSwitchLink link, String ext, String by, int race) {
    return ctx.store().get(seen.lot(), seen.slot()).compose(cur -> {
      if (cur.isEmpty() || !seen.callUuid().equals(cur.get().callUuid()) || cur.get().state() == SlotState.RESERVED) {
        return gone(seen, leg, link);
      }
      SlotRecord r = cur.get();
      return ctx.store().remove(r).compose(won -> {
        if (!won) {
          return race + 1 < MAX_RACES ? take(seen, leg, link, ext, by, race + 1) : gone(seen, leg, link);
        }
        return link.api("uuid_setvar " + r.callUuid() + " socket_resume false")
            .compose(v -> link.api("uuid_bridge " + leg + " " + r.callUuid()))
            .recover(e -> Future.succeededFuture("-ERR " + e.getMessage()))
            .map(reply -> {
              if (reply.startsWith("+OK")) {
                ctx.publish(ParkEvent.Type.RETRIEVED, r, leg, "to " + ext + ", asked by " + by, ext);
                return (OperatorResult) new Retrieved(r, leg);
              }
              ctx.publish(ParkEvent.Type.ABANDONED, r, null, "parked call gone at retrieval: " + reply.trim());
              link.api("uuid_kill " + leg);
              return new SlotEmpty(r.lot(), r.slot());
            });
      });
    });
  }

  private Future<OperatorResult> gone(SlotRecord seen, String leg, FreeSwitchLink link) {
    log.info("{} answered for {} but the caller left the slot meanwhile: hanging that leg up", leg, seen.key());
    link.api("uuid_kill " + leg);
    return done(new SlotEmpty(seen.lot(), seen.slot()));
  }

  /** Hangs the call in {@code lot/slot} up with {@value ParkEvent.Type#OPERATOR_CAUSE}. */
  public Future<OperatorResult> hangup(String lotName, String slot, String by) {
    return parkedCall(lotName, slot).compose(found -> {
      if (!(found instanceof Found f)) {
        return done(((NotFound) found).result());
      }
      SlotRecord r = f.record();
      log.info("hanging up {} in {} for {}", r.callUuid(), r.key(), by);
      return f.link().api("uuid_kill " + r.callUuid() + " " + ParkEvent.Type.OPERATOR_CAUSE)
          .recover(e -> Future.succeededFuture("-ERR " + e.getMessage()))
          .compose(reply -> {
            if (reply.startsWith("+OK")) {
              return done(new HangingUp(r));
            }
            // No such channel: it is gone and no hangup event will free the slot now.
            return ctx.store().remove(r).map(won -> {
              if (won) {
                ctx.publish(ParkEvent.Type.ABANDONED, r, null, "channel gone: " + Sanitize.headerValue(reply.trim()));
              }
              return (OperatorResult) new HangingUp(r);
            });
          });
    });
  }

  private sealed interface Lookup {}

  private record Found(SlotRecord record, FreeSwitchLink link) implements Lookup {}

  private record NotFound(OperatorResult result) implements Lookup {}

  /** The record of a call in {@code lot/slot} and its box's connected link, or why there is none. */
  private Future<Lookup> parkedCall(String lotName, String slot) {
    Lot lot = ctx.lots().get(lotName);
    if (lot == null) {
      return Future.succeededFuture(new NotFound(new UnknownLot(lotName)));
    }
    if (!lot.slots().contains(slot)) {
      return Future.succeededFuture(new NotFound(new NotInLot(lotName, slot)));
    }
    return ctx.store().get(lotName, slot).map(cur -> {
      if (cur.isEmpty() || cur.get().callUuid() == null || cur.get().state() == SlotState.RESERVED) {
        return new NotFound(new SlotEmpty(lotName, slot));
      }
      SlotRecord r = cur.get();
      Optional<FreeSwitchLink> link = ctx.links().get(r.boxId()).filter(FreeSwitchLink::isConnected);
      return link.isEmpty() ? new NotFound(new BoxUnavailable(r.boxId())) : new Found(r, link.get());
    });
  }

  private static Future<OperatorResult> done(OperatorResult r) {
    return Future.succeededFuture(r);
  }
}
