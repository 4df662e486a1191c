package dev.glassbox.quiz.bank;

import dev.glassbox.quiz.model.Topic;
import java.util.List;

/** The content of {@code topics.yaml}: the course's topics, in teaching order. */
public record TopicsFile(List<Topic> topics) {
    public TopicsFile {
        topics = topics == null ? List.of() : List.copyOf(topics);
    }
}
