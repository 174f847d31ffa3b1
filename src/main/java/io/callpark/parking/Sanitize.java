package io.callpark.parking;

/**
 * Makes far-end values (caller ID names and numbers, SIP headers) safe to put where they would
 * otherwise change meaning. The codec refuses CR/LF outright (header injection); these helpers are for
 * values we still want to show. Stateless; thread-safe.
 */
public final class Sanitize {
  /** Longest caller-ID text we pass on. */
  public static final int MAX = 80;

  private Sanitize() {}

  /** CR, LF, NUL and other controls become spaces; truncated to {@link #MAX}. */
  public static String headerValue(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX));
    for (int i = 0; i < s.length() && sb.length() < MAX; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7F ? ' ' : c);
    }
    return sb.toString();
  }

  /**
   * A value inside an originate {@code {var=value,...}} block: besides controls, drops the characters
   * that would end the value or the block ({@code , } { [ ] ' " \}) and quotes it when it holds spaces.
   */
  public static String dialStringValue(String s) {
    String v = headerValue(s == null ? "" : s);
    StringBuilder sb = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (",{}[]'\"\\^".indexOf(c) < 0) {
        sb.append(c);
      }
    }
    String out = sb.toString().trim();
    return out.indexOf(' ') >= 0 ? "'" + out + "'" : out;
  }

  /** A dialplan extension or user: digits, letters, + - _ . only, else null. */
  public static String extension(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '_' || c == '.')) {
        return null;
      }
    }
    return s;
  }
}
