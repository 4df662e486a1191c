package dev.glassbox.quiz.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Marks a question as live: its correct answer is computed on the learner's machine at quiz
 * time by asking a {@link dev.glassbox.quiz.live.LiveContext} for {@code probe} with
 * {@code params}. The question's feedback may quote the computed answer as {@code {answer}}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Live(String probe, Map<String, String> params) {
    public Live {
        params = params == null ? Map.of() : Map.copyOf(params);
    }
}
