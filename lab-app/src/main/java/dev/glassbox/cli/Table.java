package dev.glassbox.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Columns as the docker CLI aligns them (Go's tabwriter, min width 10, padding 3); the last column is not padded. */
final class Table {
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(List.of(header));
    }

    Table row(String... cells) {
        rows.add(List.of(cells));
        return this;
    }

    Table row(List<String> cells) {
        rows.add(List.copyOf(cells));
        return this;
    }

    void print(PrintStream out) {
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : rows) {
            for (int i = 0; i < r.size() - 1; i++) width[i] = Math.max(width[i], Math.max(10, r.get(i).length() + 3));
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < r.size() - 1) line.append(" ".repeat(width[i] - cell.length()));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Docker's truncation: at most {@code max} characters, the last one an ellipsis. */
    static String ellipsis(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) return s;
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
