package dev.inkwell.tenancy.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed as left-aligned columns two spaces apart; the last column is not padded. */
final class Table {

  private final List<String[]> rows = new ArrayList<>();
  private final int width;

  private Table(int width) {
    this.width = width;
  }

  /** A table whose first row is {@code header}. */
  static Table of(String... header) {
    return new Table(header.length).row(header);
  }

  /** Two columns, no header: "name  value" lines. */
  static Table fields() {
    return new Table(2);
  }

  Table row(String... cells) {
    if (cells.length != width) {
      throw new IllegalArgumentException("row of " + cells.length + " cells in a table of " + width + " columns");
    }
    rows.add(cells);
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[width];
    for (String[] r : rows) {
      for (int i = 0; i < width; i++) {
        widths[i] = Math.max(widths[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width; i++) {
        line.append(i == width - 1 ? r[i] : pad(r[i], widths[i] + 2));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
