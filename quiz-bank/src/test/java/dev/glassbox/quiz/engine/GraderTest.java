package dev.glassbox.quiz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraderTest {
    private static Question q(QuestionType type, List<Choice> choices, Boolean answer, Double tol, List<Pair> pairs) {
        return new Question("t", type, 1, "x", null, "?", null, null, choices, answer, tol, pairs,
                "well done", "think again", "because");
    }

    private static AskedQuestion asked(Question q) {
        return new AskedQuestion(1, q, q.choices(), q.pairs().stream().map(Pair::right).toList());
    }

    private static String joined(Mark m) {
        return String.join("\n", m.feedback());
    }

    @Test
    void aWrongSingleChoiceShowsWhyItIsWrongAndTheRightAnswer() {
        var q = q(QuestionType.SINGLE, List.of(Choice.right("uts", "hostnames"), Choice.wrong("pid", "processes only")),
                null, null, null);
        Mark m = Grader.grade(asked(q), Response.Chosen.of(1));
        assertEquals(0, m.score());
        assertTrue(joined(m).contains("processes only"));
        assertEquals("uts", m.correctAnswer());
        assertEquals(1, Grader.grade(asked(q), Response.Chosen.of(0)).score());
    }

    @Test
    void multipleChoiceGivesPartialCreditAndWrongChoicesCostTheirShare() {
        var q = q(QuestionType.MULTIPLE, List.of(Choice.right("a", null), Choice.right("b", null),
                Choice.wrong("c", "no c")), null, null, null);
        assertEquals(0.5, Grader.grade(asked(q), Response.Chosen.of(0)).score(), 1e-9);
        assertEquals(1, Grader.grade(asked(q), Response.Chosen.of(0, 1)).score(), 1e-9);
        assertEquals(0.5, Grader.grade(asked(q), Response.Chosen.of(0, 1, 2)).score(), 1e-9);
        assertEquals(0, Grader.grade(asked(q), Response.Chosen.of(2)).score(), 1e-9);
        assertTrue(joined(Grader.grade(asked(q), Response.Chosen.of(2))).contains("no c"));
    }

    @Test
    void trueFalseShowsTheFeedbackOfTheAnswerGiven() {
        var q = q(QuestionType.TRUE_FALSE, null, false, null, null);
        Mark wrong = Grader.grade(asked(q), new Response.Truth(true));
        assertEquals(0, wrong.score());
        assertTrue(joined(wrong).contains("think again"));
        assertTrue(joined(Grader.grade(asked(q), new Response.Truth(false))).contains("well done"));
    }

    @Test
    void shortAnswersIgnoreCaseAndExtraSpacesAndKnownMistakesGetTheirFeedback() {
        var q = q(QuestionType.SHORT_ANSWER, List.of(Choice.right("docker ps", null),
                Choice.wrong("docker images", "that lists images")), null, null, null);
        assertEquals(1, Grader.grade(asked(q), new Response.Typed("  Docker   PS ")).score());
        assertTrue(joined(Grader.grade(asked(q), new Response.Typed("docker images"))).contains("that lists images"));
        assertTrue(joined(Grader.grade(asked(q), new Response.Typed("ls"))).contains("think again"));
    }

    @Test
    void numericalAnswersAcceptTheToleranceAndDigitGroups() {
        var q = q(QuestionType.NUMERICAL, List.of(Choice.right("50331648", null), Choice.wrong("48", "bytes, not MiB")),
                null, 2.0, null);
        assertEquals(1, Grader.grade(asked(q), new Response.Typed("50 331 650")).score());
        assertEquals(0, Grader.grade(asked(q), new Response.Typed("50331651")).score());
        assertTrue(joined(Grader.grade(asked(q), new Response.Typed("48"))).contains("bytes, not MiB"));
        assertTrue(joined(Grader.grade(asked(q), new Response.Typed("lots"))).contains("plain number"));
    }

    @Test
    void matchingScoresEachPairAndNamesTheWrongOnes() {
        var q = q(QuestionType.MATCHING, null, null, null,
                List.of(new Pair("pid", "processes"), new Pair("uts", "hostname"), new Pair("net", "network")));
        Mark m = Grader.grade(asked(q), new Response.Matched(Map.of("pid", "processes", "uts", "network", "net", "hostname")));
        assertEquals(1.0 / 3, m.score(), 1e-9);
        assertTrue(joined(m).contains("uts -> network; it goes with hostname"));
    }

    @Test
    void fractionsAreWrittenAsMoodleExpects() {
        assertEquals("33.33333", Fractions.format(100.0 / 3));
        assertEquals("-50", Fractions.format(-50));
        assertEquals("100", Fractions.format(100));
        assertEquals("12.5", Fractions.format(12.5));
    }
}
