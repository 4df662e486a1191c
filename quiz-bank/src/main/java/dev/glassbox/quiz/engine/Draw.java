package dev.glassbox.quiz.engine;

import java.util.List;

/** The questions drawn for an attempt, and the live ones that had to be skipped. */
public record Draw(DrawRequest request, List<AskedQuestion> questions, List<Skipped> skipped) {
    public Draw {
        questions = List.copyOf(questions);
        skipped = List.copyOf(skipped);
    }
}
