package io.callpark.esl.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of {@code Name: value} pairs as they appeared (or will appear) on the wire.
 *
 * <p>Order is kept because FreeSWITCH does not fix it (../shared/freeswitch fact 2: replies start with
 * Content-Type, events with Content-Length, the outbound {@code connect} reply ends with it) and because
 * the fixtures' expected parses compare header lists in order. Look-ups ignore case, as FreeSWITCH's own
 * {@code switch_event_get_header} does. Duplicate names are kept; {@link #get} returns the first.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class EslHeaders {
  private static final EslHeaders EMPTY = new EslHeaders(new String[0]);

  /** name0, value0, name1, value1, ... — one array, to keep allocation per frame low. */
  private final String[] namesAndValues;

  private EslHeaders(String[] namesAndValues) {
    this.namesAndValues = namesAndValues;
  }

  public static EslHeaders empty() {
    return EMPTY;
  }

  /** Headers from alternating names and values: {@code of("Content-Type", "command/reply")}. */
  public static EslHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    return new EslHeaders(namesAndValues.clone());
  }

  public static EslHeaders of(Map<String, String> map) {
    Builder b = builder();
    map.forEach(b::add);
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int size() {
    return namesAndValues.length / 2;
  }

  public String name(int i) {
    return namesAndValues[2 * i];
  }

  public String value(int i) {
    return namesAndValues[2 * i + 1];
  }

  /** The first value whose name matches ignoring case, or {@code null}. */
  public String get(String name) {
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i].equalsIgnoreCase(name)) {
        return namesAndValues[i + 1];
      }
    }
    return null;
  }

  public boolean contains(String name) {
    return get(name) != null;
  }

  /** Pairs as {@code [name, value]} lists, in wire order (the layout of the fixtures' frames.json). */
  public List<List<String>> asPairs() {
    List<List<String>> out = new ArrayList<>(size());
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.add(List.of(namesAndValues[i], namesAndValues[i + 1]));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EslHeaders other && java.util.Arrays.equals(namesAndValues, other.namesAndValues);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(namesAndValues);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      sb.append(namesAndValues[i]).append(": ").append(namesAndValues[i + 1]).append('\n');
    }
    return sb.toString();
  }

  /** Collects headers in order. Not thread-safe. */
  public static final class Builder {
    private String[] items = new String[16];
    private int n;

    public Builder add(String name, String value) {
      if (n + 2 > items.length) {
        items = java.util.Arrays.copyOf(items, items.length * 2);
      }
      items[n++] = name;
      items[n++] = value;
      return this;
    }

    public Builder addAll(EslHeaders headers) {
      for (int i = 0; i < headers.size(); i++) {
        add(headers.name(i), headers.value(i));
      }
      return this;
    }

    public int size() {
      return n / 2;
    }

    public EslHeaders build() {
      return n == 0 ? EMPTY : new EslHeaders(java.util.Arrays.copyOf(items, n));
    }
  }
}
