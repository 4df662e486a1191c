package dev.glassbox.cli.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cli.Main;
import dev.glassbox.exercise.Exercise;
import dev.glassbox.exercise.ExerciseCatalog;
import dev.glassbox.exercise.Workshop;
import dev.glassbox.exercise.action.ActionRunner;
import dev.glassbox.exercise.action.ContainerControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.exercise.directory.ContainerFacts;
import dev.glassbox.exercise.directory.ImageFacts;
import dev.glassbox.exercise.directory.NetworkFacts;
import dev.glassbox.exercise.report.MoodleCsv;
import dev.glassbox.sys.Syscalls;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code glassbox exercise list|show|grade|validate} and {@code grade --all --report}: through
 * the CLI's Main on a temp --root with no engine and no Docker socket (what a fresh machine
 * shows), and over a directory that knows one finished container, so s1-run scores.
 */
class ExerciseCommandTest {
    @TempDir Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    static final List<Exercise> ALL = ExerciseCatalog.builtIn().all();

    /** glassbox exercise ARGS, on the temp root and a Docker socket that does not exist; the engine is never asked for. */
    int glassbox(String... args) {
        Main m = new Main(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), paths -> {
                    throw new AssertionError("the exercise command needs no engine client");
                }, Map.<String, String>of()::get);
        String[] all = new String[args.length + 5];
        all[0] = "exercise";
        all[1] = "--root";
        all[2] = tmp.resolve("lib").toString();
        all[3] = "--docker-socket";
        all[4] = tmp.resolve("no-docker.sock").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        return m.execute(all);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }

    String err() { return err.toString(StandardCharsets.UTF_8); }

    record Run(int exit, String out, String err) {}

    /** The command over a workshop whose directory has container hello, exited 0 after printing the line s1-run wants. */
    static Run withHello(String... args) {
        ContainerFacts hello = new ContainerFacts("0123456789abcdef".repeat(4), "hello", "exited", 0, 0, "busybox",
                Map.of("cmd", "echo hello from a container"), List.of(), Map.of("bridge", "172.17.0.2"));
        ContainerDirectory dir = new ContainerDirectory() {
            @Override public String source() { return "fake"; }

            @Override public List<ContainerFacts> list() { return List.of(hello); }

            @Override public String logs(String nameOrId) { return nameOrId.equals("hello") ? "hello from a container\n" : ""; }

            @Override public Optional<ImageFacts> image(String ref) { return Optional.empty(); }

            @Override public Optional<NetworkFacts> network(String name) { return Optional.empty(); }
        };
        Workshop w = new Workshop(ExerciseCatalog.builtIn(), Machine.live(dir),
                new ActionRunner(Syscalls.linux(), CgroupReader.host(), ContainerControl.NONE));
        StringWriter o = new StringWriter(), e = new StringWriter();
        CommandLine cl = new CommandLine(new ExerciseCommand(() -> w));
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int exit = cl.execute(args);
        return new Run(exit, o.toString(), e.toString());
    }

    @Test
    void listShowsEveryExerciseInCourseOrderWithItsPoints() {
        assertEquals(0, glassbox("list"), err());
        List<String> lines = out().lines().toList();
        assertTrue(lines.getFirst().matches("ID\\s+SESSION\\s+POINTS\\s+TITLE"), lines.getFirst());
        assertEquals(ALL.size() + 1, lines.size(), out());
        for (int i = 0; i < ALL.size(); i++) {
            Exercise e = ALL.get(i);
            List<String> cols = List.of(lines.get(i + 1).split("\\s+", 4));
            assertEquals(List.of(e.id(), e.session().id(), Integer.toString(e.maxPoints()), e.title()), cols);
        }
    }

    @Test
    void showPrintsInstructionsChecksAndHintsAndTheSolutionOnlyWhenAsked() {
        Exercise e = ExerciseCatalog.builtIn().require("s1-limits");
        assertEquals(0, glassbox("show", "s1-limits"), err());
        String shown = out();
        assertTrue(shown.startsWith("# " + e.title() + "\n(s1-limits, "), shown);
        assertTrue(shown.contains(e.maxPoints() + " points)"), shown);
        assertTrue(shown.contains(e.instructions().strip().lines().findFirst().orElseThrow()), shown);
        assertTrue(shown.contains("Checked:\n  [" + e.checks().getFirst().points() + "] " + e.checks().getFirst().check().describe()), shown);
        assertTrue(shown.contains("Hints:\n  - " + e.hints().getFirst()), shown);
        assertFalse(shown.contains("Reference solution:"), shown);

        out.reset();
        assertEquals(0, glassbox("show", "--solution", "s1-limits"), err());
        assertTrue(out().contains("Reference solution:\n  " + e.solution().strip().lines().findFirst().orElseThrow()), out());
    }

    @Test
    void anUnknownIdIsOneLineNamingIt() {
        assertFalse(glassbox("show", "s1-nope") == 0);
        assertTrue(err().contains("no exercise s1-nope") && err().contains("glassbox exercise list"), err());
        assertFalse(err().contains("unexpected"), "an unknown id is the user's error, not an unexpected one: " + err());
        assertEquals(1, err().strip().lines().count(), err());
    }

    @Test
    void gradeOnAFreshMachineFailsEachCheckWithWhatItObservedAndTheFeedback() {
        assertEquals(0, glassbox("grade", "s1-run"), err());
        String o = out();
        Exercise e = ExerciseCatalog.builtIn().require("s1-run");
        assertTrue(o.startsWith("s1-run  0/" + e.maxPoints() + "  " + e.title()), o);
        assertTrue(o.contains("  FAIL exists"), o);
        assertTrue(o.contains("observed: no container named hello"), o);
        assertTrue(o.contains("Did you pass --name hello?"), o);
        assertTrue(o.contains("hint: " + e.hints().getFirst()), o);
    }

    @Test
    void gradeNeedsOneIdOrAll() {
        assertEquals(2, glassbox("grade"));
        assertTrue(err().contains("give one exercise ID or --all"), err());
        err.reset();
        assertEquals(2, glassbox("grade", "--all", "s1-run"));
        assertTrue(err().contains("give one exercise ID or --all"), err());
    }

    @Test
    void gradePrintsEachPassedCheckWithItsPoints() {
        Run r = withHello("grade", "s1-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("s1-run  4/4  "), r.out());
        assertTrue(r.out().matches("(?s).*PASS exists\\s+1/1 .*PASS exited-ok\\s+1/1 .*PASS printed\\s+2/2 .*"), r.out());
        assertTrue(r.out().contains("observed: output ends with \"hello from a container\""), r.out());
        assertFalse(r.out().contains("FAIL"), r.out());
    }

    @Test
    void gradeAllWritesTheJsonEvidenceAndAMoodleCsvWithOneColumnPerExercise() throws Exception {
        Path report = tmp.resolve("reports/grades");
        Run r = withHello("grade", "--all", "--student", "alice", "--report", report.toString());
        assertEquals(0, r.exit(), r.err());
        Path json = tmp.resolve("reports/grades.json"), csv = tmp.resolve("reports/grades.csv");
        assertTrue(r.out().contains("Report written: " + json + " and " + csv), r.out());
        assertTrue(r.out().matches("(?s).*\nTotal: \\d+/" + ALL.stream().mapToInt(Exercise::maxPoints).sum() + "\n.*"), r.out());

        List<List<String>> rows = MoodleCsv.parse(Files.readString(csv));
        assertEquals(2, rows.size(), "a header and alice's row: " + rows);
        List<String> header = rows.get(0), alice = rows.get(1);
        List<String> expected = new java.util.ArrayList<>(List.of(MoodleCsv.ID_COLUMN));
        ALL.forEach(e -> expected.add(e.id()));
        expected.add(MoodleCsv.EVIDENCE_COLUMN);
        assertEquals(expected, header);
        assertEquals(header.size(), alice.size());
        assertEquals("alice", alice.getFirst());
        assertEquals("4", alice.get(header.indexOf("s1-run")), "s1-run is solved in the fake directory");
        for (int i = 1; i < header.size() - 1; i++) assertTrue(alice.get(i).matches("\\d+"), header.get(i) + ": " + alice.get(i));
        assertTrue(alice.getLast().contains("s1-run 4/4 | ok exists | ok exited-ok | ok printed"), alice.getLast());
        assertTrue(alice.getLast().contains("s1-limits 0/"), alice.getLast());

        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertEquals("alice", j.path("student").asText());
        assertEquals(ALL.size(), j.path("results").size());
        JsonNode run = j.path("results").get(0);
        assertEquals("s1-run", run.path("exerciseId").asText());
        assertEquals(4, run.path("score").asInt());
        assertEquals("output ends with \"hello from a container\"", run.path("checks").get(2).path("observed").asText());
        assertEquals("fake", run.path("source").asText(), run.toString());

        // a second student's grades join the same CSV: one row each
        Run bob = withHello("grade", "--all", "--student", "bob", "--report", csv.toString());
        assertEquals(0, bob.exit(), bob.err());
        List<List<String>> both = MoodleCsv.parse(Files.readString(csv));
        assertEquals(List.of("alice", "bob"), both.subList(1, both.size()).stream().map(List::getFirst).toList());
    }

    @Test
    void gradeAllThroughMainWithNoEngineReportsEveryExercise() throws Exception {
        Path report = tmp.resolve("fresh");
        assertEquals(0, glassbox("grade", "--all", "--student", "s1", "--report", report.toString()), err());
        List<List<String>> rows = MoodleCsv.parse(Files.readString(tmp.resolve("fresh.csv")));
        assertEquals(2, rows.size(), rows.toString());
        assertEquals(ALL.size() + 2, rows.get(0).size());
        assertEquals("0", rows.get(1).get(rows.get(0).indexOf("s1-run")), "no engine, no container hello");
        assertTrue(Files.size(tmp.resolve("fresh.json")) > 0);
    }

    @Test
    void validateAcceptsTheBuiltInFilesAndRejectsABadOneWithTheReason() throws Exception {
        assertEquals(0, glassbox("validate"), err());
        assertEquals(ALL.size() + " file(s), 0 problem(s)", out().strip());

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                id: bad
                session: by-hand
                title: Bad
                instructions: do it
                hints: [h]
                checks:
                  - id: c
                    type: container-teleported
                    container: web
                    points: 1
                    feedback: "observed {observed}"
                """);
        out.reset();
        assertEquals(1, glassbox("validate", bad.toString()));
        assertTrue(out().matches("1 file\\(s\\), [1-9]\\d* problem\\(s\\)\n"), out());
        assertTrue(err().contains("container-teleported"), err());
    }
}
