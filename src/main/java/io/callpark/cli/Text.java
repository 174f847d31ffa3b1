package io.callpark.cli;

/**
 * Small text helpers for what the CLI prints: values from the node made safe for a terminal and for
 * tab-separated output (a caller ID name comes from a SIP header and may hold control characters or
 * escape sequences), excerpts of bodies for error messages, waiting times in words. Stateless.
 */
final class Text {
  static final int EXCERPT = 80;

  private Text() {}

  /** {@code value} with every control character (C0, DEL, C1, tab, line breaks) replaced by a space; "-" for null or empty. */
  static String safe(String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || (c >= 0x7F && c <= 0x9F) ? ' ' : c);
    }
    return out.toString();
  }

  /** At most {@link #EXCERPT} characters of {@code s}, made safe, with "..." when cut. */
  static String excerpt(String s) {
    String one = safe(s == null ? "" : s.strip());
    return one.length() > EXCERPT ? one.substring(0, EXCERPT) + "..." : one;
  }

  /** {@code 45s}, {@code 2m05s}, {@code 1h02m}. */
  static String waiting(long seconds) {
    long s = Math.max(0, seconds);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
