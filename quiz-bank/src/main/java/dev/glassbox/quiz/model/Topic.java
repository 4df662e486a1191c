package dev.glassbox.quiz.model;

import java.util.List;

/**
 * A topic of the course, taught in one session. {@code mustTag} lists the sub-topics (tags)
 * that questions of the topic must carry (at least {@code Coverage.MIN_PER_SUB_TOPIC} each), e.g.
 * each namespace type and each cgroup controller.
 */
public record Topic(String id, int session, String title, List<String> mustTag) {
    public Topic {
        mustTag = mustTag == null ? List.of() : List.copyOf(mustTag);
    }
}
