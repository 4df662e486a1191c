package dev.glassbox.quiz.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One option of a choice question, one accepted or known-wrong answer of a short-answer
 * question, or one value (with {@code tolerance} on the question) of a numerical question.
 * A wrong choice must say in {@code feedback} why it is wrong.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Choice(String text, boolean correct, String feedback) {
    public Choice {
        text = Question.strip(text);
        feedback = Question.strip(feedback);
    }

    public static Choice right(String text, String feedback) {
        return new Choice(text, true, feedback);
    }

    public static Choice wrong(String text, String feedback) {
        return new Choice(text, false, feedback);
    }
}
