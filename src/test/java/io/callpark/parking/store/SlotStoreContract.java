package io.callpark.parking.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpark.parking.SlotRecord;
import io.callpark.parking.SlotState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SlotStore} does, run against each implementation (house style §6). A subclass
 * supplies an empty store and the Vert.x instance whose contexts the store completes on.
 */
abstract class SlotStoreContract {
  static final long NOW = 1_700_000_000_000L;

  /** An empty store, fresh for each test. */
  protected abstract SlotStore store();

  protected abstract Vertx vertx();

  /** Racing rounds for {@link #racingWritersOnSeveralContextsLeaveExactlyOneWinnerPerRound}. */
  protected int racingRounds() {
    return 50;
  }

  static SlotRecord parked(String lot, String slot, String callUuid, long deadline) {
    return SlotRecord.parked(lot, slot, callUuid, "fs1", "Alice", "1001", "2001", "node-a", NOW, deadline);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("store call did not complete", e);
    }
  }

  @Test
  void takingAFreeSlotWins() {
    SlotRecord record = parked("main", "6001", "call-1", 0);

    assertThat(await(store().putIfAbsent(record))).isEmpty();
    assertThat(await(store().get("main", "6001"))).contains(record);
  }

  @Test
  void takingAnOccupiedSlotReturnsTheHolderAndLeavesItThere() {
    SlotRecord first = parked("main", "6001", "call-1", 0);
    SlotRecord second = parked("main", "6001", "call-2", 0);
    await(store().putIfAbsent(first));

    assertThat(await(store().putIfAbsent(second))).contains(first);
    assertThat(await(store().get("main", "6001"))).contains(first);
  }

  @Test
  void anEmptySlotReadsAsEmpty() {
    assertThat(await(store().get("main", "6001"))).isEmpty();
  }

  @Test
  void replacingTheCurrentVersionWins() {
    SlotRecord v1 = parked("main", "6001", "call-1", NOW + 45_000);
    await(store().putIfAbsent(v1));
    SlotRecord v2 = v1.withState(SlotState.RECALLING, NOW + 60_000, 1);

    assertThat(await(store().replace(v1, v2))).isTrue();
    assertThat(await(store().get("main", "6001"))).contains(v2);
  }

  @Test
  void replacingAStaleVersionLosesAndLeavesTheRecord() {
    SlotRecord v1 = parked("main", "6001", "call-1", NOW + 45_000);
    await(store().putIfAbsent(v1));
    SlotRecord v2 = v1.withOwner("node-b");
    await(store().replace(v1, v2));

    assertThat(await(store().replace(v1, v1.withState(SlotState.RECALLING, 0, 1)))).isFalse();
    assertThat(await(store().get("main", "6001"))).contains(v2);
  }

  @Test
  void replacingInAnEmptySlotLosesAndLeavesItEmpty() {
    SlotRecord v1 = parked("main", "6001", "call-1", 0);

    assertThat(await(store().replace(v1, v1.withOwner("node-b")))).isFalse();
    assertThat(await(store().get("main", "6001"))).isEmpty();
  }

  @Test
  void aReplacementMustKeepTheKeyAndIncrementTheVersionByOne() {
    SlotRecord v1 = parked("main", "6001", "call-1", 0);
    await(store().putIfAbsent(v1));
    SlotRecord sameVersion = new SlotRecord("main", "6001", SlotState.RECALLING, "call-1", "fs1", null, null,
        null, null, "node-a", NOW, 0, 1, 0, 1);
    SlotRecord skipsAVersion = new SlotRecord("main", "6001", SlotState.RECALLING, "call-1", "fs1", null, null,
        null, null, "node-a", NOW, 0, 1, 0, 3);
    SlotRecord otherSlot = parked("main", "6002", "call-1", 0).withOwner("node-b");

    assertThatThrownBy(() -> store().replace(v1, sameVersion)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().replace(v1, skipsAVersion)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().replace(v1, otherSlot)).isInstanceOf(IllegalArgumentException.class);
    assertThat(await(store().get("main", "6001"))).contains(v1);
    assertThat(await(store().get("main", "6002"))).isEmpty();
  }

  @Test
  void removingNeedsTheCurrentVersion() {
    SlotRecord v1 = parked("main", "6001", "call-1", 0);
    await(store().putIfAbsent(v1));
    SlotRecord v2 = v1.withOwner("node-b");
    await(store().replace(v1, v2));

    assertThat(await(store().remove(v1))).isFalse();
    assertThat(await(store().get("main", "6001"))).contains(v2);
    assertThat(await(store().remove(v2))).isTrue();
    assertThat(await(store().get("main", "6001"))).isEmpty();
    assertThat(await(store().remove(v2))).isFalse();
  }

  @Test
  void aStaleCopyOfAPreviousOccupantCannotTouchTheNextOne() {
    // Versions restart at 1 for each new occupant: comparing versions alone would let this through.
    SlotRecord earlier = parked("main", "6001", "call-1", NOW + 45_000);
    await(store().putIfAbsent(earlier));
    await(store().remove(earlier));
    SlotRecord next = parked("main", "6001", "call-2", NOW + 90_000);
    await(store().putIfAbsent(next));

    assertThat(await(store().replace(earlier, earlier.withState(SlotState.RECALLING, 0, 1)))).isFalse();
    assertThat(await(store().remove(earlier))).isFalse();
    assertThat(await(store().get("main", "6001"))).contains(next);
  }

  @Test
  void listingALotReturnsItsRecordsInKeyOrderAndNoOtherLots() {
    SlotRecord b = parked("main", "6002", "call-2", 0);
    SlotRecord a = parked("main", "6001", "call-1", 0);
    SlotRecord other = parked("sales", "7001", "call-3", 0);
    for (SlotRecord r : List.of(b, a, other)) {
      await(store().putIfAbsent(r));
    }

    assertThat(await(store().list("main"))).containsExactly(a, b);
    assertThat(await(store().list("sales"))).containsExactly(other);
    assertThat(await(store().list("empty"))).isEmpty();
    assertThat(await(store().all())).containsExactly(a, b, other);
  }

  @Test
  void aBulkReadReturnsEachKeyThatHoldsARecordAndLeavesOutTheFreeOnes() {
    SlotRecord a = parked("main", "6001", "call-1", 0);
    SlotRecord c = parked("sales", "7001", "call-3", 0);
    await(store().putIfAbsent(a));
    await(store().putIfAbsent(c));
    List<String> keys = new java.util.ArrayList<>(List.of(a.key(), "main/6002", c.key()));
    for (int i = 0; i < 2_500; i++) {
      keys.add("main/free-" + i); // spans more than one batch of a bulk read
    }

    assertThat(await(store().getAll(keys))).containsOnly(entry(a.key(), a), entry(c.key(), c));
    assertThat(await(store().getAll(List.of()))).isEmpty();
  }

  @Test
  void findingByCallReturnsTheSlotHoldingThatChannel() {
    SlotRecord a = parked("main", "6001", "call-1", 0);
    SlotRecord b = parked("sales", "7001", "call-2", 0);
    await(store().putIfAbsent(a));
    await(store().putIfAbsent(b));

    assertThat(await(store().findByCall("call-2"))).contains(b);
    assertThat(await(store().findByCall("call-9"))).isEmpty();
  }

  @Test
  void dueByReturnsOnlyRecordsWithAPassedDeadlineEarliestFirst() {
    SlotRecord noDeadline = parked("main", "6001", "call-1", 0);
    SlotRecord future = parked("main", "6002", "call-2", NOW + 1);
    SlotRecord exactlyNow = parked("main", "6003", "call-3", NOW);
    SlotRecord overdue = parked("sales", "7001", "call-4", NOW - 30_000);
    for (SlotRecord r : List.of(noDeadline, future, exactlyNow, overdue)) {
      await(store().putIfAbsent(r));
    }

    assertThat(await(store().dueBy(NOW))).containsExactly(overdue, exactlyNow);
    assertThat(await(store().dueBy(NOW - 30_001))).isEmpty();
  }

  @Test
  void everyFutureCompletesOnTheContextThatCalled() {
    SlotRecord v1 = parked("main", "6001", "call-1", NOW);
    SlotRecord v2 = v1.withOwner("node-b");
    List<Supplier<Future<?>>> calls = List.of(
        () -> store().putIfAbsent(v1),
        () -> store().putIfAbsent(v1),
        () -> store().get("main", "6001"),
        () -> store().list("main"),
        () -> store().all(),
        () -> store().findByCall("call-1"),
        () -> store().dueBy(NOW),
        () -> store().replace(v1, v2),
        () -> store().replace(v1, v2),
        () -> store().remove(v2),
        () -> store().remove(v2));
    Context caller = Contexts.eventLoops(vertx(), 1).get(0);
    for (Supplier<Future<?>> call : calls) {
      CompletableFuture<Context> completedOn = new CompletableFuture<>();
      caller.runOnContext(v -> call.get().onComplete(ar -> completedOn.complete(Vertx.currentContext())));

      assertThat(completedOn.join()).isSameAs(caller);
    }
  }

  /**
   * Each round, writers on several event loops race for one slot: one takes it, every other sees
   * that one; then all race to replace the same version, then to remove it. One winner each time.
   */
  @Test
  void racingWritersOnSeveralContextsLeaveExactlyOneWinnerPerRound() {
    int writers = 8;
    List<Context> contexts = Contexts.eventLoops(vertx(), 4);
    for (int round = 0; round < racingRounds(); round++) {
      String slot = "6" + (100 + round % 10);
      List<SlotRecord> mine = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        mine.add(parked("race", slot, "call-" + round + "-" + w, NOW + round));
      }

      List<Optional<SlotRecord>> takes = race(contexts, writers, w -> store().putIfAbsent(mine.get(w)));
      List<SlotRecord> winners = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        if (takes.get(w).isEmpty()) {
          winners.add(mine.get(w));
        }
      }
      assertThat(winners).as("round %d: slot takers", round).hasSize(1);
      SlotRecord held = winners.get(0);
      assertThat(takes).as("round %d: what losers saw", round)
          .allMatch(t -> t.isEmpty() || t.get().equals(held));

      List<Boolean> replaced = race(contexts, writers, w -> store().replace(held, held.withOwner("node-" + w)));
      assertThat(replaced).as("round %d: replacements that won", round).containsOnlyOnce(true);
      SlotRecord now = await(store().get("race", slot)).orElseThrow();
      assertThat(now.ownerNode()).isEqualTo("node-" + replaced.indexOf(true));
      assertThat(now.version()).isEqualTo(2);

      List<Boolean> removed = race(contexts, writers, w -> store().remove(now));
      assertThat(removed).as("round %d: removals that won", round).containsOnlyOnce(true);
      assertThat(await(store().get("race", slot))).isEmpty();
    }
  }

  interface Op<T> {
    Future<T> call(int writer);
  }

  /** Starts every writer's call on its context, all without waiting, and collects every result. */
  private static <T> List<T> race(List<Context> contexts, int writers, Op<T> op) {
    List<CompletableFuture<T>> results = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      CompletableFuture<T> result = new CompletableFuture<>();
      results.add(result);
      contexts.get(w % contexts.size()).runOnContext(v -> op.call(writer).onComplete(ar -> {
        if (ar.succeeded()) {
          result.complete(ar.result());
        } else {
          result.completeExceptionally(ar.cause());
        }
      }));
    }
    List<T> out = new ArrayList<>();
    for (CompletableFuture<T> r : results) {
      out.add(r.orTimeout(10, TimeUnit.SECONDS).join());
    }
    return out;
  }

  // ---- counters (presence event_count) and the change feed

  /** A lot name no other test used: counters are never reset, not even between tests. */
  private static String freshLot() {
    return "lot-" + UUID.randomUUID();
  }

  @Test
  void countersStartAtOneAndGrowByOnePerDraw() {
    String a = freshLot();
    String b = freshLot() + "/6001";

    assertThat(await(store().nextCounts(List.of(a, b)))).containsExactly(Map.entry(a, 1L), Map.entry(b, 1L));
    assertThat(await(store().nextCounts(List.of(a)))).containsExactly(Map.entry(a, 2L));
    assertThat(await(store().nextCounts(List.of(b, a)))).containsExactly(Map.entry(b, 2L), Map.entry(a, 3L));
  }

  @Test
  void aSlotsCounterNeverGoesBackWhenTheSlotIsFreedAndTakenAgain() {
    String lot = freshLot();
    SlotRecord alice = parked(lot, "6001", "alice", 0);
    String key = alice.key();
    await(store().putIfAbsent(alice));
    await(store().nextCounts(List.of(key)));
    long whileAlice = await(store().nextCounts(List.of(key))).get(key);
    assertThat(await(store().remove(alice))).isTrue();
    SlotRecord bob = parked(lot, "6001", "bob", 0);
    assertThat(bob.version()).as("a new occupant's version restarts").isEqualTo(alice.version());
    await(store().putIfAbsent(bob));

    assertThat(await(store().nextCounts(List.of(key))).get(key)).isEqualTo(whileAlice + 1);
  }

  @Test
  void drawingTheSameCounterFromManyContextsAtOnceGivesEveryValueOnce() {
    String key = freshLot() + "/6001";
    List<Context> contexts = Contexts.eventLoops(vertx(), 4);
    List<CompletableFuture<Long>> draws = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      CompletableFuture<Long> f = new CompletableFuture<>();
      contexts.get(i % contexts.size()).runOnContext(v ->
          store().nextCounts(List.of(key)).onComplete(ar -> {
            if (ar.succeeded()) {
              f.complete(ar.result().get(key));
            } else {
              f.completeExceptionally(ar.cause());
            }
          }));
      draws.add(f);
    }
    List<Long> values = draws.stream().map(CompletableFuture::join).sorted().toList();

    assertThat(values).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
  }

  @Test
  void aWatcherSeesEveryWinningWriteOfASlotInOrderAndNoLosingOne() {
    String lot = freshLot();
    List<SlotChange> seen = new CopyOnWriteArrayList<>();
    try (SlotStore.Watch w = store().watch(c -> {
      if (c.lot().equals(lot)) {
        seen.add(c);
      }
    })) {
      SlotRecord v1 = parked(lot, "6001", "call-1", 0);
      await(store().putIfAbsent(v1));
      await(store().putIfAbsent(parked(lot, "6001", "call-2", 0)));
      SlotRecord v2 = v1.withState(SlotState.RECALLING, NOW + 1, 1);
      await(store().replace(parked(lot, "6001", "stale", 0), v2));
      await(store().replace(v1, v2));
      await(store().remove(v1));
      await(store().remove(v2));

      org.awaitility.Awaitility.await().until(() -> seen.size() >= 3);
      assertThat(seen).containsExactly(new SlotChange(null, v1), new SlotChange(v1, v2), new SlotChange(v2, null));
    }
  }

  @Test
  void aClosedWatchHearsNothingMore() {
    String lot = freshLot();
    List<SlotChange> closed = new CopyOnWriteArrayList<>();
    List<SlotChange> open = new CopyOnWriteArrayList<>();
    SlotStore.Watch first = store().watch(c -> {
      if (c.lot().equals(lot)) {
        closed.add(c);
      }
    });
    try (SlotStore.Watch second = store().watch(c -> {
      if (c.lot().equals(lot)) {
        open.add(c);
      }
    })) {
      first.close();
      SlotRecord r = parked(lot, "6001", "call-1", 0);
      await(store().putIfAbsent(r));
      await(store().remove(r));

      org.awaitility.Awaitility.await().until(() -> open.size() == 2);
      assertThat(closed).isEmpty();
    }
  }
}
