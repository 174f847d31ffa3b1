package io.callpark.parking;

import io.callpark.esl.link.BoxLinks;
import io.callpark.parking.store.SlotStore;
import java.time.Clock;
import java.util.Map;

/**
 * What the parking flows share: the node's identity, lots, store, box links, events and clock.
 *
 * @param nodeId this controller node's id (recorded as a slot's owner)
 * @param lots lots by name
 * @param defaultLot lot used when the dialplan names none
 * @param store slot records
 * @param links FreeSWITCH boxes
 * @param events where park events go
 * @param clock injected time (tests advance it by hand)
 * @param dialplan where calls are sent back to (fallbacks, in-call park)
 * @param messageParker whether a blind-transfer parker gets a SIP MESSAGE naming the slot
 * @param crossBox boxes' SIP addresses and the one-time tokens of cross-box retrieval
 * @param timer measures park and retrieve latency for the metrics (nanosecond ticker, injected)
 * @param stall whether this node's view of the store can be acted on after it was stalled (timers, clean-ups)
 */
public record ParkingContext(String nodeId, Map<String, Lot> lots, String defaultLot, SlotStore store,
    BoxLinks links, ParkEvents events, Clock clock, Dialplan dialplan, boolean messageParker, CrossBox crossBox,
    FlowTimer timer, io.callpark.cluster.StallGuard stall) {

  /** Extensions of the FreeSWITCH dialplan callpark sends calls to. */
  public record Dialplan(String context, String parkExtension) {
    public static final Dialplan DEFAULT = new Dialplan("default", "park");
  }

  /** Without cross-box retrieval ({@link CrossBox#none()}): a call parked on another box is not retrieved. */
  public ParkingContext(String nodeId, Map<String, Lot> lots, String defaultLot, SlotStore store, BoxLinks links,
      ParkEvents events, Clock clock, Dialplan dialplan, boolean messageParker) {
    this(nodeId, lots, defaultLot, store, links, events, clock, dialplan, messageParker, CrossBox.none());
  }

  /** With latency measured on {@code System.nanoTime()} and heard by nobody until a listener joins. */
  public ParkingContext(String nodeId, Map<String, Lot> lots, String defaultLot, SlotStore store, BoxLinks links,
      ParkEvents events, Clock clock, Dialplan dialplan, boolean messageParker, CrossBox crossBox) {
    this(nodeId, lots, defaultLot, store, links, events, clock, dialplan, messageParker, crossBox, FlowTimer.system());
  }

  /** Never stalled ({@link io.callpark.cluster.StallGuard#never()}): one process, no cluster to fall out of. */
  public ParkingContext(String nodeId, Map<String, Lot> lots, String defaultLot, SlotStore store, BoxLinks links,
      ParkEvents events, Clock clock, Dialplan dialplan, boolean messageParker, CrossBox crossBox, FlowTimer timer) {
    this(nodeId, lots, defaultLot, store, links, events, clock, dialplan, messageParker, crossBox, timer,
        io.callpark.cluster.StallGuard.never());
  }

  public ParkingContext {
    java.util.Objects.requireNonNull(crossBox);
    java.util.Objects.requireNonNull(stall);
    java.util.Objects.requireNonNull(timer);
    lots = Map.copyOf(lots);
    if (!lots.containsKey(defaultLot)) {
      throw new IllegalArgumentException("default lot '" + defaultLot + "' is not among the lots " + lots.keySet());
    }
  }

  public long now() {
    return clock.millis();
  }

  public void publish(ParkEvent.Type type, SlotRecord r, String other, String detail) {
    publish(type, r, other, detail, null);
  }

  /** An event about {@code r}; {@code by} names who took the call out of park (retrieval events). */
  public void publish(ParkEvent.Type type, SlotRecord r, String other, String detail, String by) {
    events.publish(new ParkEvent(type, r.lot(), r.slot(), r.callUuid(), other, r.callerIdName(), detail, now(),
        r.parkedAtMillis(), by));
  }
}
