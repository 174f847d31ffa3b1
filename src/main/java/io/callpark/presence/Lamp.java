package io.callpark.presence;

import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;

/**
 * What a slot's BLF key shows, decided from its record alone (docs/blf.md has the table).
 */
public enum Lamp {
  /** No caller in the slot: {@code force-status: Empty}, dialog {@code terminated} (fact 60). */
  DARK,
  /** A caller on hold: {@code force-status: Holding}, dialog {@code confirmed} (fact 59). */
  HELD,
  /** A caller being recalled or escalated, with {@link PresenceOptions.RecallLamp#RINGING}: dialog {@code early}. */
  RINGING;

  /**
   * The lamp of {@code record} (null: an empty slot). A RESERVED slot is dark: nobody is in it yet
   * (an attended transfer or in-call park on its way), and pressing the key would find nobody.
   */
  public static Lamp of(SlotRecord record, PresenceOptions.RecallLamp recallLamp) {
    if (!hasCaller(record)) {
      return DARK;
    }
    if (record.state() == SlotState.PARKED) {
      return HELD;
    }
    return recallLamp == PresenceOptions.RecallLamp.RINGING ? RINGING : HELD;
  }

  /** Whether a caller is in the slot, which is what the lot's "Active (N callers)" counts. */
  public static boolean hasCaller(SlotRecord record) {
    return record != null && record.state() != SlotState.RESERVED;
  }
}
