package io.callpark.esl.testing;

import java.util.Map;

/**
 * Decides whether what a client wrote matches a transcript's client->fs chunk. Values a client
 * cannot reproduce (a Job-UUID it generates) can be <em>bound</em>: the matcher records
 * {@code transcript value → client value} in {@code substitutions}, and {@link TranscriptServer}
 * rewrites every later fs->client byte with them, so the replayed BACKGROUND_JOB carries the client's
 * own Job-UUID.
 */
@FunctionalInterface
public interface ClientBytesMatcher {

  /** {@code null} if {@code actual} matches {@code expected}; else a description of the difference. */
  String mismatch(String expected, String actual, Map<String, String> substitutions);

  static ClientBytesMatcher exact() {
    return (expected, actual, substitutions) -> expected.equals(actual) ? null
        : "expected " + escape(expected) + " but the client wrote " + escape(actual);
  }

  /**
   * Equal line by line, except the values of the named headers, which are bound. A bound value must
   * have the transcript value's length, so every Content-Length FreeSWITCH sent stays right.
   */
  static ClientBytesMatcher bindingHeaders(String... headerNames) {
    return (expected, actual, substitutions) -> {
      String[] e = expected.split("\n", -1);
      String[] a = actual.split("\n", -1);
      if (e.length != a.length) {
        return "expected " + escape(expected) + " but the client wrote " + escape(actual);
      }
      for (int i = 0; i < e.length; i++) {
        if (e[i].equals(a[i])) {
          continue;
        }
        String bound = null;
        for (String name : headerNames) {
          String prefix = name + ": ";
          if (e[i].regionMatches(true, 0, prefix, 0, prefix.length())
              && a[i].regionMatches(true, 0, prefix, 0, prefix.length())) {
            bound = name;
          }
        }
        if (bound == null) {
          return "line " + (i + 1) + ": expected " + escape(e[i]) + " but the client wrote " + escape(a[i]);
        }
        String ev = e[i].substring(bound.length() + 2);
        String av = a[i].substring(bound.length() + 2);
        if (ev.length() != av.length()) {
          return bound + " value " + escape(av) + " is not as long as the transcript's " + escape(ev);
        }
        substitutions.put(ev, av);
      }
      return null;
    };
  }

  static String escape(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }
}
