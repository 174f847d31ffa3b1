package io.callpark.parking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.SlotRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Writers racing for one slot of the in-memory twin, in every order jqwik can think of. Each writer
 * runs the same program: take the slot (or learn who holds it), move whatever it holds to itself,
 * re-read, free what it read. A schedule interleaves the writers' steps; whatever the order, a
 * write wins exactly when it was made against the record last written, so no two writers ever win
 * the same version, and a copy kept from a previous occupant never wins against the next one.
 */
class InMemorySlotStoreProperties {
  private static final int STEPS = 4;

  @Property(tries = 500)
  void everyWriteWinsExactlyWhenMadeAgainstTheLastWrite(@ForAll("schedules") List<Integer> schedule) {
    SlotStore store = new InMemorySlotStore();
    int writers = schedule.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    int[] step = new int[writers];
    SlotRecord[] held = new SlotRecord[writers];
    Optional<SlotRecord> lastWrite = Optional.empty(); // the model: what the slot must hold now
    Set<SlotRecord> wonAgainst = new HashSet<>();

    for (int w : schedule) {
      switch (step[w]++) {
        case 0 -> {
          SlotRecord mine = SlotStoreContract.parked("main", "6001", "call-" + w + "-" + step[w], 0);
          Optional<SlotRecord> holder = await(store.putIfAbsent(mine));
          assertThat(holder).isEqualTo(lastWrite);
          held[w] = holder.orElse(mine);
          lastWrite = Optional.of(held[w]);
        }
        case 1 -> {
          SlotRecord next = held[w].withOwner("node-" + w);
          boolean won = await(store.replace(held[w], next));
          assertThat(won).isEqualTo(lastWrite.equals(Optional.of(held[w])));
          if (won) {
            assertThat(wonAgainst.add(held[w])).as("two writers won against %s", held[w]).isTrue();
            held[w] = next;
            lastWrite = Optional.of(next);
          }
        }
        case 2 -> {
          Optional<SlotRecord> read = await(store.get("main", "6001"));
          assertThat(read).isEqualTo(lastWrite);
          held[w] = read.orElse(held[w]); // an empty slot: keep the stale copy, the next step must lose with it
        }
        default -> {
          boolean won = await(store.remove(held[w]));
          assertThat(won).isEqualTo(lastWrite.equals(Optional.of(held[w])));
          if (won) {
            assertThat(wonAgainst.add(held[w])).as("two writers won against %s", held[w]).isTrue();
            lastWrite = Optional.empty();
          }
        }
      }
      assertThat(await(store.get("main", "6001"))).isEqualTo(lastWrite);
    }
  }

  /** 2 to 6 writers, each appearing {@value #STEPS} times, in any order. */
  @Provide
  Arbitrary<List<Integer>> schedules() {
    return Arbitraries.integers().between(2, 6).flatMap(writers -> {
      List<Integer> steps = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        for (int s = 0; s < STEPS; s++) {
          steps.add(w);
        }
      }
      return Arbitraries.shuffle(steps);
    });
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    assertThat(future.succeeded()).as("the twin completes at once").isTrue();
    return future.result();
  }
}
