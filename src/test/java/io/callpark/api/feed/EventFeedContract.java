package io.callpark.api.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpark.parking.ParkEvent;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventFeed} does: seqs increase by one, recent and since read in order, only the last
 * {@link EventFeed#CAPACITY} are kept, subscribers get each new event in order until they close.
 */
abstract class EventFeedContract {
  protected abstract EventFeed feed();

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static FeedEvent event(String slot) {
    return new FeedEvent(-1, "n1", new ParkEvent(ParkEvent.Type.PARKED, "default", slot, "u-" + slot, null, "Alice",
        "direct", 1000L, 1000L, null));
  }

  @Test
  void appendedEventsGetIncreasingSeqsAndReadBackInOrder() throws Exception {
    EventFeed f = feed();
    long a = get(f.append(event("6001")));
    long b = get(f.append(event("6002")));
    long c = get(f.append(event("6003")));
    assertThat(b).isEqualTo(a + 1);
    assertThat(c).isEqualTo(a + 2);
    List<FeedEvent> recent = get(f.recent(2));
    assertThat(recent).extracting(e -> e.event().slot()).containsExactly("6002", "6003");
    assertThat(recent).extracting(FeedEvent::seq).containsExactly(b, c);
    assertThat(recent.get(0).node()).isEqualTo("n1");
    assertThat(recent.get(0).event()).isEqualTo(event("6002").event());
    assertThat(get(f.since(a, 10))).extracting(FeedEvent::seq).containsExactly(b, c);
    assertThat(get(f.since(c, 10))).isEmpty();
  }

  @Test
  void onlyTheLastCapacityEventsAreKept() throws Exception {
    EventFeed f = feed();
    long first = get(f.append(event("6000")));
    Future<Long> last = null;
    for (int i = 0; i < EventFeed.CAPACITY + 4; i++) {
      last = f.append(event(Integer.toString(7000 + i)));
    }
    long lastSeq = get(last);
    List<FeedEvent> all = get(f.recent(EventFeed.CAPACITY + 100));
    assertThat(all).hasSize(EventFeed.CAPACITY);
    assertThat(all.get(all.size() - 1).seq()).isEqualTo(lastSeq);
    List<FeedEvent> since = get(f.since(first, 10));
    assertThat(since.get(0).seq()).as("an overwritten position resumes at the oldest kept")
        .isEqualTo(lastSeq - EventFeed.CAPACITY + 1);
  }

  @Test
  void subscribersGetNewEventsInOrderUntilTheyClose() throws Exception {
    EventFeed f = feed();
    get(f.append(event("5999")));
    List<String> got = new CopyOnWriteArrayList<>();
    AutoCloseable sub = f.subscribe(e -> got.add(e.event().slot()));
    get(f.append(event("6001")));
    get(f.append(event("6002")));
    await().until(() -> got.size() == 2);
    assertThat(got).containsExactly("6001", "6002");
    sub.close();
    get(f.append(event("6003")));
    List<String> other = new CopyOnWriteArrayList<>();
    AutoCloseable sub2 = f.subscribe(e -> other.add(e.event().slot()));
    get(f.append(event("6004")));
    await().until(() -> other.contains("6004"));
    assertThat(got).containsExactly("6001", "6002");
    sub2.close();
  }
}
