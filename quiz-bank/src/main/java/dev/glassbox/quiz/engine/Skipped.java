package dev.glassbox.quiz.engine;

import dev.glassbox.quiz.model.Question;

/** A live question left out of an attempt, and why (e.g. the runtime is not available). */
public record Skipped(Question question, String reason) {
}
