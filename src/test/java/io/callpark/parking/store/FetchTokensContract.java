package io.callpark.parking.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpark.parking.FetchToken;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FetchTokens} does, run against each implementation (house style §6): a token works
 * once, an expired or unknown one never, and racing consumers of one token leave exactly one winner.
 */
abstract class FetchTokensContract {
  /** The instant the subclass's clock reads (token lifetimes are measured from it). */
  static final long NOW = 1_700_000_000_000L;
  static final long TTL = 30_000;

  /** An empty token store, fresh for each test. */
  protected abstract FetchTokens tokens();

  protected abstract Vertx vertx();

  static FetchToken grant(String slot, String call) {
    return new FetchToken("default", slot, call, 3, "fsB", "fsA", NOW + TTL);
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("token store call did not complete", e);
    }
  }

  @Test
  void anIssuedTokenIsWellFormedAndGivesBackExactlyWhatItWasIssuedFor() {
    FetchToken g = grant("6001", "call-1");
    String token = await(tokens().issue(g));
    assertThat(FetchTokens.wellFormed(token)).as("token '%s'", token).isTrue();
    assertThat(await(tokens().consume(token, NOW + 10))).contains(g);
  }

  @Test
  void aTokenWorksOnlyOnce() {
    String token = await(tokens().issue(grant("6001", "call-1")));
    assertThat(await(tokens().consume(token, NOW))).isPresent();
    assertThat(await(tokens().consume(token, NOW))).isEmpty();
  }

  @Test
  void anExpiredTokenIsRefusedAndStaysUsedUp() {
    String token = await(tokens().issue(grant("6001", "call-1")));
    assertThat(await(tokens().consume(token, NOW + TTL))).isEmpty();
    assertThat(await(tokens().consume(token, NOW))).as("after a refused expired attempt").isEmpty();
  }

  @Test
  void unknownAndMalformedTokensFindNothingAndLeaveOthersAlone() {
    String token = await(tokens().issue(grant("6001", "call-1")));
    assertThat(await(tokens().consume(FetchTokens.newToken(), NOW))).isEmpty();
    assertThat(await(tokens().consume(null, NOW))).isEmpty();
    assertThat(await(tokens().consume("", NOW))).isEmpty();
    assertThat(await(tokens().consume(token + "x", NOW))).isEmpty();
    assertThat(await(tokens().consume(token.substring(1), NOW))).isEmpty();
    assertThat(await(tokens().consume(token, NOW))).isPresent();
  }

  @Test
  void tokensAreDistinctAndEachNamesItsOwnGrant() {
    Set<String> seen = new HashSet<>();
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String t = await(tokens().issue(grant("60" + (10 + i), "call-" + i)));
      assertThat(seen.add(t)).as("token %s issued twice", t).isTrue();
      issued.add(t);
    }
    for (int i = issued.size() - 1; i >= 0; i--) {
      assertThat(await(tokens().consume(issued.get(i), NOW))).map(FetchToken::callUuid).contains("call-" + i);
    }
  }

  @Test
  void everyFutureCompletesOnTheContextThatCalled() throws Exception {
    Context caller = Contexts.eventLoops(vertx(), 1).get(0);
    CompletableFuture<List<Context>> completedOn = new CompletableFuture<>();
    caller.runOnContext(v -> tokens().issue(grant("6001", "call-1")).compose(t -> {
      Context afterIssue = Vertx.currentContext();
      return tokens().consume(t, NOW).map(x -> List.of(afterIssue, Vertx.currentContext()));
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        completedOn.complete(ar.result());
      } else {
        completedOn.completeExceptionally(ar.cause());
      }
    }));
    assertThat(completedOn.get(10, TimeUnit.SECONDS)).containsOnly(caller);
  }

  @Test
  void racingConsumersOfOneTokenOnSeveralContextsLeaveExactlyOneWinner() {
    List<Context> contexts = Contexts.eventLoops(vertx(), 4);
    for (int round = 0; round < 20; round++) {
      String token = await(tokens().issue(grant("6001", "call-" + round)));
      List<CompletableFuture<Optional<FetchToken>>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        CompletableFuture<Optional<FetchToken>> r = new CompletableFuture<>();
        results.add(r);
        contexts.get(c % contexts.size()).runOnContext(v -> tokens().consume(token, NOW).onComplete(ar -> {
          if (ar.succeeded()) {
            r.complete(ar.result());
          } else {
            r.completeExceptionally(ar.cause());
          }
        }));
      }
      List<Optional<FetchToken>> got = results.stream().map(r -> r.orTimeout(10, TimeUnit.SECONDS).join()).toList();
      assertThat(got).as("round %d", round).filteredOn(Optional::isPresent).hasSize(1);
    }
  }
}
