package dev.glassbox.quiz.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.QuestionType;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BundledBankTest {
    private final QuestionBank bank = BankLoader.loadBundled();

    @Test
    void bundledBankHasNoValidationProblems() {
        var problems = Validator.validate(bank);
        assertTrue(problems.isEmpty(), () -> "problems:\n" + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n")));
    }

    @Test
    void bundledBankHasAtLeast150QuestionsInThreeSessions() {
        assertTrue(bank.questions().size() >= 150, "only " + bank.questions().size() + " questions");
        Set<Integer> sessions = bank.questions().stream().map(Question::session).collect(Collectors.toSet());
        assertEquals(Set.of(1, 2, 3), sessions);
    }

    @Test
    void everyQuestionTypeIsUsedAndSomeQuestionsAreLive() {
        Set<QuestionType> used = bank.questions().stream().map(Question::type)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(QuestionType.class)));
        assertEquals(EnumSet.allOf(QuestionType.class), used);
        assertTrue(bank.questions().stream().filter(Question::isLive).count() >= 5);
    }

    @Test
    void figuresAreLoadedWithTheirContent() {
        Question withFigure = bank.questions().stream().filter(q -> q.figure() != null).findFirst().orElseThrow();
        assertTrue(withFigure.figure().bytes().length > 100);
        assertEquals("image/svg+xml", withFigure.figure().mimeType());
    }

    @Test
    void everyWrongOptionSaysWhyItIsWrong() {
        for (Question q : bank.questions()) {
            q.wrongChoices().forEach(c -> assertFalse(c.feedback() == null || c.feedback().isBlank(),
                    q.id() + ": wrong option '" + c.text() + "' has no feedback"));
        }
    }
}
