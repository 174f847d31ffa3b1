package io.callpark.api;

import io.callpark.api.feed.EventFeed;
import io.callpark.api.feed.FeedEvent;
import io.callpark.api.stats.ParkStats;
import io.callpark.parking.ParkEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link io.callpark.parking.ParkEvents} listener that appends each event this node publishes to the
 * cluster's event feed and counts it in the park statistics. Registered on every node, whether or not it
 * serves HTTP: each event is published by exactly one node (the one whose conditional write won), so the
 * feed holds it once and the statistics count it once. Failures are logged, never thrown into the flow
 * that published. Thread-safe.
 */
public final class ParkRecorder implements Consumer<ParkEvent> {
  private static final Logger log = LoggerFactory.getLogger(ParkRecorder.class);

  private final String nodeId;
  private final EventFeed feed;
  private final ParkStats stats;

  public ParkRecorder(String nodeId, EventFeed feed, ParkStats stats) {
    this.nodeId = nodeId;
    this.feed = feed;
    this.stats = stats;
  }

  @Override
  public void accept(ParkEvent e) {
    feed.append(new FeedEvent(-1, nodeId, e)).onFailure(x -> log.warn("event feed append of {} {}/{} failed: {}",
        e.type(), e.lot(), e.slot(), x.toString()));
    stats.record(e);
  }
}
