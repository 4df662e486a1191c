package dev.glassbox.exercise;

import dev.glassbox.exercise.action.Action;
import dev.glassbox.exercise.check.Check;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What {@code glassbox exercise validate} enforces beyond parsing: ids, text, points, a
 * feedback line for every check that shows what was observed, checks and actions that make
 * sense, wrong solutions that name a real check.
 */
public final class ExerciseValidator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    public static final Set<String> VIEWS = Set.of(Check.NAMESPACES, Check.CGROUPS, Check.CAPS, Check.LAYERS, Check.NETWORK);

    private ExerciseValidator() {}

    /** Problems of one parsed exercise; empty when it is valid. */
    public static List<String> problems(Exercise e) {
        List<String> p = new ArrayList<>();
        if (e.id() == null || !ID.matcher(e.id()).matches()) p.add("id \"" + e.id() + "\" must be lower-case letters, digits and dashes");
        if (e.session() == null) p.add("session is missing");
        if (blank(e.title())) p.add("title is missing");
        if (blank(e.instructions())) p.add("instructions are missing");
        if (e.view() != null && !VIEWS.contains(e.view())) p.add("view \"" + e.view() + "\" is not one of " + VIEWS);
        if (e.checks().isEmpty()) p.add("there are no checks");
        if (e.hints().isEmpty()) p.add("there are no hints");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < e.checks().size(); i++) {
            GradedCheck c = e.checks().get(i);
            String at = "checks[" + i + "]" + (c.id() == null ? "" : " (" + c.id() + ")");
            if (c.id() == null || !ID.matcher(c.id()).matches()) p.add(at + ": id is missing or not lower-case-with-dashes");
            else if (!ids.add(c.id())) p.add(at + ": id " + c.id() + " is used twice");
            if (c.points() <= 0) p.add(at + ": points must be positive");
            if (blank(c.feedback())) p.add(at + ": feedback is missing (say what was expected, and show {observed})");
            else if (!c.feedback().contains("{observed}")) p.add(at + ": feedback must show what was observed: put {observed} in it");
            if (c.check() == null) p.add(at + ": no check type");
            else {
                try {
                    c.check().validate();
                } catch (RuntimeException ex) {
                    p.add(at + ": " + ex.getMessage());
                }
            }
            for (GradedCheck.Mistake m : c.mistakes()) {
                if (blank(m.observed()) || blank(m.feedback())) p.add(at + ": a mistake needs observed (a regex) and feedback");
                else {
                    try {
                        Pattern.compile(m.observed());
                    } catch (PatternSyntaxException ex) {
                        p.add(at + ": mistake pattern " + m.observed() + " is not a regular expression");
                    }
                }
            }
        }
        List<Action> actions = new ArrayList<>(e.setup());
        actions.addAll(e.reset());
        for (Action a : actions) {
            try {
                a.validate();
            } catch (RuntimeException ex) {
                p.add("action " + a.describe() + ": " + ex.getMessage());
            }
        }
        for (Exercise.WrongSolution w : e.wrongSolutions()) {
            if (w.failsCheck() == null || !ids.contains(w.failsCheck())) p.add("wrong solution \"" + w.description() + "\" names no check of this exercise");
            if (blank(w.shell()) && blank(w.description())) p.add("a wrong solution needs a description");
        }
        return p;
    }

    /** Parses and validates one file; the problems, each prefixed with the file name. */
    public static List<String> validate(Path file) {
        try {
            return prefix(file.getFileName().toString(), problems(ExerciseFiles.read(file)));
        } catch (InvalidExerciseException ex) {
            return List.of(ex.getMessage());
        }
    }

    public static List<String> validate(InputStream in, String name) {
        try {
            return prefix(name, problems(ExerciseFiles.read(in, name)));
        } catch (InvalidExerciseException ex) {
            return List.of(ex.getMessage());
        }
    }

    private static List<String> prefix(String name, List<String> problems) {
        return problems.stream().map(s -> name + ": " + s).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
