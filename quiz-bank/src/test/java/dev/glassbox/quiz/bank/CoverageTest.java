package dev.glassbox.quiz.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.model.QuestionBank;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The coverage table is generated from the bank; the committed quiz-bank/COVERAGE.md must match.
 * Regenerate it with {@code -Dglassbox.regenerate=true} (or {@code glassbox quiz coverage}).
 */
class CoverageTest {
    private static final Path TABLE = Path.of("COVERAGE.md");
    private final QuestionBank bank = BankLoader.loadBundled();

    @Test
    void everyTopicHasAtLeastThreeQuestionsAndEveryRequiredSubTopicIsTagged() {
        var gaps = Coverage.of(bank).gaps();
        assertTrue(gaps.isEmpty(), () -> "coverage gaps:\n" + String.join("\n", gaps));
    }

    @Test
    void everyTopicOfTheCatalogueHasQuestions() {
        assertEquals(bank.topics().size(), Coverage.of(bank).rows().stream().filter(r -> r.count() > 0).count());
    }

    @Test
    void committedCoverageTableMatchesTheBank() throws Exception {
        String generated = Coverage.of(bank).markdown();
        if (Boolean.getBoolean("glassbox.regenerate") || !Files.exists(TABLE)) {
            Files.writeString(TABLE, generated);
        }
        assertEquals(generated, Files.readString(TABLE),
                "quiz-bank/COVERAGE.md is stale: rerun this test with -Dglassbox.regenerate=true and commit it");
    }
}
