package dev.glassbox.exercise.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.glassbox.exercise.CheckResult;
import dev.glassbox.exercise.ExerciseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The grades of one student on this machine, with the evidence: every check's observation.
 * Written as JSON ({@code FILE.json}) and as a Moodle gradebook CSV ({@code FILE.csv}).
 *
 * @param student  the student's id or name (--student, else $SUDO_USER, else $USER)
 * @param host     the machine's hostname
 * @param gradedAt when
 * @param results  one per exercise, in course order
 */
public record GradeReport(String student, String host, Instant gradedAt, List<ExerciseResult> results) {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT).build();

    public GradeReport {
        results = List.copyOf(results);
    }

    public int score() { return results.stream().mapToInt(ExerciseResult::score).sum(); }

    public int maxScore() { return results.stream().mapToInt(ExerciseResult::maxScore).sum(); }

    /** The student's name from the environment: who ran sudo, else who is logged in. */
    public static String studentFromEnvironment() {
        String sudo = System.getenv("SUDO_USER");
        if (sudo != null && !sudo.isBlank()) return sudo;
        String user = System.getenv("USER");
        return user == null || user.isBlank() ? System.getProperty("user.name") : user;
    }

    /** One line of evidence per exercise: score, then each failed check with what was observed. */
    public static String evidence(ExerciseResult r) {
        StringBuilder b = new StringBuilder(r.exerciseId()).append(' ').append(r.score()).append('/').append(r.maxScore());
        for (CheckResult c : r.checks()) {
            b.append(c.passed() ? " | ok " : " | FAIL ").append(c.id());
            if (!c.passed()) b.append(": ").append(c.observed());
        }
        return b.toString();
    }

    /** {@code base.json} and {@code base.csv}, where base is FILE without a .json or .csv suffix. */
    public static Path base(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".json") || n.endsWith(".csv")) n = n.substring(0, n.lastIndexOf('.'));
        return file.resolveSibling(n);
    }

    /** Writes FILE.json (this report) and FILE.csv (merged with other students' rows already in it); returns both paths. */
    public List<Path> write(Path file) {
        Path b = base(file);
        Path json = b.resolveSibling(b.getFileName() + ".json"), csv = b.resolveSibling(b.getFileName() + ".csv");
        try {
            if (b.getParent() != null) Files.createDirectories(b.getParent());
            JSON.writeValue(json.toFile(), this);
            MoodleCsv.write(csv, this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + b + ".json/.csv: " + e.getMessage(), e);
        }
        return List.of(json, csv);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
