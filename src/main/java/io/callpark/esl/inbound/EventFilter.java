package io.callpark.esl.inbound;

/**
 * One {@code filter <header> <value>} sent after subscribing: once any filter is set, FreeSWITCH only
 * delivers events whose {@code header} equals one of the filtered values (fact 43:
 * {@code +OK filter added. [Unique-ID]=[<x>]}).
 *
 * <p>Immutable and thread-safe.
 */
public record EventFilter(String header, String value) {
  public EventFilter {
    if (header == null || header.isBlank() || !header.strip().equals(header) || header.contains(" ")
        || header.contains(":") || hasControl(header)) {
      throw new IllegalArgumentException("filter header must be one word without ':' or control characters, got '"
          + header + "'");
    }
    if (value == null || value.isEmpty() || hasControl(value)) {
      throw new IllegalArgumentException("filter value for header " + header
          + " must be non-empty without CR, LF or NUL");
    }
  }

  static boolean hasControl(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\0') >= 0;
  }
}
