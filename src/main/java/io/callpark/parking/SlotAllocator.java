package io.callpark.parking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure decision: in which order to try the slots of a range for {@code auto in}. The caller then tries
 * them with conditional writes, in that order, until one wins; a slot taken between the read of
 * {@code occupied} and the write simply loses its race and the next candidate is tried. Knowing
 * {@code occupied} only saves round trips: correctness never depends on it.
 *
 * <p>Stateless and thread-safe.
 */
public final class SlotAllocator {
  private SlotAllocator() {}

  /**
   * Free slots of {@code range} in trying order: ascending for {@link Lot.Allocation#FIRST_FREE}; for
   * {@link Lot.Allocation#ROUND_ROBIN} starting after {@code lastTaken} and wrapping around.
   */
  public static List<String> candidates(SlotRange range, Collection<String> occupied, Lot.Allocation allocation,
      String lastTaken) {
    Set<String> taken = new HashSet<>(occupied);
    List<String> names = range.names();
    int start = 0;
    if (allocation == Lot.Allocation.ROUND_ROBIN && lastTaken != null) {
      int i = names.indexOf(lastTaken);
      start = i < 0 ? 0 : (i + 1) % names.size();
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      String s = names.get((start + k) % names.size());
      if (!taken.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }
}
