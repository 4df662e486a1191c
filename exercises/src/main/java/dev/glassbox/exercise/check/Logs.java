package dev.glassbox.exercise.check;

import java.util.Objects;

/** What the container wrote (docker logs) contains this text. */
public record Logs(String container, String contains) implements Check {
    public Logs {
        Objects.requireNonNull(container, "logs needs container: NAME");
        Objects.requireNonNull(contains, "logs needs contains: TEXT");
    }

    @Override
    public Observation evaluate(Machine m) {
        m.container(container);
        String log = m.directory().logs(container);
        String lastLines = Text.tail(log, 3);
        return Observation.of(log.contains(contains), "output containing \"" + contains + "\"",
                log.isEmpty() ? "no output" : "output ends with \"" + lastLines + "\"");
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return "container " + container + " printed \"" + contains + "\""; }
}
