package dev.glassbox.inspect.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, two spaces apart, no trailing blanks. */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c == null ? "-" : c.toString());
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) width[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < r.size() && i < width.length; i++) width[i] = Math.max(width[i], r.get(i).length());
        StringBuilder b = new StringBuilder();
        line(b, headers, width);
        for (List<String> r : rows) line(b, r, width);
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(cells.get(i));
            if (i < cells.size() - 1) l.append(" ".repeat(width[i] - cells.get(i).length() + 2));
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }

    /** Wraps a comma list to lines of at most {@code max} characters. */
    static List<String> wrap(List<String> items, int max) {
        List<String> lines = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String it : items) {
            if (cur.length() > 0 && cur.length() + it.length() + 1 > max) {
                lines.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(it);
        }
        if (cur.length() > 0 || lines.isEmpty()) lines.add(cur.toString());
        return lines;
    }

    static String pad(String s, int n) {
        return s + " ".repeat(Math.max(0, n - s.length()));
    }

    static List<String> words(String... w) { return Arrays.asList(w); }
}
