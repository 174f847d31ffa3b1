package io.callpark.parking.store;

import io.callpark.parking.FetchToken;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One-time tokens for cross-box retrieval (facts 32-33): the retriever's node issues one, puts it on
 * the SIP leg it sends to the box the call is parked on ({@code X-Callpark-Token}), and whichever node
 * gets that leg consumes it. Production: a Hazelcast map whose entries expire
 * ({@link HazelcastFetchTokens}); tests and single-process tools: {@link InMemoryFetchTokens}.
 * {@code FetchTokensContract} runs the same tests on both.
 *
 * <p>A token is 128 random bits, URL-safe Base64 without padding (22 characters). {@link #consume}
 * removes it atomically, so it works once: two legs presenting the same token never both get it. An
 * expired token is as good as none, whether or not the store has dropped it yet. Futures never block
 * the caller's event loop; they complete on the caller's context when called from one.
 *
 * <p>Implementations are thread-safe.
 */
public interface FetchTokens {
  /** What a well-formed token looks like; anything else is refused before the store is asked. */
  Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}");

  /** Stores {@code grant} under a new random token until {@code grant.expiresAtMillis()}; completes with the token. */
  Future<String> issue(FetchToken grant);

  /**
   * Removes {@code token} and completes with what it allows, if it was there and has not expired at
   * {@code nowMillis}; empty otherwise (unknown, already used, expired, malformed).
   */
  Future<Optional<FetchToken>> consume(String token, long nowMillis);

  /** A fresh random token. */
  static String newToken() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes); // NativePRNG on Linux: /dev/urandom, never blocks
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code token} has the shape {@link #newToken} gives. */
  static boolean wellFormed(String token) {
    return token != null && FORMAT.matcher(token).matches();
  }
}
