package dev.glassbox.quiz.engine;

import java.util.List;

/**
 * The grade of one answer: {@code score} from 0 to 1, the feedback lines to show (why the
 * answer is right or wrong), and the correct answer as text.
 */
public record Mark(double score, List<String> feedback, String correctAnswer) {
    public Mark {
        score = Math.max(0, Math.min(1, score));
        feedback = List.copyOf(feedback);
    }

    public boolean fullyRight() {
        return score >= 0.999;
    }
}
