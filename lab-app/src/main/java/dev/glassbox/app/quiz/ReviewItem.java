package dev.glassbox.app.quiz;

import java.util.List;

/** One question of the review after an attempt, as text ready to show. */
public record ReviewItem(int number, String topicTitle, String question, Verdict verdict, String yourAnswer,
                         String rightAnswer, List<String> feedback, String explanation) {
    /** How the answer was marked. */
    public enum Verdict { RIGHT, PARTLY_RIGHT, WRONG }

    public ReviewItem {
        feedback = List.copyOf(feedback);
    }
}
