package dev.glassbox.quiz.engine;

import java.time.Duration;

/**
 * What to draw: from one session (null: all), one topic (null: all), how many questions,
 * the seed that makes the draw reproducible, and the time limit of the attempt.
 */
public record DrawRequest(Integer session, String topic, int count, long seed, Duration timeLimit) {
    public static final int DEFAULT_COUNT = 10;
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);

    public DrawRequest {
        if (count < 1) throw new IllegalArgumentException("a quiz needs at least one question, got " + count);
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("the time limit must be positive, got " + timeLimit);
        }
    }

    public static DrawRequest defaults(long seed) {
        return new DrawRequest(null, null, DEFAULT_COUNT, seed, DEFAULT_TIME_LIMIT);
    }

    public DrawRequest withSession(Integer s) {
        return new DrawRequest(s, topic, count, seed, timeLimit);
    }

    public DrawRequest withTopic(String t) {
        return new DrawRequest(session, t, count, seed, timeLimit);
    }

    public DrawRequest withCount(int n) {
        return new DrawRequest(session, topic, n, seed, timeLimit);
    }

    public DrawRequest withTimeLimit(Duration d) {
        return new DrawRequest(session, topic, count, seed, d);
    }
}
