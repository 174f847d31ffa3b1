package io.callpark.parking.store;

import io.callpark.parking.SlotRecord;

/** Argument checks every {@link SlotStore} applies the same way. */
final class Checks {
  private Checks() {}

  static void replacement(SlotRecord expected, SlotRecord next) {
    if (!expected.key().equals(next.key())) {
      throw new IllegalArgumentException("replace must keep the key: " + expected.key() + " -> " + next.key());
    }
    if (next.version() != expected.version() + 1) {
      throw new IllegalArgumentException("replace must increment the version: " + expected.version() + " -> "
          + next.version() + " for " + expected.key());
    }
  }
}
