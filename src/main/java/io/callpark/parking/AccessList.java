package io.callpark.parking;

import java.util.List;

/**
 * Who may retrieve from a lot: exact extensions and numeric ranges ("1000-1099"). Empty means
 * everyone. Immutable; thread-safe.
 */
public record AccessList(List<String> entries) {
  public static final AccessList EVERYONE = new AccessList(List.of());

  public AccessList {
    entries = List.copyOf(entries);
    for (String e : entries) {
      if (e.contains("-")) {
        SlotRange.parse(e); // validates
      } else if (e.isBlank()) {
        throw new IllegalArgumentException("empty entry in access list");
      }
    }
  }

  public boolean allows(String extension) {
    if (entries.isEmpty()) {
      return true;
    }
    if (extension == null || extension.isEmpty()) {
      return false;
    }
    for (String e : entries) {
      if (e.contains("-") ? SlotRange.parse(e).contains(extension) : e.equals(extension)) {
        return true;
      }
    }
    return false;
  }
}
