package dev.glassbox.cli.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.AnswerText;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Draw;
import dev.glassbox.quiz.engine.DrawRequest;
import dev.glassbox.quiz.engine.Drawer;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.Pair;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class QuizCommandTest {
    record Run(int exit, String out, String err) {
    }

    private static Run run(QuizCommand quiz, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(quiz);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The line a learner who knows everything would type. */
    private static String rightLine(AskedQuestion a) {
        var q = a.question();
        return switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < a.choices().size(); i++) if (a.choices().get(i).correct()) sb.append(AnswerText.letter(i));
                yield sb.toString();
            }
            case TRUE_FALSE -> q.answer() ? "t" : "f";
            case SHORT_ANSWER, NUMERICAL -> q.correctChoices().getFirst().text();
            case MATCHING -> {
                StringBuilder sb = new StringBuilder();
                for (Pair p : q.pairs()) sb.append(AnswerText.letter(a.matchOptions().indexOf(p.right())));
                yield sb.toString();
            }
        };
    }

    @Test
    void aQuizPipedThroughStdinIsScoredReviewedAndRecorded(@TempDir Path dir) throws Exception {
        Draw draw = new Drawer(LiveContext.none()).draw(BankLoader.loadBundled(), DrawRequest.defaults(99).withSession(1));
        List<String> lines = new ArrayList<>();
        lines.add("zz");  // not a valid answer to anything: asked again
        for (AskedQuestion a : draw.questions()) lines.add(rightLine(a));
        QuizCommand quiz = new QuizCommand();
        quiz.stdin = new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        Path history = dir.resolve("history.json");
        Run r = run(quiz, "--session", "1", "--seed", "99", "--no-live", "--history-file", history.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("[10:00 left] Question 1/10") || r.out().contains("[9:59 left] Question 1/10"), r.out());
        assertTrue(r.out().contains("try again"), "invalid input is asked again");
        assertTrue(r.out().contains("=== Review ==="));
        assertTrue(r.out().contains("Score: 10 / 10"), r.out());
        assertTrue(Files.readString(history).contains("\"seed\" : 99"));
        assertTrue(r.out().contains("No weak topic"));
    }

    @Test
    void endOfInputEndsTheQuizAndUnansweredQuestionsAreReviewed() {
        QuizCommand quiz = new QuizCommand();
        quiz.stdin = new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8));
        Run r = run(quiz, "--seed", "1", "--count", "3", "--no-history");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Score: 0 / 3"), r.out());
        assertTrue(r.out().contains("(no answer)"));
        assertTrue(r.out().contains("right answer:"));
    }

    @Test
    void exportWritesGiftAndMoodleXmlForOneSession(@TempDir Path dir) throws Exception {
        Path xml = dir.resolve("s2.xml");
        Run r = run(new QuizCommand(), "export", "--format", "moodle-xml", "--session", "2", "-o", xml.toString());
        assertEquals(0, r.exit(), r.err());
        String text = Files.readString(xml);
        assertTrue(text.contains("$course$/top/Glassbox/session-2/oci-specs"));
        assertTrue(!text.contains("session-1/"), "only session 2");
        Run gift = run(new QuizCommand(), "export", "--format", "gift");
        assertTrue(gift.out().contains("$CATEGORY: $course$/top/Glassbox/session-3/x11"));
        assertTrue(gift.err().contains("live questions left out"));
        assertEquals(2, run(new QuizCommand(), "export", "--format", "pdf").exit());
    }

    @Test
    void importReadsAnExportAndWritesABankThatValidates(@TempDir Path dir) throws Exception {
        Path gift = dir.resolve("bank.gift");
        run(new QuizCommand(), "export", "--format", "gift", "--session", "3", "-o", gift.toString());
        Path into = dir.resolve("imported");
        Run r = run(new QuizCommand(), "import", gift.toString(), "--into", into.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("session 3 / x11"), r.out());
        Run v = run(new QuizCommand(), "validate", into.toString());
        assertEquals(0, v.exit(), v.err());
        assertTrue(v.out().contains("problem(s)"));
    }

    @Test
    void validateAndCoverageAcceptTheBundledBank() {
        Run v = run(new QuizCommand(), "validate");
        assertEquals(0, v.exit(), v.err());
        Run c = run(new QuizCommand(), "coverage");
        assertEquals(0, c.exit(), c.err());
        assertTrue(c.out().contains("| 1 | namespaces |"));
    }

    @Test
    void validateReportsABrokenFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                session: 1
                topic: t
                questions:
                  - id: bad
                    type: single
                    text: "?"
                    choices:
                      - {text: "a", correct: true}
                      - {text: "b"}
                """);
        Run r = run(new QuizCommand(), "validate", f.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("wrong choice 'b' needs feedback"), r.err());
    }

    @Test
    void anUnknownTopicIsAOneLineError() {
        Run r = run(new QuizCommand(), "--topic", "kubernetes", "--no-history");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("quiz: no questions for session any and topic kubernetes"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }

    @Test
    void timeLimitsAreReadInMinutesAndSeconds() {
        var c = new QuizCommand.DurationConverter();
        assertEquals(java.time.Duration.ofSeconds(90), c.convert("1m30s"));
        assertEquals(java.time.Duration.ofMinutes(10), c.convert("10m"));
        assertEquals(java.time.Duration.ofMinutes(10), c.convert("PT10M"));
    }
}
