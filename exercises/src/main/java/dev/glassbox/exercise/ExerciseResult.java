package dev.glassbox.exercise;

import java.time.Instant;
import java.util.List;

/**
 * The grade of one exercise: every check with what it observed.
 *
 * @param view   the live view to highlight: that of the first failed check, else the exercise's
 * @param source where containers were looked up (engine, Docker socket)
 */
public record ExerciseResult(String exerciseId, String title, Session session, int score, int maxScore, List<CheckResult> checks,
                             List<String> hints, String view, Instant gradedAt, String source) {
    public ExerciseResult {
        checks = List.copyOf(checks);
        hints = List.copyOf(hints);
    }

    public boolean complete() { return score == maxScore; }

    public List<CheckResult> failed() { return checks.stream().filter(c -> !c.passed()).toList(); }
}
