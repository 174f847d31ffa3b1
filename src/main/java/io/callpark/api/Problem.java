package io.callpark.api;

import io.vertx.core.json.JsonObject;

/**
 * An error answer as {@code application/problem+json} (RFC 9457): {@code type} (a URN naming the kind
 * of problem, listed in docs/api.md), {@code title}, {@code status}, {@code detail}, and for bad input
 * the offending {@code field} and its {@code value} (control characters removed, truncated by
 * {@link #shown}). Thrown as {@link Problem.Raised} by validation; the router's failure handler sends it.
 *
 * @param kind last part of the type URN, e.g. {@code invalid-field}
 * @param field the request field at fault, or null
 * @param value what the client sent there (already {@link #shown}), or null
 */
public record Problem(String kind, String title, int status, String detail, String field, String value) {
  public static final String CONTENT_TYPE = "application/problem+json";
  public static final String TYPE_PREFIX = "urn:callpark:problem:";
  /** Longest offending value echoed back. */
  static final int MAX_SHOWN = 40;

  public static Problem of(int status, String kind, String title, String detail) {
    return new Problem(kind, title, status, detail, null, null);
  }

  /** A request field with a bad value: 400, naming the field and echoing the value safely. */
  public static Problem invalid(String field, String value, String why) {
    String shown = shown(value);
    return new Problem("invalid-field", "Invalid request field", 400,
        field + (value == null ? "" : " '" + shown + "'") + ": " + why, field, shown);
  }

  /** A path field naming nothing that exists (unknown lot, slot outside the lot, call not parked): 404. */
  public static Problem notFound(String field, String value, String why) {
    String shown = shown(value);
    return new Problem("not-found", "Not found", 404, field + " '" + shown + "': " + why, field, shown);
  }

  /** {@code value} without control characters, at most {@value #MAX_SHOWN} characters (then "..."). */
  public static String shown(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < value.length() && sb.length() < MAX_SHOWN; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != 0x7F && !(c >= 0x80 && c < 0xA0)) {
        sb.append(c);
      }
    }
    boolean cut = sb.length() >= MAX_SHOWN && value.length() > MAX_SHOWN;
    return cut ? sb + "..." : sb.toString();
  }

  public String type() {
    return TYPE_PREFIX + kind;
  }

  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("type", type()).put("title", title).put("status", status).put("detail", detail);
    if (field != null) {
      j.put("field", field);
    }
    if (value != null) {
      j.put("value", value);
    }
    return j;
  }

  public Raised raise() {
    return new Raised(this);
  }

  /** A problem thrown out of a handler; the failure handler answers with it. */
  public static final class Raised extends RuntimeException {
    private final transient Problem problem;

    Raised(Problem problem) {
      super(problem.detail(), null, false, false);
      this.problem = problem;
    }

    public Problem problem() {
      return problem;
    }
  }
}
