package dev.glassbox.exercise.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A student's answer written to a host file: it equals this text (trimmed, case ignored),
 * matches a regular expression, or equals the host PID of a target ({@code pidOf}), which
 * the grader knows and the student has to find with ps, top or docker inspect.
 */
public record Answer(String file, String equals, String matches, Target pidOf) implements Check {
    public Answer {
        Objects.requireNonNull(file, "answer needs file: /PATH");
        if ((equals != null ? 1 : 0) + (matches != null ? 1 : 0) + (pidOf != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("answer needs exactly one of equals, matches or pidOf");
        }
    }

    @Override
    public void validate() {
        if (matches != null) Machine.compile("(?i)" + matches);
    }

    @Override
    public Observation evaluate(Machine m) {
        String text;
        try {
            text = Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            return Observation.of(false, expected(m), "no answer in " + file);
        }
        boolean pass;
        if (equals != null) pass = text.equalsIgnoreCase(equals.strip());
        else if (matches != null) pass = Machine.compile("(?i)" + matches).matcher(text).matches();
        else pass = text.equals(Integer.toString(m.pid(pidOf)));
        return Observation.of(pass, expected(m), "\"" + Text.clip(text, 60) + "\" in " + file);
    }

    private String expected(Machine m) {
        if (equals != null) return "\"" + equals + "\" in " + file;
        if (matches != null) return "an answer matching " + matches + " in " + file;
        return "the host PID of " + pidOf.describe() + " in " + file;
    }

    @Override public String view() { return pidOf != null ? NAMESPACES : CAPS; }

    @Override public String describe() { return "the answer in " + file + " is right"; }
}
