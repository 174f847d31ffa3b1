package io.callpark.config;

import java.util.List;
import java.util.Objects;

/**
 * The HTTP API's settings ({@code http:} in callpark.yaml; docs/api.md). Absent from the file: no HTTP
 * server at all. Present with no tokens: the server runs and serves {@code /openapi.json}, but every
 * {@code /api} route answers 401 — nothing can be read or done without a token.
 *
 * @param host address to bind (default 127.0.0.1)
 * @param port TCP port (default 8086; 0 = any free port, for tests)
 * @param tokens bearer tokens and their roles; values come from the environment or a file, never from
 *     callpark.yaml
 * @param rate the per-token request budget
 */
public record HttpConfig(String host, int port, List<Token> tokens, RateLimit rate) {
  public static final int DEFAULT_PORT = 8086;

  public HttpConfig {
    Objects.requireNonNull(host);
    tokens = List.copyOf(tokens);
    Objects.requireNonNull(rate);
  }

  /** Loopback, an ephemeral port, the given tokens and the default rate limit: for tests. */
  public static HttpConfig loopback(List<Token> tokens) {
    return new HttpConfig("127.0.0.1", 0, tokens, RateLimit.DEFAULT);
  }

  public HttpConfig withRate(RateLimit r) {
    return new HttpConfig(host, port, tokens, r);
  }

  /** What a token may do. */
  public enum Role {
    /** Read lots, slots, calls, events and statistics. */
    READ,
    /** Everything READ may, and park, retrieve, escalate and hang up calls. */
    OPERATOR;

    public boolean allows(Role needed) {
      return this == OPERATOR || needed == READ;
    }
  }

  /**
   * One bearer token.
   *
   * @param name shown in logs and events ("retrieved by API token 'reception'"); never the secret
   * @param role what it may do
   * @param secret the value a client sends; {@link #toString()} masks it
   */
  public record Token(String name, Role role, String secret) {
    public Token {
      Objects.requireNonNull(name);
      Objects.requireNonNull(role);
      Objects.requireNonNull(secret);
    }

    @Override
    public String toString() {
      return "Token[name=" + name + ", role=" + role + ", secret=***]";
    }
  }

  /**
   * A token bucket per token: {@code burst} requests at once, refilled at {@code perSecond}.
   *
   * @param perSecond sustained requests per second
   * @param burst bucket size
   */
  public record RateLimit(double perSecond, int burst) {
    public static final RateLimit DEFAULT = new RateLimit(20, 40);

    public RateLimit {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("rate limit needs perSecond > 0 and burst >= 1");
      }
    }
  }
}
