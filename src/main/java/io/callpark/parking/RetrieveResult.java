package io.callpark.parking;

/** How a retrieve attempt ended. */
public sealed interface RetrieveResult {
  /** Bridged to the call that was in {@code record}'s slot; the record is gone. */
  record Retrieved(SlotRecord record) implements RetrieveResult {}

  /** Nobody in that slot (or someone else got there first). */
  record SlotEmpty(String lot, String slot) implements RetrieveResult {}

  /** The retriever is not on the lot's access list. */
  record NotAllowed(String lot, String who) implements RetrieveResult {}

  /** Unknown lot, bad slot, bridge refused ... */
  record Rejected(String reason) implements RetrieveResult {}
}
