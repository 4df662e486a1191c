package dev.glassbox.quiz.engine;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A learner's answer to one asked question. */
public sealed interface Response {
    /** Options chosen by their index in {@link AskedQuestion#choices()} (single: one index). */
    record Chosen(Set<Integer> indexes) implements Response {
        public Chosen {
            indexes = Set.copyOf(new TreeSet<>(indexes));
        }

        public static Chosen of(Integer... indexes) {
            return new Chosen(Set.of(indexes));
        }
    }

    /** A true/false answer. */
    record Truth(boolean value) implements Response {
    }

    /** A typed answer: short answer or numerical. */
    record Typed(String text) implements Response {
    }

    /** A matching answer: each left item mapped to the right item the learner chose. */
    record Matched(Map<String, String> pairs) implements Response {
        public Matched {
            pairs = Map.copyOf(pairs);
        }
    }
}
