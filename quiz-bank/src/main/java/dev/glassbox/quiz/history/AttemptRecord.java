package dev.glassbox.quiz.history;

import dev.glassbox.quiz.engine.QuizResult;
import java.time.Instant;
import java.util.Map;

/** One finished attempt as kept in the history file. */
/** {@code when} is an ISO-8601 instant, e.g. 2026-12-03T18:00:00Z. */
public record AttemptRecord(String when, Integer session, String topic, long seed, double score, int max,
                            String end, Map<String, QuizResult.TopicScore> topics) {
    public AttemptRecord {
        topics = topics == null ? Map.of() : Map.copyOf(topics);
    }

    public static AttemptRecord of(Instant when, QuizResult result, Integer session, String topic, long seed) {
        return new AttemptRecord(when.toString(), session, topic, seed, result.score(), result.max(),
                result.end().name(), result.byTopic());
    }
}
