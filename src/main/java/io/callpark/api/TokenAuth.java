package io.callpark.api;

import io.callpark.config.HttpConfig.Role;
import io.callpark.config.HttpConfig.Token;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Bearer-token authentication and authorisation (RFC 6750). A request without a known token gets 401
 * with {@code WWW-Authenticate: Bearer realm="callpark"} ({@code error="invalid_token"} when a token was
 * sent but matched none); a known token whose role does not allow the route gets 403. The event stream
 * alone also takes the token as {@code ?access_token=} (RFC 6750 §2.3), because a browser's EventSource
 * cannot send headers. Tokens are compared in constant time. Thread-safe (immutable).
 */
final class TokenAuth {
  static final String TOKEN_KEY = "callpark.token";
  private static final String REALM = "Bearer realm=\"callpark\"";

  private final List<Token> tokens;

  TokenAuth(List<Token> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /** Finds the token of the request (header, or the query parameter when {@code queryAllowed}); 401 if none. */
  Handler<RoutingContext> authenticate(boolean queryAllowed) {
    return rc -> {
      if (rc.get(TOKEN_KEY) != null) {
        rc.next(); // the event stream's own authentication ran first
        return;
      }
      String header = rc.request().getHeader("Authorization");
      String presented = null;
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        presented = header.substring(7).trim();
      } else if (queryAllowed) {
        presented = rc.request().getParam("access_token");
      }
      if (presented == null || presented.isEmpty()) {
        rc.response().putHeader("WWW-Authenticate", REALM);
        throw Problem.of(401, "unauthorized", "Unauthorized", tokens.isEmpty()
            ? "no API tokens are configured on this node (http.tokens in callpark.yaml), so nothing is served"
            : "send a bearer token: Authorization: Bearer <token>").raise();
      }
      Optional<Token> token = find(presented);
      if (token.isEmpty()) {
        rc.response().putHeader("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
        throw Problem.of(401, "unauthorized", "Unauthorized", "the bearer token is not one of this node's").raise();
      }
      rc.put(TOKEN_KEY, token.get());
      rc.next();
    };
  }

  /** 403 unless the authenticated token's role allows {@code needed}. */
  static Handler<RoutingContext> require(Role needed) {
    return rc -> {
      Token t = token(rc);
      if (!t.role().allows(needed)) {
        throw Problem.of(403, "forbidden", "Forbidden", "token '" + t.name() + "' has role "
            + t.role().name().toLowerCase(java.util.Locale.ROOT) + "; this needs "
            + needed.name().toLowerCase(java.util.Locale.ROOT)).raise();
      }
      rc.next();
    };
  }

  static Token token(RoutingContext rc) {
    return rc.get(TOKEN_KEY);
  }

  /** Compares against every token, in constant time per comparison, so timing tells nothing. */
  private Optional<Token> find(String presented) {
    byte[] p = presented.getBytes(StandardCharsets.UTF_8);
    Token found = null;
    for (Token t : tokens) {
      if (MessageDigest.isEqual(p, t.secret().getBytes(StandardCharsets.UTF_8))) {
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }
}
