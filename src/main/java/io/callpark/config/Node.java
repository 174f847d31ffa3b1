package io.callpark.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A cursor over a YAML tree that remembers its path, so every error names the key
 * ({@code lots[1].parkingTime}). Also refuses keys it does not know: a typo must not silently fall back
 * to a default. Not thread-safe; used once while loading.
 */
final class Node {
  private final String source;
  private final String path;
  private final JsonNode json;

  Node(String source, String path, JsonNode json) {
    this.source = source;
    this.path = path;
    this.json = json;
  }

  ConfigException error(String problem) {
    return new ConfigException(source, path.isEmpty() ? "(top level)" : path, problem);
  }

  boolean isMissing() {
    return json == null || json.isMissingNode() || json.isNull();
  }

  Node get(String key) {
    JsonNode child = json == null ? null : json.get(key);
    return new Node(source, path.isEmpty() ? key : path + "." + key, child);
  }

  /** Fails on any key outside {@code allowed}. */
  Node only(String... allowed) {
    if (isMissing()) {
      return this;
    }
    if (!json.isObject()) {
      throw error("must be a map of keys, got " + describe());
    }
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!ok.contains(k)) {
        throw get(k).error("unknown key (known: " + String.join(", ", allowed) + ")");
      }
    }
    return this;
  }

  /** The keys of a map node, in file order (empty when missing). */
  List<String> keys() {
    List<String> out = new ArrayList<>();
    if (isMissing()) {
      return out;
    }
    if (!json.isObject()) {
      throw error("must be a map of keys, got " + describe());
    }
    json.fieldNames().forEachRemaining(out::add);
    return out;
  }

  List<Node> list() {
    List<Node> out = new ArrayList<>();
    if (isMissing()) {
      return out;
    }
    if (!json.isArray()) {
      throw error("must be a list, got " + describe());
    }
    for (int i = 0; i < json.size(); i++) {
      out.add(new Node(source, path + "[" + i + "]", json.get(i)));
    }
    return out;
  }

  String text(String def) {
    if (isMissing()) {
      return def;
    }
    if (!json.isValueNode()) {
      throw error("must be a single value, got " + describe());
    }
    String s = json.asText();
    if (s.length() > 500) {
      throw error("value longer than 500 characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == 0) {
        throw error("must not contain CR, LF or NUL");
      }
    }
    return s;
  }

  String required() {
    String s = text(null);
    if (s == null || s.isBlank()) {
      throw error("is required");
    }
    return s;
  }

  int integer(int def, int min, int max) {
    if (isMissing()) {
      return def;
    }
    if (!json.canConvertToInt() || !json.isIntegralNumber()) {
      throw error("must be a whole number, got " + describe());
    }
    int v = json.asInt();
    if (v < min || v > max) {
      throw error("must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  boolean bool(boolean def) {
    if (isMissing()) {
      return def;
    }
    if (!json.isBoolean()) {
      throw error("must be true or false, got " + describe());
    }
    return json.asBoolean();
  }

  /** "500ms", "20s", "2m", "1h", or a bare number of seconds; within [min, max]. */
  Duration duration(Duration def, Duration min, Duration max) {
    if (isMissing()) {
      return def;
    }
    String s = text(null).trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      } else if (s.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else {
        d = Duration.ofSeconds(Long.parseLong(s));
      }
    } catch (NumberFormatException e) {
      throw error("must be a duration like 500ms, 20s, 2m, got '" + truncate(s) + "'");
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error("must be between " + min.toMillis() + " ms and " + max.toSeconds() + " s, got " + d.toMillis() + " ms");
    }
    return d;
  }

  <E extends Enum<E>> E choice(E def, Class<E> type) {
    if (isMissing()) {
      return def;
    }
    String s = text(null).trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw error("must be one of " + names + ", got '" + truncate(text(null)) + "'");
  }

  <T> T parse(Function<String, T> parser, T def) {
    if (isMissing()) {
      return def;
    }
    try {
      return parser.apply(text(null));
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private String describe() {
    return json == null ? "nothing" : json.getNodeType().name().toLowerCase(Locale.ROOT) + " '" + truncate(json.toString()) + "'";
  }

  static String truncate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
