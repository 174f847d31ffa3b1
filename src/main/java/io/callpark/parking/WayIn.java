package io.callpark.parking;

/** How a call came to be parked (../shared/freeswitch facts 36–37; docs/parking.md). */
public enum WayIn {
  /** A phone's park key or a dialplan transfer sent the caller alone; the parker is gone (fact 36). */
  BLIND_TRANSFER,
  /** The caller arrives by REFER with Replaces, after its parker heard the slot on a consultation call (fact 37). */
  ATTENDED_TRANSFER,
  /** The parker's own leg, still bridged, pressed a park code: park the partner, tell the parker. */
  IN_CALL,
  /** Someone dialled the park extension (or an IVR sent them); also the consultation leg of way 2. */
  DIRECT
}
