package dev.glassbox.exercise.report;

import dev.glassbox.exercise.ExerciseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV that Moodle's gradebook import ("Import > CSV file") accepts: a header row, one row per
 * student identified by the {@code Username} column, one numeric column per exercise (map each
 * to a grade item when importing), and an {@code Evidence} column to map to feedback. Comma
 * separated, UTF-8, fields quoted as RFC 4180 says. Writing for a student replaces that
 * student's row and keeps the others, so one file can collect a whole class.
 */
public final class MoodleCsv {
    public static final String ID_COLUMN = "Username";
    public static final String EVIDENCE_COLUMN = "Evidence";

    private MoodleCsv() {}

    public static void write(Path csv, GradeReport report) throws IOException {
        List<String> header = new ArrayList<>();
        header.add(ID_COLUMN);
        for (ExerciseResult r : report.results()) header.add(r.exerciseId());
        header.add(EVIDENCE_COLUMN);

        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        if (Files.exists(csv)) {
            List<List<String>> old = parse(Files.readString(csv, StandardCharsets.UTF_8));
            if (!old.isEmpty()) {
                List<String> oldHeader = old.getFirst();
                for (String h : oldHeader) if (!header.contains(h)) header.add(header.size() - 1, h);
                for (List<String> row : old.subList(1, old.size())) {
                    Map<String, String> m = new LinkedHashMap<>();
                    for (int i = 0; i < oldHeader.size() && i < row.size(); i++) m.put(oldHeader.get(i), row.get(i));
                    if (m.get(ID_COLUMN) != null) rows.put(m.get(ID_COLUMN), m);
                }
            }
        }
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put(ID_COLUMN, report.student());
        List<String> evidence = new ArrayList<>();
        for (ExerciseResult r : report.results()) {
            mine.put(r.exerciseId(), Integer.toString(r.score()));
            evidence.add(GradeReport.evidence(r));
        }
        mine.put(EVIDENCE_COLUMN, "graded " + report.gradedAt() + " on " + report.host() + ": " + String.join(" || ", evidence));
        rows.put(report.student(), mine);

        StringBuilder out = new StringBuilder();
        line(out, header);
        for (Map<String, String> row : rows.values()) line(out, header.stream().map(h -> row.getOrDefault(h, "")).toList());
        Files.writeString(csv, out.toString(), StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) out.append(',');
            out.append(quote(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) return "\"" + s.replace("\"", "\"\"") + "\"";
        return s;
    }

    /** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
    public static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
