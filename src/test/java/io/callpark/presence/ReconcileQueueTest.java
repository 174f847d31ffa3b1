package io.callpark.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reconcile's queue: merging, batch size by rate, and one batch out at a time. */
class ReconcileQueueTest {
  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final List<List<ReconcileQueue.Item>> batches = new CopyOnWriteArrayList<>();
  private final List<Promise<Void>> outstanding = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    vertx.close();
  }

  private static ReconcileQueue.Item item(String slot, String box, long since) {
    return new ReconcileQueue.Item("my_lot/" + slot, "my_lot", slot, null, Set.of(box), since);
  }

  @Test
  void aSlotQueuedTwiceGoesOutOnceToBothBoxesAndABatchWaitsForThePreviousOne() {
    // 200 events/s: two per 10 ms tick.
    ReconcileQueue q = new ReconcileQueue(vertx, 200, batch -> {
      batches.add(batch);
      Promise<Void> done = Promise.promise();
      outstanding.add(done);
      return done.future();
    });
    context.runOnContext(v -> {
      q.add(item("6001", "fs1", 1));
      q.add(item("6002", "fs1", 1));
      q.add(item("6001", "fs2", 2));
      q.add(item("6003", "fs1", 2));
    });

    await().until(() -> batches.size() == 1);
    assertThat(batches.get(0)).extracting(ReconcileQueue.Item::slot).containsExactly("6001", "6002");
    assertThat(batches.get(0).get(0).boxes()).containsExactlyInAnyOrder("fs1", "fs2");
    assertThat(batches.get(0).get(0).since()).isEqualTo(2);
    // The boxes have not answered the first batch: nothing more goes out, however many ticks pass.
    await().during(Duration.ofMillis(150)).atMost(Duration.ofSeconds(2)).until(() -> batches.size() == 1);

    context.runOnContext(v -> outstanding.get(0).complete());
    await().until(() -> batches.size() == 2);
    assertThat(batches.get(1)).extracting(ReconcileQueue.Item::slot).containsExactly("6003");
    context.runOnContext(v -> outstanding.get(1).complete());
    assertThat(sizeOnContext(q)).isZero();
  }

  private int sizeOnContext(ReconcileQueue q) {
    java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger(-1);
    context.runOnContext(v -> size.set(q.size()));
    await().until(() -> size.get() >= 0);
    return size.get();
  }
}
