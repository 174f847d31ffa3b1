package io.callpark.parking;

import io.callpark.parking.store.FetchTokens;
import io.callpark.parking.store.InMemoryFetchTokens;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What cross-box retrieval needs (facts 32-33): each box's SIP address and dial prefix, the shared
 * one-time tokens, and how long a token lives.
 *
 * <p>Immutable (the token store is thread-safe); thread-safe.
 *
 * @param boxes SIP settings by box id; a box missing here can neither fetch nor be fetched from
 * @param tokens one-time fetch tokens, shared by every node of the cluster
 * @param tokenTtl how long a fetch leg may take to arrive at the owning box
 */
public record CrossBox(Map<String, BoxSip> boxes, FetchTokens tokens, Duration tokenTtl) {
  /** SIP setup is a few tens of ms (fact 32: 22.7 ms); 30 s also covers INVITE retransmissions. */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(30);

  public CrossBox {
    boxes = Map.copyOf(boxes);
    Objects.requireNonNull(tokens);
    if (tokenTtl.isNegative() || tokenTtl.isZero()) {
      throw new IllegalArgumentException("token TTL must be positive");
    }
  }

  /** No SIP addresses known: every cross-box retrieval is refused with a log line. */
  public static CrossBox none() {
    return new CrossBox(Map.of(), new InMemoryFetchTokens(), DEFAULT_TOKEN_TTL);
  }

  public static CrossBox of(Map<String, BoxSip> boxes, FetchTokens tokens) {
    return new CrossBox(boxes, tokens, DEFAULT_TOKEN_TTL);
  }

  public Optional<BoxSip> sip(String boxId) {
    return Optional.ofNullable(boxId == null ? null : boxes.get(boxId));
  }
}
