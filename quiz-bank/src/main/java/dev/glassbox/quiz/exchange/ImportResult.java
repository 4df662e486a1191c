package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.model.QuestionBank;
import java.util.List;

/** An imported bank and what could not be imported (one line each: which question, why). */
public record ImportResult(QuestionBank bank, List<String> warnings) {
    public ImportResult {
        warnings = List.copyOf(warnings);
    }
}
