package io.callpark.parking;

import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive range of numeric slots, e.g. 6001–6099. Slot names are the decimal numbers, padded to
 * the width of {@code to} when {@code from} was written with leading zeros ("001".."099").
 *
 * <p>Immutable; thread-safe.
 */
public record SlotRange(int from, int to, int width) {
  /** More slots than any PBX needs, and few enough that a scan of the range stays cheap. */
  public static final int MAX_SLOTS = 10_000;

  public SlotRange {
    if (from < 0 || to < from) {
      throw new IllegalArgumentException("slot range must be from <= to, both >= 0: " + from + "-" + to);
    }
    if ((long) to - from + 1 > MAX_SLOTS) {
      throw new IllegalArgumentException("slot range " + from + "-" + to + " has more than " + MAX_SLOTS + " slots");
    }
  }

  public static SlotRange of(int from, int to) {
    return new SlotRange(from, to, 0);
  }

  /** Parses {@code "6001-6099"} or a single {@code "6001"}. */
  public static SlotRange parse(String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    try {
      if (dash < 0) {
        int n = Integer.parseInt(t);
        return new SlotRange(n, n, t.startsWith("0") ? t.length() : 0);
      }
      String a = t.substring(0, dash).trim();
      String b = t.substring(dash + 1).trim();
      return new SlotRange(Integer.parseInt(a), Integer.parseInt(b), a.startsWith("0") && a.length() > 1 ? b.length() : 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a slot range (expected e.g. 6001-6099): '" + text + "'");
    }
  }

  public int size() {
    return to - from + 1;
  }

  public boolean contains(String slot) {
    if (slot == null || slot.isEmpty() || slot.length() > 9) {
      return false;
    }
    for (int i = 0; i < slot.length(); i++) {
      if (!Character.isDigit(slot.charAt(i))) {
        return false;
      }
    }
    int n = Integer.parseInt(slot);
    return n >= from && n <= to && name(n).equals(slot);
  }

  public boolean containsRange(SlotRange other) {
    return other.from >= from && other.to <= to;
  }

  public String name(int n) {
    String s = Integer.toString(n);
    return width > s.length() ? "0".repeat(width - s.length()) + s : s;
  }

  public List<String> names() {
    List<String> out = new ArrayList<>(size());
    for (int n = from; n <= to; n++) {
      out.add(name(n));
    }
    return out;
  }

  @Override
  public String toString() {
    return from == to ? name(from) : name(from) + "-" + name(to);
  }
}
