package io.callpark.api.feed;

/** The in-memory twin passes the same {@link EventFeedContract} as the Hazelcast feed. */
class InMemoryEventFeedTest extends EventFeedContract {
  private final EventFeed feed = new InMemoryEventFeed();

  @Override
  protected EventFeed feed() {
    return feed;
  }
}
