package io.callpark.api;

import io.callpark.parking.Lot;
import io.callpark.parking.Sanitize;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks request fields: path parameters, query parameters and JSON bodies. Every refusal is
 * a {@link Problem} naming the field and echoing the offending value safely. Values that reach
 * FreeSWITCH commands (UUIDs, extensions) are held to strict character sets: a blank would add an
 * argument to {@code uuid_kill}. Stateless.
 */
final class Fields {
  /** Channel UUIDs: FreeSWITCH's own are RFC 4122, an {@code origination_uuid} may be any such token. */
  private static final Pattern UUID = Pattern.compile("[A-Za-z0-9-]{1,64}");
  private static final Pattern BOX = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private Fields() {}

  static Lot lot(RoutingContext rc, Map<String, Lot> lots) {
    String name = rc.pathParam("lot");
    Lot lot = lots.get(name);
    if (lot == null) {
      throw Problem.notFound("lot", name, "no such lot (lots: " + lots.keySet() + ")").raise();
    }
    return lot;
  }

  static String slot(RoutingContext rc, Lot lot) {
    String slot = rc.pathParam("slot");
    if (!lot.slots().contains(slot)) {
      throw Problem.notFound("slot", slot, "not a slot of lot " + lot.name() + " (" + lot.slots() + ")").raise();
    }
    return slot;
  }

  static String uuid(String field, String value) {
    if (value == null || !UUID.matcher(value).matches()) {
      throw Problem.invalid(field, value, "must be a channel UUID (1-64 letters, digits or '-')").raise();
    }
    return value;
  }

  static String extension(String field, String value) {
    if (Sanitize.extension(value) == null) {
      throw Problem.invalid(field, value, "must be an extension (1-64 letters, digits, '+', '-', '_' or '.')").raise();
    }
    return value;
  }

  static String box(String field, String value) {
    if (value != null && !BOX.matcher(value).matches()) {
      throw Problem.invalid(field, value, "must be a box id (1-64 letters, digits, '.', '_' or '-')").raise();
    }
    return value;
  }

  /** Query parameter {@code name} as a whole number in [min, max], or {@code def} when absent. */
  static long queryLong(RoutingContext rc, String name, long def, long min, long max) {
    String v = rc.request().getParam(name);
    if (v == null) {
      return def;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.invalid(name, v, "must be a whole number from " + min + " to " + max).raise();
  }

  static boolean queryBool(RoutingContext rc, String name) {
    String v = rc.request().getParam(name);
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw Problem.invalid(name, v, "must be true or false").raise();
  }

  /** The request body as a JSON object holding only {@code allowed} keys; empty body = {}. */
  static JsonObject body(RoutingContext rc, Set<String> allowed) {
    String text = rc.body() == null ? null : rc.body().asString();
    JsonObject body;
    if (text == null || text.isBlank()) {
      body = new JsonObject();
    } else {
      try {
        Object parsed = io.vertx.core.json.Json.decodeValue(text);
        if (!(parsed instanceof JsonObject o)) {
          throw Problem.invalid("body", text, "must be a JSON object").raise();
        }
        body = o;
      } catch (DecodeException e) {
        throw Problem.invalid("body", text, "is not valid JSON").raise();
      }
    }
    for (String key : body.fieldNames()) {
      if (!allowed.contains(key)) {
        throw Problem.invalid(key, null, "unknown field (known: " + String.join(", ", allowed.stream().sorted().toList())
            + ")").raise();
      }
    }
    return body;
  }

  /** An optional string field of {@code body}; a number is accepted as its decimal text (slots, extensions). */
  static String string(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Integer || v instanceof Long) {
      return v.toString();
    }
    throw Problem.invalid(field, String.valueOf(v), "must be a string").raise();
  }

  static String required(JsonObject body, String field) {
    String v = string(body, field);
    if (v == null || v.isEmpty()) {
      throw Problem.invalid(field, null, "is required").raise();
    }
    return v;
  }

  static long number(JsonObject body, String field, long def, long min, long max) {
    Object v = body.getValue(field);
    if (v == null) {
      return def;
    }
    if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() >= min && ((Number) v).longValue() <= max) {
      return ((Number) v).longValue();
    }
    throw Problem.invalid(field, String.valueOf(v), "must be a whole number from " + min + " to " + max).raise();
  }
}
