package io.callpark.parking;

/**
 * The fact of one occupied slot, as kept in the {@link io.callpark.parking.store.SlotStore}: who is
 * parked, where (FreeSWITCH box and channel UUID), who parked them, which node owns the record, its
 * state and next deadline, and a version that every write increments. Writes are conditional on the
 * version (house style §5), so two nodes or two calls can never both win a slot.
 *
 * @param lot lot name
 * @param slot slot number as dialled, e.g. "6001"
 * @param state see {@link SlotState}
 * @param callUuid the parked channel; null while {@link SlotState#RESERVED} for an attended transfer
 * @param boxId the FreeSWITCH box the parked channel lives on
 * @param callerIdName the parked caller's name (as received; never written raw to a socket)
 * @param callerIdNumber the parked caller's number
 * @param parker extension of whoever parked the call, for recall; null when unknown
 * @param reservation what may claim a RESERVED slot: a consultation SIP Call-ID or a channel UUID
 * @param ownerNode the node that drives the call now
 * @param parkedAtMillis when the slot was taken (epoch millis, from the injected clock)
 * @param deadlineMillis when the next timer fires (recall, reservation expiry); 0 for none
 * @param step the lot's escalation step that is next due (PARKED) or under way (RECALLING, ESCALATING):
 *     an index into {@link Lot#chain()}, 0 until the first deadline fires
 * @param attempt how many times that step has run (a {@code remind} repeats), 0 before its first run
 * @param version starts at 1, +1 on every write
 */
public record SlotRecord(String lot, String slot, SlotState state, String callUuid, String boxId,
    String callerIdName, String callerIdNumber, String parker, String reservation, String ownerNode,
    long parkedAtMillis, long deadlineMillis, int step, int attempt, long version) {

  public SlotRecord {
    if (lot == null || lot.isEmpty() || slot == null || slot.isEmpty() || state == null) {
      throw new IllegalArgumentException("a slot record needs a lot, a slot and a state");
    }
  }

  /** The store key: {@code lot/slot}. */
  public String key() {
    return key(lot, slot);
  }

  /**
   * The order of listings: by lot, then slot. The same as ordering by {@link #key()} for lot names that are
   * not prefixes of one another, without building a key string per comparison (10,000 records sort in it).
   */
  public static final java.util.Comparator<SlotRecord> ORDER =
      java.util.Comparator.comparing(SlotRecord::lot).thenComparing(SlotRecord::slot);

  /**
   * Owner-field prefix of a record a survivor has claimed to re-home ({@code rehoming:<its node>}): the call
   * is about to be sent back to the park extension by that node (cluster.Rehomer).
   */
  public static final String REHOMING = "rehoming:";

  public static String key(String lot, String slot) {
    return lot + "/" + slot;
  }

  /** A new record (version 1) for a caller who is now in the slot. */
  public static SlotRecord parked(String lot, String slot, String callUuid, String boxId, String callerIdName,
      String callerIdNumber, String parker, String ownerNode, long nowMillis, long deadlineMillis) {
    return new SlotRecord(lot, slot, SlotState.PARKED, callUuid, boxId, callerIdName, callerIdNumber, parker,
        null, ownerNode, nowMillis, deadlineMillis, 0, 0, 1);
  }

  /** A new record (version 1) holding the slot for whoever presents {@code reservation}. */
  public static SlotRecord reserved(String lot, String slot, String reservation, String callUuid, String boxId,
      String parker, String ownerNode, long nowMillis, long expiresMillis) {
    return new SlotRecord(lot, slot, SlotState.RESERVED, callUuid, boxId, null, null, parker, reservation,
        ownerNode, nowMillis, expiresMillis, 0, 0, 1);
  }

  /** The caller now in a reserved slot. */
  public SlotRecord claimedBy(String newCallUuid, String newBoxId, String name, String number, String node,
      long nowMillis, long deadline) {
    return new SlotRecord(lot, slot, SlotState.PARKED, newCallUuid, newBoxId, name, number, parker, null, node,
        nowMillis, deadline, 0, 0, version + 1);
  }

  /** The same call moved to {@code newState} at escalation step {@code newStep}, its first attempt. */
  public SlotRecord withState(SlotState newState, long newDeadline, int newStep) {
    return at(newState, newStep, 0, newDeadline);
  }

  /** The same call at escalation position ({@code newStep}, {@code newAttempt}) with its next deadline. */
  public SlotRecord at(SlotState newState, int newStep, int newAttempt, long newDeadline) {
    return new SlotRecord(lot, slot, newState, callUuid, boxId, callerIdName, callerIdNumber, parker, reservation,
        ownerNode, parkedAtMillis, newDeadline, newStep, newAttempt, version + 1);
  }

  public SlotRecord withOwner(String node) {
    return new SlotRecord(lot, slot, state, callUuid, boxId, callerIdName, callerIdNumber, parker, reservation,
        node, parkedAtMillis, deadlineMillis, step, attempt, version + 1);
  }

  /** True when {@code other} is this same write of this same slot. */
  public boolean sameVersionAs(SlotRecord other) {
    return other != null && key().equals(other.key()) && version == other.version;
  }
}
