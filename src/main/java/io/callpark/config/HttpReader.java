package io.callpark.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code http:} section (docs/api.md):
 *
 * <pre>
 * http:
 *   host: 127.0.0.1
 *   port: 8086
 *   rateLimit: {perSecond: 20, burst: 40}
 *   tokens:
 *     - {name: board, role: read, tokenEnv: CALLPARK_TOKEN_BOARD}
 *     - {name: reception, role: operator, tokenFile: secrets/reception.token}
 * </pre>
 *
 * Token values, like box passwords, never sit in the file: each names an environment variable or a file.
 * A value must be at least {@value #MIN_SECRET} characters without blanks or controls (a short token is
 * guessable), and two tokens may not share a name or a value. Stateless.
 */
final class HttpReader {
  static final int MIN_SECRET = 16;
  /** A token file is one short line; anything larger is the wrong file (and is not read). */
  static final long MAX_FILE_BYTES = 4096;

  private HttpReader() {}

  /** The section, or null when it is absent (no HTTP server). */
  static HttpConfig read(Node http, Function<String, String> env, Path baseDir) {
    if (http.isMissing()) {
      return null;
    }
    http.only("host", "port", "tokens", "rateLimit");
    String host = http.get("host").text("127.0.0.1");
    if (host.isBlank() || host.contains(" ")) {
      throw http.get("host").error("must be an address, got '" + Node.truncate(host) + "'");
    }
    int port = http.get("port").integer(HttpConfig.DEFAULT_PORT, 0, 65535);
    Node rateNode = http.get("rateLimit").only("perSecond", "burst");
    HttpConfig.RateLimit rate = new HttpConfig.RateLimit(
        rateNode.get("perSecond").integer((int) HttpConfig.RateLimit.DEFAULT.perSecond(), 1, 10_000),
        rateNode.get("burst").integer(HttpConfig.RateLimit.DEFAULT.burst(), 1, 100_000));
    List<HttpConfig.Token> tokens = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (Node t : http.get("tokens").list()) {
      t.only("name", "role", "tokenEnv", "tokenFile");
      String name = t.get("name").required();
      if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
        throw t.get("name").error("must be 1-64 letters, digits, '.', '_' or '-', got '" + Node.truncate(name) + "'");
      }
      if (!names.add(name)) {
        throw t.get("name").error("two tokens are named '" + name + "'");
      }
      if (t.get("role").isMissing()) {
        throw t.get("role").error("is required: read or operator");
      }
      HttpConfig.Role role = t.get("role").choice(HttpConfig.Role.READ, HttpConfig.Role.class);
      String secret = secret(t, env, baseDir);
      if (!secrets.add(secret)) {
        throw t.error("has the same value as another token; each token needs its own");
      }
      tokens.add(new HttpConfig.Token(name, role, secret));
    }
    return new HttpConfig(host, port, tokens, rate);
  }

  private static String secret(Node t, Function<String, String> env, Path baseDir) {
    String var = t.get("tokenEnv").text(null);
    String file = t.get("tokenFile").text(null);
    if (var == null && file == null) {
      throw t.error("needs tokenEnv (an environment variable) or tokenFile; token values never go in this file");
    }
    Node where;
    String value;
    if (var != null) {
      where = t.get("tokenEnv");
      value = env.apply(var);
      if (value == null || value.isEmpty()) {
        throw where.error("environment variable " + Node.truncate(var) + " is not set");
      }
    } else {
      where = t.get("tokenFile");
      Path p = baseDir == null ? Path.of(file) : baseDir.resolve(file);
      try {
        if (Files.size(p) > MAX_FILE_BYTES) {
          throw where.error("file " + p + " is larger than " + MAX_FILE_BYTES + " bytes: not a token file");
        }
        value = Files.readString(p, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw where.error("cannot read " + p + ": " + e.getClass().getSimpleName());
      }
    }
    if (value.length() < MIN_SECRET) {
      throw where.error("the token is " + value.length() + " characters long; at least " + MIN_SECRET
          + " are needed (e.g. openssl rand -hex 24)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == 0x7F) {
        throw where.error("the token holds a blank, line break or control character (character " + (i + 1)
            + "); a token is one word");
      }
    }
    return value;
  }
}
