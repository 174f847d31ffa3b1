package io.callpark.parking.store;

import io.callpark.parking.FetchToken;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory twin of {@link HazelcastFetchTokens}: a {@link ConcurrentHashMap} whose atomic
 * {@code remove} makes a token work once. Expiry is judged by the time the caller passes in (the
 * injected clock); expired entries are dropped whenever a token is issued, so the map stays small.
 * Enough for one node (which may serve several boxes); a cluster needs the Hazelcast one, since the
 * node that issues a token is rarely the one that consumes it. Futures are already complete.
 * Thread-safe.
 */
public final class InMemoryFetchTokens implements FetchTokens {
  private final ConcurrentHashMap<String, FetchToken> tokens = new ConcurrentHashMap<>();
  private volatile long lastSeenMillis;

  @Override
  public Future<String> issue(FetchToken grant) {
    long horizon = lastSeenMillis;
    tokens.values().removeIf(t -> t.expiredAt(horizon));
    String token = FetchTokens.newToken();
    tokens.put(token, grant);
    return Future.succeededFuture(token);
  }

  @Override
  public Future<Optional<FetchToken>> consume(String token, long nowMillis) {
    lastSeenMillis = Math.max(lastSeenMillis, nowMillis);
    if (!FetchTokens.wellFormed(token)) {
      return Future.succeededFuture(Optional.empty());
    }
    FetchToken grant = tokens.remove(token);
    return Future.succeededFuture(Optional.ofNullable(grant).filter(g -> !g.expiredAt(nowMillis)));
  }

  /** Tokens held now, expired ones included until the next issue. */
  public int size() {
    return tokens.size();
  }
}
