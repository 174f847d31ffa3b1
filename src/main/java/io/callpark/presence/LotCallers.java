package io.callpark.presence;

import io.callpark.parking.SlotRecord;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * How many callers each lot holds, kept from the store's change feed so a lot lamp is not a read of every
 * record of the lot on each park and retrieve (with 10,000 parked that read was most of a park's cost).
 *
 * <p>The feed alone cannot know a lot's starting point, so a lot is <em>unknown</em> until a full read of it is
 * {@linkplain #learn learned}. A read and the feed overlap: a slot whose change arrived after the read began
 * keeps the feed's view (it is newer), every other slot takes the read's. Slots are tracked by name, so a
 * change seen twice cannot count twice. Confined to the publisher's context.
 */
final class LotCallers {
  private final Map<String, Set<String>> withCaller = new HashMap<>();
  private final Set<String> known = new HashSet<>();

  /** A change of {@code slot} in {@code lot}: it now holds a caller or not. Applied whether the lot is known or not. */
  void changed(String lot, String slot, boolean hasCaller) {
    if (hasCaller) {
      withCaller.computeIfAbsent(lot, l -> new HashSet<>()).add(slot);
    } else {
      Set<String> s = withCaller.get(lot);
      if (s != null) {
        s.remove(slot);
      }
    }
  }

  /**
   * A full read of {@code lot} that began when {@code since} changes had been seen; {@code lastChange} gives,
   * per record key, the change count when its latest change arrived. The lot is known from now on.
   */
  void learn(String lot, List<SlotRecord> records, long since, ToLongFunction<String> lastChange) {
    Set<String> now = withCaller.computeIfAbsent(lot, l -> new HashSet<>());
    Set<String> fromRead = new HashSet<>();
    for (SlotRecord r : records) {
      if (Lamp.hasCaller(r)) {
        fromRead.add(r.slot());
      }
    }
    now.removeIf(slot -> !fromRead.contains(slot) && lastChange.applyAsLong(SlotRecord.key(lot, slot)) <= since);
    for (String slot : fromRead) {
      if (lastChange.applyAsLong(SlotRecord.key(lot, slot)) <= since) {
        now.add(slot);
      }
    }
    known.add(lot);
  }

  /** The lot's caller count, or -1 while it is not known (no full read learned yet). */
  int count(String lot) {
    if (!known.contains(lot)) {
      return -1;
    }
    Set<String> s = withCaller.get(lot);
    return s == null ? 0 : s.size();
  }

  /** Forgets every lot (the feed stopped, so its view can no longer be trusted). */
  void clear() {
    withCaller.clear();
    known.clear();
  }
}
