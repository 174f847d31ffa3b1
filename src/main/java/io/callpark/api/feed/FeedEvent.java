package io.callpark.api.feed;

import io.callpark.parking.ParkEvent;

/**
 * One park event in the cluster's event feed.
 *
 * @param seq position in the feed, increasing by one per event cluster-wide (-1 before it is appended);
 *     the event stream's {@code id}
 * @param node the node that published it
 * @param event what happened
 */
public record FeedEvent(long seq, String node, ParkEvent event) {
  public FeedEvent withSeq(long s) {
    return new FeedEvent(s, node, event);
  }
}
