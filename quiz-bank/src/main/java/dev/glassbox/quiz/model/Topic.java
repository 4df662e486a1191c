package dev.glassbox.quiz.model;

import java.util.List;

/**
 * A topic of the course, taught in one session. {@code mustTag} lists the sub-topics (tags)
 * that at least one question of the topic must carry, e.g. each namespace type.
 */
public record Topic(String id, int session, String title, List<String> mustTag) {
    public Topic {
        mustTag = mustTag == null ? List.of() : List.copyOf(mustTag);
    }
}
