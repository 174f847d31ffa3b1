package io.callpark.parking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.SlotOccupancy.Candidates;
import io.callpark.parking.store.InMemorySlotStore;
import io.callpark.parking.store.SlotStore;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlotOccupancyTest {
  private static final Lot LOT = Lot.withDefaults("default", SlotRange.of(7001, 7020));
  private final Vertx vertx = Vertx.vertx();
  private final InMemorySlotStore store = new InMemorySlotStore();

  @AfterEach
  @AfterProperty
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static SlotRecord record(String slot) {
    return SlotRecord.parked(LOT.name(), slot, "call-" + slot, "fs1", "Alice", "1000", "1001", "n1", 0, 60_000);
  }

  private void park(String... slots) {
    for (String s : slots) {
      assertThat(get(store.putIfAbsent(record(s)))).isEmpty();
    }
  }

  private static <T> T get(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private SlotOccupancy started(SlotStore s) {
    SlotOccupancy o = new SlotOccupancy(Map.of(LOT.name(), LOT), s);
    o.start(vertx);
    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(o::ready);
    return o;
  }

  private static Candidates candidates(SlotOccupancy o, Lot.Allocation allocation, String last) {
    return get(o.candidates(LOT, LOT.slots(), allocation, last));
  }

  @Test
  void beforeStartEveryRequestReadsTheStoreAndListsEveryFreeSlot() {
    park("7001", "7003");
    SlotOccupancy o = new SlotOccupancy(Map.of(LOT.name(), LOT), store);
    Candidates c = candidates(o, Lot.Allocation.FIRST_FREE, null);
    assertThat(c.complete()).isTrue();
    assertThat(c.slots()).hasSize(18).startsWith("7002", "7004").doesNotContain("7001", "7003");
  }

  @Test
  void afterStartABatchOfFreeSlotsComesFromTheHintWithoutReadingTheLot() {
    park("7001", "7002", "7004");
    SlotOccupancy o = started(store);
    Candidates c = candidates(o, Lot.Allocation.FIRST_FREE, null);
    assertThat(c.complete()).isFalse();
    assertThat(c.slots()).containsExactly("7003", "7005", "7006", "7007", "7008", "7009", "7010", "7011");
  }

  @Test
  void slotsTakenAndFreedByAnyWriterAreFollowedFromTheChangeFeed() {
    SlotOccupancy o = started(store);
    park("7001", "7002");
    assertThat(candidates(o, Lot.Allocation.FIRST_FREE, null).slots()).startsWith("7003");
    assertThat(get(store.remove(record("7001")))).isTrue();
    assertThat(candidates(o, Lot.Allocation.FIRST_FREE, null).slots()).startsWith("7001", "7003");
  }

  @Test
  void roundRobinStartsAfterTheLastSlotTakenAndWraps() {
    park("7019");
    SlotOccupancy o = started(store);
    assertThat(candidates(o, Lot.Allocation.ROUND_ROBIN, "7018").slots())
        .containsExactly("7020", "7001", "7002", "7003", "7004", "7005", "7006", "7007");
  }

  @Test
  void aHintThatSaysFullIsCheckedAgainstTheStoreWhichAloneSaysTheLotIsFull() {
    SlotOccupancy o = started(store);
    // The hint believes every slot taken (as if it had seen holders the store no longer has) ...
    LOT.slots().names().forEach(s -> o.seen(record(s)));
    park("7005");
    Candidates c = candidates(o, Lot.Allocation.FIRST_FREE, null);
    // ... so the store is read: every really free slot, complete, and the hint repaired.
    assertThat(c.complete()).isTrue();
    assertThat(c.slots()).hasSize(19).doesNotContain("7005");
    assertThat(candidates(o, Lot.Allocation.FIRST_FREE, null).slots()).startsWith("7001", "7002");

    LOT.slots().names().stream().filter(s -> !s.equals("7005")).forEach(this::park);
    Candidates full = candidates(o, Lot.Allocation.FIRST_FREE, null);
    assertThat(full.complete()).isTrue();
    assertThat(full.slots()).isEmpty();
  }

  @Test
  void aChangeThatArrivesWhileTheLotIsBeingReadIsNotLostWhenTheReadAnswers() {
    List<Promise<List<SlotRecord>>> held = new ArrayList<>();
    SlotStore slow = (SlotStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SlotStore.class},
        (proxy, m, args) -> {
          if (m.getName().equals("list") && !held.isEmpty()) {
            // Answer with the lot as it was when the read started, but only when the test says so.
            List<SlotRecord> then = get(store.list((String) args[0]));
            Promise<List<SlotRecord>> p = held.remove(0);
            return p.future().map(v -> then);
          }
          return m.invoke(store, args);
        });
    SlotOccupancy o = started(slow);
    LOT.slots().names().forEach(s -> o.seen(record(s))); // hint: full, so the next request reads the lot
    Promise<List<SlotRecord>> answer = Promise.promise();
    held.add(answer);
    Future<Candidates> reading = o.candidates(LOT, LOT.slots(), Lot.Allocation.FIRST_FREE, null);
    park("7001"); // taken while the read is in flight; the read's answer does not have it
    answer.complete(List.of());
    assertThat(get(reading).slots()).contains("7001"); // the read itself was from before
    assertThat(candidates(o, Lot.Allocation.FIRST_FREE, null).slots()).as("the hint kept the change")
        .startsWith("7002").doesNotContain("7001");
  }

  @Property(tries = 200)
  void theHintsBatchIsTheStoresFreeSlotsInTheSameOrder(
      @ForAll @Size(max = 25) List<@IntRange(min = 7001, max = 7020) Integer> taken, @ForAll boolean roundRobin,
      @ForAll @IntRange(min = 7000, max = 7021) int last) {
    InMemorySlotStore s = new InMemorySlotStore();
    taken.stream().distinct().forEach(n -> get(s.putIfAbsent(record(String.valueOf(n)))));
    SlotOccupancy o = started(s);
    try {
      Lot.Allocation a = roundRobin ? Lot.Allocation.ROUND_ROBIN : Lot.Allocation.FIRST_FREE;
      List<String> all = SlotAllocator.candidates(LOT.slots(), taken.stream().map(String::valueOf).toList(), a,
          String.valueOf(last));
      Candidates c = get(o.candidates(LOT, LOT.slots(), a, String.valueOf(last)));
      assertThat(c.slots()).isEqualTo(all.size() <= SlotOccupancy.BATCH || c.complete() ? all
          : all.subList(0, SlotOccupancy.BATCH));
    } finally {
      o.close();
    }
  }
}
