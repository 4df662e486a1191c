package dev.glassbox.quiz.bank;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Live;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.QuestionType;
import dev.glassbox.quiz.model.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
    private static List<String> problems(Question q) {
        List<Problem> out = new ArrayList<>();
        Validator.validate(q, "f.yaml", out);
        return out.stream().map(Problem::message).toList();
    }

    private static Question choice(QuestionType t, List<Choice> choices) {
        return new Question("q-1", t, 1, "x", null, "?", null, null, choices, null, null, null, null, null, null);
    }

    private static boolean any(List<String> messages, String part) {
        return messages.stream().anyMatch(m -> m.contains(part));
    }

    @Test
    void aWrongChoiceWithoutFeedbackIsReported() {
        var p = problems(choice(QuestionType.SINGLE, List.of(Choice.right("a", null), Choice.wrong("b", null))));
        assertTrue(any(p, "wrong choice 'b' needs feedback"), p.toString());
    }

    @Test
    void singleChoiceNeedsExactlyOneCorrectChoice() {
        var p = problems(choice(QuestionType.SINGLE, List.of(Choice.right("a", null), Choice.right("b", null),
                Choice.wrong("c", "no"))));
        assertTrue(any(p, "exactly one correct"), p.toString());
    }

    @Test
    void trueFalseNeedsAnAnswerAndFeedbackForTheWrongOne() {
        var q = new Question("tf", QuestionType.TRUE_FALSE, 1, "x", null, "?", null, null, null, null, null, null,
                null, null, null);
        var p = problems(q);
        assertTrue(any(p, "answer: true or false"));
        assertTrue(any(p, "wrongFeedback"));
    }

    @Test
    void numericalAnswersMustBeNumbersAndOnlyNumericalOrShortQuestionsCanBeLive() {
        var num = new Question("n", QuestionType.NUMERICAL, 1, "x", null, "?", null, null,
                List.of(Choice.right("many", null)), null, null, null, null, "no", null);
        assertTrue(any(problems(num), "is not a number"));
        var liveTf = new Question("l", QuestionType.TRUE_FALSE, 1, "x", null, "?", null, new Live("host.x", null),
                null, true, null, null, null, "no", null);
        assertTrue(any(problems(liveTf), "only numerical and short"));
    }

    @Test
    void matchingNeedsThreePairsAndPlainRightItems() {
        var q = new Question("m", QuestionType.MATCHING, 1, "x", null, "?", null, null, null, null, null,
                List.of(new Pair("a", "x: y"), new Pair("b", "z")), null, "because", null);
        var p = problems(q);
        assertTrue(any(p, "at least 3 pairs"));
        assertTrue(any(p, "reword it"));
    }

    @Test
    void duplicateIdsAndUnknownTopicsAreReportedForTheBank() {
        var q = choice(QuestionType.SINGLE, List.of(Choice.right("a", null), Choice.wrong("b", "no")));
        var bank = new QuestionBank(List.of(new Topic("y", 1, "Y", List.of())), List.of(q, q));
        var p = Validator.validate(bank).stream().map(Problem::message).toList();
        assertTrue(any(p, "duplicate id"));
        assertTrue(any(p, "not in topics.yaml"));
    }

    @Test
    void aBrokenQuestionFileIsReportedWithItsPathAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("topics.yaml"), "topics:\n  - {id: t, session: 1, title: T}\n");
        Files.createDirectories(dir.resolve("session-1"));
        Files.writeString(dir.resolve("session-1/t.yaml"), "session: 1\ntopic: t\nquestions:\n  - id: a\n    kind: single\n");
        var e = org.junit.jupiter.api.Assertions.assertThrows(BankFormatException.class, () -> BankLoader.loadDirectory(dir));
        assertTrue(e.getMessage().contains("t.yaml") && e.getMessage().contains("line"), e.getMessage());
    }
}
