package dev.glassbox.quiz.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** A set of topics and the questions placed in them. Immutable. */
public record QuestionBank(List<Topic> topics, List<Question> questions) {
    public QuestionBank {
        topics = List.copyOf(topics);
        questions = List.copyOf(questions);
    }

    public QuestionBank filter(Predicate<Question> keep) {
        return new QuestionBank(topics, questions.stream().filter(keep).toList());
    }

    /** Only the questions of a session (0 or null: all sessions). */
    public QuestionBank session(Integer session) {
        return session == null || session == 0 ? this : filter(q -> q.session() == session);
    }

    /** Only the questions of a topic (null: all topics). */
    public QuestionBank topic(String topic) {
        return topic == null ? this : filter(q -> q.topic().equals(topic));
    }

    public Optional<Question> byId(String id) {
        return questions.stream().filter(q -> q.id().equals(id)).findFirst();
    }

    public Optional<Topic> topicById(String id) {
        return topics.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    /** Questions grouped by topic, topics in the order of their first question. */
    public Map<String, List<Question>> byTopic() {
        Map<String, List<Question>> m = new LinkedHashMap<>();
        for (Question q : questions) {
            m.computeIfAbsent(q.topic(), k -> new java.util.ArrayList<>()).add(q);
        }
        return m;
    }

    public String topicTitle(String topicId) {
        return topicById(topicId).map(Topic::title).orElse(topicId);
    }
}
