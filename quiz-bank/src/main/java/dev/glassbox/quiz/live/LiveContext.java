package dev.glassbox.quiz.live;

import java.util.Map;
import java.util.Optional;

/**
 * Computes the answer of a live question on the learner's machine. A probe id names what to
 * measure (e.g. {@code host.cap_last_cap}, {@code container.memory.limit}); params tune it
 * (e.g. {@code memory=48m}). Implementations: {@link HostLiveContext} (reads /proc and /sys),
 * and the runtime's context, which starts containers (wired in by the lab app and CLI).
 */
public interface LiveContext {
    /** Whether this context can answer anything at all on this machine. */
    boolean available();

    /** The answer as text, or empty if this context does not know the probe or cannot measure it. */
    Optional<String> answer(String probeId, Map<String, String> params);

    /** Why {@link #available()} is false, for the "skipped" line of a quiz. */
    default String unavailableReason() {
        return "no live context";
    }

    /** A context that answers nothing: live questions are skipped. */
    static LiveContext none() {
        return new LiveContext() {
            @Override
            public boolean available() {
                return false;
            }

            @Override
            public Optional<String> answer(String probeId, Map<String, String> params) {
                return Optional.empty();
            }

            @Override
            public String unavailableReason() {
                return "live questions are turned off";
            }
        };
    }

    /** Asks each available context in turn; the first answer wins. */
    static LiveContext firstOf(LiveContext... contexts) {
        return new LiveContext() {
            @Override
            public boolean available() {
                for (LiveContext c : contexts) if (c.available()) return true;
                return false;
            }

            @Override
            public Optional<String> answer(String probeId, Map<String, String> params) {
                for (LiveContext c : contexts) {
                    if (!c.available()) continue;
                    Optional<String> a = c.answer(probeId, params);
                    if (a.isPresent()) return a;
                }
                return Optional.empty();
            }

            @Override
            public String unavailableReason() {
                return contexts.length == 0 ? "no live context" : contexts[0].unavailableReason();
            }
        };
    }
}
