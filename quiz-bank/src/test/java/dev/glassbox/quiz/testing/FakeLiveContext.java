package dev.glassbox.quiz.testing;

import dev.glassbox.quiz.live.LiveContext;
import java.util.Map;
import java.util.Optional;

/** Answers probes from a fixed map. */
public record FakeLiveContext(Map<String, String> answers) implements LiveContext {
    @Override
    public boolean available() {
        return true;
    }

    @Override
    public Optional<String> answer(String probeId, Map<String, String> params) {
        return Optional.ofNullable(answers.get(probeId));
    }
}
