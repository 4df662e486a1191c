package dev.glassbox.exercise.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.exercise.CheckResult;
import dev.glassbox.exercise.ExerciseResult;
import dev.glassbox.exercise.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MoodleCsvTest {
    private static ExerciseResult result(String id, boolean pass) {
        CheckResult c = new CheckResult("memory", "limited has a memory limit of 64m", pass, pass ? 2 : 0, 2, "64m",
                pass ? "64m (67108864 bytes)" : "128m, \"quoted\"", pass ? null : "asks for 64m", null, "cgroups");
        return new ExerciseResult(id, "T", Session.USING_CONTAINERS, c.points(), 2, List.of(c), List.of("h"), "cgroups", Instant.EPOCH, "test");
    }

    @Test
    void oneRowPerStudentOneColumnPerExerciseAndEvidenceMergedAcrossRuns(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("grades");
        new GradeReport("alice", "pc1", Instant.EPOCH, List.of(result("s1-limits", true), result("s1-run", false))).write(base);
        List<Path> files = new GradeReport("bob", "pc2", Instant.EPOCH, List.of(result("s1-limits", false), result("s1-run", true))).write(base.resolveSibling("grades.csv"));
        assertTrue(Files.exists(files.get(0)));
        List<List<String>> rows = MoodleCsv.parse(Files.readString(files.get(1)));
        assertEquals(List.of("Username", "s1-limits", "s1-run", "Evidence"), rows.get(0));
        assertEquals(3, rows.size());
        assertEquals(List.of("alice", "2", "0"), rows.get(1).subList(0, 3));
        assertEquals(List.of("bob", "0", "2"), rows.get(2).subList(0, 3));
        assertTrue(rows.get(2).get(3).contains("FAIL memory: 128m, \"quoted\""), rows.get(2).get(3));
        String json = Files.readString(files.get(0));
        assertTrue(json.contains("\"student\" : \"bob\""), json);
    }

    @Test
    void regradingAStudentReplacesTheirRow(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("g");
        new GradeReport("alice", "pc1", Instant.EPOCH, List.of(result("s1-limits", false))).write(base);
        new GradeReport("alice", "pc1", Instant.EPOCH, List.of(result("s1-limits", true))).write(base);
        List<List<String>> rows = MoodleCsv.parse(Files.readString(dir.resolve("g.csv")));
        assertEquals(2, rows.size());
        assertEquals("2", rows.get(1).get(1));
    }
}
