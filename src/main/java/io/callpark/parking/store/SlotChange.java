package io.callpark.parking.store;

import io.callpark.parking.SlotRecord;

/**
 * One change of one slot record, as a {@link SlotStore#watch watcher} sees it: the record before and
 * after the write. {@code before == null}: the slot was taken; {@code after == null}: it was freed.
 *
 * <p>Immutable; thread-safe.
 *
 * @param before the record that was stored, or null
 * @param after the record now stored, or null
 */
public record SlotChange(SlotRecord before, SlotRecord after) {

  public SlotChange {
    if (before == null && after == null) {
      throw new IllegalArgumentException("a slot change needs a record before or after it");
    }
    if (before != null && after != null && !before.key().equals(after.key())) {
      throw new IllegalArgumentException("a slot change stays in one slot: " + before.key() + " -> " + after.key());
    }
  }

  /** Either record: both have the same lot and slot. */
  private SlotRecord any() {
    return after != null ? after : before;
  }

  public String lot() {
    return any().lot();
  }

  public String slot() {
    return any().slot();
  }

  /** The store key {@code lot/slot}. */
  public String key() {
    return any().key();
  }
}
