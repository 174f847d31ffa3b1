package io.callpark.parking;

/** How a park attempt ended. A lost race is a result, not an exception. */
public sealed interface ParkResult {
  /** The call holds {@code record}'s slot. */
  record Parked(SlotRecord record) implements ParkResult {}

  /** The asked-for slot is taken (and the lot's policy is to refuse). The caller was not bridged to anyone. */
  record SlotOccupied(String lot, String slot) implements ParkResult {}

  /** No free slot in the range. */
  record LotFull(String lot) implements ParkResult {}

  /** Unknown lot, slot outside the lot, DTMF timeout ... — {@code reason} says which, for the log. */
  record Rejected(String reason) implements ParkResult {}
}
