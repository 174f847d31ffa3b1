package io.callpark.parking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link InMemoryFetchTokens} passes the {@link FetchTokensContract}, and does not keep dead tokens forever. */
class InMemoryFetchTokensTest extends FetchTokensContract {
  private static Vertx vertx;
  private InMemoryFetchTokens tokens;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    await(vertx.close());
  }

  @BeforeEach
  void fresh() {
    tokens = new InMemoryFetchTokens();
  }

  @Override
  protected FetchTokens tokens() {
    return tokens;
  }

  @Override
  protected Vertx vertx() {
    return vertx;
  }

  @Test
  void expiredTokensNobodyPresentedAreDroppedWhenTheNextIsIssued() {
    await(tokens.issue(grant("6001", "call-1")));
    await(tokens.issue(grant("6002", "call-2")));
    await(tokens.consume(FetchTokens.newToken(), NOW + TTL + 1)); // the store learns the time from its callers
    await(tokens.issue(new io.callpark.parking.FetchToken("default", "6003", "call-3", 1, "fsB", "fsA",
        NOW + 2 * TTL + 1)));
    assertThat(tokens.size()).isEqualTo(1);
  }
}
