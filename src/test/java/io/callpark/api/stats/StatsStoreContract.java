package io.callpark.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StatsStore} does: counts accumulate per lot, window and bucket; a newer bucket takes
 * over its position; a late update to an overwritten bucket is dropped; concurrent updates all count.
 */
abstract class StatsStoreContract {
  static final long T0 = 1_795_514_400_000L;
  private static final Tally PARK = new Tally(Tally.Kind.PARKED, 0, null);

  protected abstract StatsStore store();

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void updatesAccumulateInTheirLotWindowAndBucket() throws Exception {
    StatsStore s = store();
    get(s.add("a", Window.HOUR, T0, PARK));
    get(s.add("a", Window.HOUR, T0, new Tally(Tally.Kind.RETRIEVED, 12_000, "1001")));
    get(s.add("a", Window.DAY, Window.DAY.bucketStart(T0), PARK));
    get(s.add("b", Window.HOUR, T0, PARK));
    List<StatsBucket> a = get(s.buckets("a", Window.HOUR));
    assertThat(a).hasSize(1);
    assertThat(a.get(0).start()).isEqualTo(T0);
    assertThat(a.get(0).count(Tally.Kind.PARKED)).isEqualTo(1);
    assertThat(a.get(0).count(Tally.Kind.RETRIEVED)).isEqualTo(1);
    assertThat(a.get(0).waitSumMillis()).isEqualTo(12_000);
    assertThat(a.get(0).retrievers()).containsEntry("1001", 1L);
    assertThat(get(s.buckets("a", Window.DAY))).hasSize(1);
    assertThat(get(s.buckets("b", Window.HOUR))).singleElement()
        .satisfies(b -> assertThat(b.count(Tally.Kind.RETRIEVED)).isZero());
    assertThat(get(s.buckets("c", Window.HOUR))).isEmpty();
  }

  @Test
  void aNewerBucketReplacesTheOneAtItsPositionAndALateUpdateIsDropped() throws Exception {
    StatsStore s = store();
    long later = T0 + Window.HOUR.size().toMillis() * Window.HOUR.kept();
    get(s.add("a", Window.HOUR, T0, PARK));
    get(s.add("a", Window.HOUR, later, PARK));
    get(s.add("a", Window.HOUR, T0, PARK));
    assertThat(get(s.buckets("a", Window.HOUR))).singleElement().satisfies(b -> {
      assertThat(b.start()).isEqualTo(later);
      assertThat(b.count(Tally.Kind.PARKED)).isEqualTo(1);
    });
  }

  @Test
  void concurrentUpdatesAreAllCounted() throws Exception {
    StatsStore s = store();
    List<Future<Void>> writes = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread th = new Thread(() -> {
        for (int i = 0; i < 50; i++) {
          synchronized (writes) {
            writes.add(s.add("a", Window.HOUR, T0, PARK));
          }
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    get(Future.all(writes));
    assertThat(get(s.buckets("a", Window.HOUR)).get(0).count(Tally.Kind.PARKED)).isEqualTo(200);
  }
}
