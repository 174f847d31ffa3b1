package io.callpark.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table for people: a header row and rows, columns padded to their widest cell and separated by two
 * spaces. Cells are made safe with {@link Text#safe}; null shows as "-". Not thread-safe; build, print, drop.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... header) {
    columns = header.length;
    rows.add(header.clone());
  }

  TextTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row of " + columns + " cells expected, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(TextTable::cell).toArray(String[]::new));
    return this;
  }

  /** null is shown as "-", an empty string stays empty (a free slot's columns). */
  private static String cell(Object c) {
    if (c == null) {
      return "-";
    }
    String s = c.toString();
    return s.isEmpty() ? "" : Text.safe(s);
  }

  void print(PrintWriter out) {
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == columns - 1 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
