package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SlotAllocatorTest {
  private static final SlotRange RANGE = SlotRange.of(6001, 6005);

  @Test
  void firstFreeTriesTheLowestFreeSlotsInOrder() {
    assertThat(SlotAllocator.candidates(RANGE, List.of("6001", "6003"), Lot.Allocation.FIRST_FREE, "6002"))
        .containsExactly("6002", "6004", "6005");
  }

  @Test
  void roundRobinStartsAfterTheLastSlotTakenAndWraps() {
    assertThat(SlotAllocator.candidates(RANGE, List.of("6005"), Lot.Allocation.ROUND_ROBIN, "6003"))
        .containsExactly("6004", "6001", "6002", "6003");
  }

  @Test
  void aFullRangeHasNoCandidates() {
    assertThat(SlotAllocator.candidates(RANGE, RANGE.names(), Lot.Allocation.FIRST_FREE, null)).isEmpty();
  }

  @Property(tries = 300)
  void candidatesAreExactlyTheFreeSlotsEachOnce(@ForAll @Size(max = 12) List<@IntRange(min = 6001, max = 6010) Integer> taken,
      @ForAll boolean roundRobin, @ForAll @IntRange(min = 6000, max = 6011) int last) {
    SlotRange range = SlotRange.of(6001, 6010);
    List<String> occupied = taken.stream().map(String::valueOf).toList();
    List<String> c = SlotAllocator.candidates(range, occupied,
        roundRobin ? Lot.Allocation.ROUND_ROBIN : Lot.Allocation.FIRST_FREE, String.valueOf(last));
    assertThat(c).doesNotHaveDuplicates();
    assertThat(c).allSatisfy(slot -> assertThat(occupied).doesNotContain(slot));
    assertThat(c.size() + occupied.stream().distinct().count()).isEqualTo(range.size());
  }
}
