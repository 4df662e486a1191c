package dev.glassbox.exercise.check;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What the container wrote (docker logs) contains this text, and/or has a line matching the
 * regular expression {@code line} as a whole (so {@code hello alice} is not satisfied by
 * {@code hello echo hello alice}).
 */
public record Logs(String container, String contains, String line) implements Check {
    public Logs {
        Objects.requireNonNull(container, "logs needs container: NAME");
        if (contains == null && line == null) throw new IllegalArgumentException("logs needs contains: TEXT or line: REGEX");
    }

    @Override
    public void validate() {
        if (line != null) Machine.compile(line);
    }

    @Override
    public Observation evaluate(Machine m) {
        m.container(container);
        String log = m.directory().logs(container);
        String lastLines = Text.tail(log, 3);
        boolean pass = (contains == null || log.contains(contains))
                && (line == null || log.lines().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l)
                        .anyMatch(Pattern.compile(line).asMatchPredicate()));
        return Observation.of(pass, expected(), log.isEmpty() ? "no output" : "output ends with \"" + lastLines + "\"");
    }

    private String expected() {
        if (line == null) return "output containing \"" + contains + "\"";
        return "output with a line that is " + line + (contains == null ? "" : ", containing \"" + contains + "\"");
    }

    @Override public String view() { return NAMESPACES; }

    @Override public String describe() { return "container " + container + " printed " + (line == null ? "\"" + contains + "\"" : "a line " + line); }
}
