package io.callpark.parking.store;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.callpark.parking.FetchToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The production {@link FetchTokens}: the Hazelcast {@link IMap} {@value #MAP_NAME}, token → grant
 * (Compact, {@link FetchTokenSerializer}). Each entry is written with a time-to-live, so Hazelcast drops
 * unused tokens by itself; {@link #consume} is one {@code removeAsync}, which hands the entry to exactly
 * one caller cluster-wide, and still checks the grant's own expiry (Hazelcast's expiry is not exact).
 *
 * <p>Only the async API is used, bridged with {@code Future.fromCompletionStage(stage, context)}: the
 * returned future completes on the caller's Vert.x context, never on a Hazelcast thread, and nothing
 * blocks an event loop. Thread-safe. Needs a member prepared by {@link HazelcastSetup#withSlotStore}.
 */
public final class HazelcastFetchTokens implements FetchTokens {
  /** The IMap holding tokens. */
  public static final String MAP_NAME = "callpark.fetchTokens";

  private final Vertx vertx;
  private final IMap<String, FetchToken> map;
  private final Clock clock;

  /**
   * @param clock turns a grant's expiry instant into the map entry's time-to-live; the node's clock
   */
  public HazelcastFetchTokens(Vertx vertx, HazelcastInstance hazelcast, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx);
    this.map = hazelcast.getMap(MAP_NAME);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<String> issue(FetchToken grant) {
    String token = FetchTokens.newToken();
    long ttl = Math.max(1, grant.expiresAtMillis() - clock.millis());
    return async(() -> map.setAsync(token, grant, ttl, TimeUnit.MILLISECONDS)).map(v -> token);
  }

  @Override
  public Future<Optional<FetchToken>> consume(String token, long nowMillis) {
    if (!FetchTokens.wellFormed(token)) {
      return Future.succeededFuture(Optional.empty());
    }
    return async(() -> map.removeAsync(token)).map(g -> Optional.ofNullable(g).filter(x -> !x.expiredAt(nowMillis)));
  }

  private <T> Future<T> async(Supplier<CompletionStage<T>> call) {
    Context context = vertx.getOrCreateContext();
    try {
      return Future.fromCompletionStage(call.get(), context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
