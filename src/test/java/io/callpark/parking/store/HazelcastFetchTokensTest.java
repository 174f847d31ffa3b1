package io.callpark.parking.store;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link HazelcastFetchTokens} on one embedded member (started once for the class, in a cluster of its
 * own) passes the same {@link FetchTokensContract} as the in-memory twin. Its clock is fixed at the
 * contract's {@code NOW}, so each entry's time-to-live is the grant's 30 s.
 */
class HazelcastFetchTokensTest extends FetchTokensContract {
  private static Vertx vertx;
  private static HazelcastInstance member;
  private static FetchTokens tokens;

  @BeforeAll
  static void startMember() {
    vertx = Vertx.vertx();
    member = HazelcastSetup.start(HazelcastSetup.embedded("callpark-test-" + UUID.randomUUID()));
    tokens = new HazelcastFetchTokens(vertx, member, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
  }

  @AfterAll
  static void stopMember() {
    if (member != null) {
      member.getLifecycleService().terminate();
    }
    if (vertx != null) {
      await(vertx.close());
    }
  }

  @BeforeEach
  void emptyTheMap() {
    member.getMap(HazelcastFetchTokens.MAP_NAME).clear();
  }

  @Override
  protected FetchTokens tokens() {
    return tokens;
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }
}
