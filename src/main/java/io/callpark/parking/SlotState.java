package io.callpark.parking;

/** Where a slot's call stands. Every change is a conditional write of the {@link SlotRecord}. */
public enum SlotState {
  /**
   * Slot promised but the call not yet in it: announced to a parker whose attended transfer will send
   * the caller (fact 37), or taken for the partner of an in-call park code on its way here.
   */
  RESERVED,
  /** A caller is in the slot, hearing music on hold. */
  PARKED,
  /** The parking time ran out: the parker is being rung back. The caller is still in the slot. */
  RECALLING,
  /** Recall failed: the lot's fallback (and later the escalation chain) is under way. */
  ESCALATING
}
