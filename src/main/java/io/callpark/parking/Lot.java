package io.callpark.parking;

import java.time.Duration;

/**
 * One parking lot as configured: its slots, how a free slot is chosen, its timers, music and policies.
 *
 * @param name lot name as used in the dialplan ({@code callpark_request=<name> ...})
 * @param slots the slot numbers of the lot
 * @param allocation how {@code auto in} picks a slot
 * @param parkingTime how long a caller waits before the parker is rung back
 * @param recallTime how long the parker's phone rings on recall
 * @param holdMusic what the parked caller hears, e.g. {@code local_stream://moh}
 * @param announce whether the slot number is spoken to whoever is on the line when it is taken
 * @param occupied what happens when a call is sent to a slot that is taken
 * @param retrieveAccess who may retrieve
 * @param fallback extension a call goes to when the recall is not answered; null = back into its slot
 * @param attendedGrace how long a slot announced to an attended-transfer consultation call is held for the caller
 * @param emptySlotPrompt what a retriever of an empty slot hears before hangup
 * @param fullPrompt what a caller hears when the lot is full, before going back to the dialplan
 * @param occupiedPrompt what a caller hears when sent to a taken slot under {@link OccupiedPolicy#REFUSE}
 * @param escalation the escalation chain and holding prompt ({@link #chain()} for the chain in force)
 */
public record Lot(String name, SlotRange slots, Allocation allocation, Duration parkingTime, Duration recallTime,
    String holdMusic, boolean announce, OccupiedPolicy occupied, AccessList retrieveAccess, String fallback,
    Duration attendedGrace, String emptySlotPrompt, String fullPrompt, String occupiedPrompt, Escalation escalation) {

  public Lot {
    if (escalation == null) {
      escalation = Escalation.DEFAULT;
    }
  }

  /** How {@code auto in} picks a slot. */
  public enum Allocation {
    /** Lowest free slot: callers land on the same few slots, easy to read on BLF keys. */
    FIRST_FREE,
    /** The next free slot after the last one taken (valet_park's {@code next}): spreads wear, fewer mix-ups. */
    ROUND_ROBIN
  }

  /** What happens when a call is sent to a slot that is taken. Never: bridge it to the parked caller. */
  public enum OccupiedPolicy {
    /** A prompt, then back to the dialplan (the actions after {@code socket}). */
    REFUSE,
    /** Park in the next free slot of the lot instead, and announce that one. */
    NEXT_FREE
  }

  public static final String DEFAULT_HOLD_MUSIC = "local_stream://moh";
  public static final String DEFAULT_EMPTY_PROMPT = "tone_stream://%(500,500,480,620);loops=3";
  public static final String DEFAULT_FULL_PROMPT = "tone_stream://%(250,250,480,620);loops=4";
  public static final String DEFAULT_OCCUPIED_PROMPT = "tone_stream://%(250,250,480,620);loops=4";

  /** A lot with the documented defaults (docs/parking.md). */
  public static Lot withDefaults(String name, SlotRange slots) {
    return new Lot(name, slots, Allocation.FIRST_FREE, Duration.ofSeconds(60), Duration.ofSeconds(20),
        DEFAULT_HOLD_MUSIC, true, OccupiedPolicy.REFUSE, AccessList.EVERYONE, null, Duration.ofSeconds(10),
        DEFAULT_EMPTY_PROMPT, DEFAULT_FULL_PROMPT, DEFAULT_OCCUPIED_PROMPT, Escalation.DEFAULT);
  }

  public Lot with(OccupiedPolicy policy) {
    return new Lot(name, slots, allocation, parkingTime, recallTime, holdMusic, announce, policy, retrieveAccess,
        fallback, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, escalation);
  }

  public Lot with(Allocation newAllocation) {
    return new Lot(name, slots, newAllocation, parkingTime, recallTime, holdMusic, announce, occupied,
        retrieveAccess, fallback, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, escalation);
  }

  public Lot with(AccessList access) {
    return new Lot(name, slots, allocation, parkingTime, recallTime, holdMusic, announce, occupied, access,
        fallback, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, escalation);
  }

  public Lot withFallback(String extension) {
    return new Lot(name, slots, allocation, parkingTime, recallTime, holdMusic, announce, occupied,
        retrieveAccess, extension, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, escalation);
  }

  public Lot withTimes(Duration parking, Duration recall) {
    return new Lot(name, slots, allocation, parking, recall, holdMusic, announce, occupied, retrieveAccess,
        fallback, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, escalation);
  }

  public Lot with(Escalation newEscalation) {
    return new Lot(name, slots, allocation, parkingTime, recallTime, holdMusic, announce, occupied, retrieveAccess,
        fallback, attendedGrace, emptySlotPrompt, fullPrompt, occupiedPrompt, newEscalation);
  }

  /** How long a newly parked caller waits before the chain's first step: {@code parkingTime} by default. */
  public Duration firstWait() {
    return chain().get(0).after();
  }

  /**
   * The escalation chain in force: the configured one, or by default a recall of the parker after
   * {@code parkingTime} ringing for {@code recallTime}, then the {@code fallback} extension if there is
   * one (else back into the slot and the chain starts over: valet_park's behaviour, never dropped).
   */
  public java.util.List<EscalationStep> chain() {
    if (!escalation.steps().isEmpty()) {
      return escalation.steps();
    }
    EscalationStep recall = new EscalationStep.Recall(parkingTime, recallTime);
    return fallback == null ? java.util.List.of(recall)
        : java.util.List.of(recall, new EscalationStep.Transfer(Duration.ZERO, fallback));
  }
}
