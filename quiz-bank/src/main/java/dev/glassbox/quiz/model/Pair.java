package dev.glassbox.quiz.model;

/** One pair of a matching question: the learner matches {@code left} with {@code right}. */
public record Pair(String left, String right) {
}
