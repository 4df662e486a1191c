package dev.glassbox.quiz.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outcome of an attempt: per-question reviews, the score, how it ended and how long it took. */
public record QuizResult(List<Review> reviews, List<Skipped> skipped, Attempt.End end, Duration used) {
    public QuizResult {
        reviews = List.copyOf(reviews);
        skipped = List.copyOf(skipped);
    }

    /** Points earned (each question is worth one point, partial credit allowed). */
    public double score() {
        return reviews.stream().mapToDouble(r -> r.mark().score()).sum();
    }

    public int max() {
        return reviews.size();
    }

    public double percent() {
        return max() == 0 ? 0 : 100 * score() / max();
    }

    /** Points earned and questions asked, per topic, in the order topics were asked. */
    public Map<String, TopicScore> byTopic() {
        Map<String, TopicScore> m = new LinkedHashMap<>();
        for (Review r : reviews) {
            m.merge(r.asked().topic(), new TopicScore(r.mark().score(), 1), TopicScore::plus);
        }
        return m;
    }

    /** Points earned out of questions asked. */
    public record TopicScore(double earned, int asked) {
        public TopicScore plus(TopicScore o) {
            return new TopicScore(earned + o.earned, asked + o.asked);
        }

        @com.fasterxml.jackson.annotation.JsonIgnore
        public double ratio() {
            return asked == 0 ? 0 : earned / asked;
        }
    }
}
