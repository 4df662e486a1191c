package dev.glassbox.quiz.history;

import dev.glassbox.quiz.engine.QuizResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** All attempts of one learner, and the per-topic view that shows their weak topics. */
public record QuizHistory(List<AttemptRecord> attempts) {
    /** Below this share of points a topic counts as weak. */
    public static final double WEAK_BELOW = 0.6;

    public QuizHistory {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public static QuizHistory empty() {
        return new QuizHistory(List.of());
    }

    public QuizHistory with(AttemptRecord r) {
        List<AttemptRecord> all = new ArrayList<>(attempts);
        all.add(r);
        return new QuizHistory(all);
    }

    /** Points and questions per topic over all attempts, weakest first. */
    public List<TopicStat> byTopic() {
        Map<String, QuizResult.TopicScore> sums = new TreeMap<>();
        for (AttemptRecord a : attempts) {
            a.topics().forEach((t, s) -> sums.merge(t, s, QuizResult.TopicScore::plus));
        }
        return sums.entrySet().stream()
                .map(e -> new TopicStat(e.getKey(), e.getValue().earned(), e.getValue().asked()))
                .sorted(Comparator.comparingDouble(TopicStat::ratio).thenComparing(TopicStat::topic))
                .toList();
    }

    /** Topics where the learner earned less than {@link #WEAK_BELOW} of the points, weakest first. */
    public List<TopicStat> weakTopics() {
        return byTopic().stream().filter(s -> s.ratio() < WEAK_BELOW).toList();
    }
}
