package io.callpark.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.ParkEvent;
import io.callpark.parking.ParkEvent.Type;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Counts, mean and p90 from a known sequence of park events, per hour and day bucket. */
class ParkStatsTest {
  /** 2026-11-24T10:00:00Z, the start of an hour. */
  private static final long T0 = 1_795_514_400_000L;
  private final ParkStats stats = new ParkStats(new InMemoryStatsStore());

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private void event(Type type, long at, long parkedAt, String by) throws Exception {
    get(stats.record(new ParkEvent(type, "default", "6001", "u", null, "A", null, at, parkedAt, by)));
  }

  @Test
  void countsMeanAndP90ComeOutOfAKnownSequence() throws Exception {
    long[] waitsSeconds = {3, 7, 12, 12, 18, 25, 40, 50, 70, 100};
    for (int i = 0; i < waitsSeconds.length; i++) {
      long parkedAt = T0 + i * 1000L;
      event(Type.PARKED, parkedAt, parkedAt, null);
      event(Type.RETRIEVED, parkedAt + waitsSeconds[i] * 1000, parkedAt, i < 6 ? "1001" : "1002");
    }
    event(Type.PARKED, T0 + 100_000, T0 + 100_000, null);
    event(Type.ABANDONED, T0 + 110_000, T0 + 100_000, null);
    event(Type.TIMEOUT, T0 + 120_000, T0 + 100_000, null);
    event(Type.ESCALATED, T0 + 121_000, T0 + 100_000, null);
    event(Type.REFUSED, T0 + 122_000, 0, null);

    StatsBucket hour = get(stats.series("default", Window.HOUR, 1, T0 + 1_800_000)).get(0);
    assertThat(hour.start()).isEqualTo(T0);
    assertThat(hour.count(Tally.Kind.PARKED)).isEqualTo(11);
    assertThat(hour.count(Tally.Kind.RETRIEVED)).isEqualTo(10);
    assertThat(hour.count(Tally.Kind.ABANDONED)).isEqualTo(1);
    assertThat(hour.count(Tally.Kind.TIMED_OUT)).isEqualTo(1);
    assertThat(hour.count(Tally.Kind.ESCALATED)).isEqualTo(1);
    assertThat(hour.averageWaitSeconds()).isEqualTo(33.7);
    // Sorted waits: the 9th of 10 is 70 s, in the histogram bucket (60, 90].
    assertThat(hour.p90WaitSeconds()).isEqualTo(90);
    assertThat(hour.topRetrievers(10)).extracting(e -> e.getKey() + "=" + e.getValue())
        .containsExactly("1001=6", "1002=4");

    StatsBucket day = get(stats.series("default", Window.DAY, 1, T0)).get(0);
    assertThat(day.count(Tally.Kind.PARKED)).isEqualTo(11);
    assertThat(day.p90WaitSeconds()).isEqualTo(90);
  }

  @Test
  void aSeriesHasNoGapsAndABucketPositionIsReusedAfterTheWindowsKept() throws Exception {
    event(Type.PARKED, T0, T0, null);
    event(Type.PARKED, T0 + Duration.ofHours(2).toMillis(), 0, null);
    List<StatsBucket> series = get(stats.series("default", Window.HOUR, 3, T0 + Duration.ofHours(2).toMillis()));
    assertThat(series).extracting(b -> b.count(Tally.Kind.PARKED)).containsExactly(1L, 0L, 1L);
    assertThat(series.get(0).start() - series.get(1).start()).isEqualTo(Duration.ofHours(1).toMillis());

    long later = T0 + Duration.ofHours(Window.HOUR.kept()).toMillis();
    event(Type.PARKED, later, later, null);
    assertThat(get(stats.series("default", Window.HOUR, 1, later)).get(0).count(Tally.Kind.PARKED)).isEqualTo(1);
    assertThat(get(stats.series("default", Window.HOUR, Window.HOUR.kept(), later)))
        .as("the bucket of T0 was overwritten, nothing older is kept")
        .noneMatch(b -> b.start() == T0 && b.count(Tally.Kind.PARKED) > 0);
    event(Type.PARKED, T0 + 1000, T0, null);
    assertThat(get(stats.series("default", Window.HOUR, 1, later)).get(0).count(Tally.Kind.PARKED))
        .as("a late event for the overwritten bucket is dropped").isEqualTo(1);
  }

  @Test
  void theRetrieverListKeepsTheFrequentOnesWhenManyRetrieve() {
    StatsBucket b = StatsBucket.empty(T0);
    for (int i = 0; i < 50; i++) {
      b = b.plus(new Tally(Tally.Kind.RETRIEVED, 1000, "1001"));
    }
    for (int i = 0; i < 200; i++) {
      b = b.plus(new Tally(Tally.Kind.RETRIEVED, 1000, "2" + i));
    }
    assertThat(b.retrievers()).hasSizeLessThanOrEqualTo(StatsBucket.RETRIEVERS_KEPT);
    assertThat(b.topRetrievers(1).get(0).getKey()).isEqualTo("1001");
    assertThat(b.count(Tally.Kind.RETRIEVED)).isEqualTo(250);
  }

  @Test
  void waitsBeyondAnHourLandInTheOpenBucketAndMergeAcrossBuckets() {
    StatsBucket a = StatsBucket.empty(T0).plus(new Tally(Tally.Kind.RETRIEVED, 2 * 3_600_000, "1"));
    StatsBucket b = StatsBucket.empty(T0 + 3_600_000).plus(new Tally(Tally.Kind.RETRIEVED, 4000, "2"));
    assertThat(a.p90WaitSeconds()).isEqualTo(3600);
    StatsBucket both = a.merge(b);
    assertThat(both.waitCount()).isEqualTo(2);
    assertThat(both.waitSumMillis()).isEqualTo(2 * 3_600_000 + 4000);
    assertThat(both.retrievers()).containsOnlyKeys("1", "2");
  }
}
