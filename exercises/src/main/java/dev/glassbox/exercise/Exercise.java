package dev.glassbox.exercise;

import dev.glassbox.exercise.action.Action;
import java.util.List;

/**
 * One graded exercise, as written in its data file.
 *
 * @param id           stable id, used on the command line and as the gradebook column
 * @param session      the part of the course it belongs to
 * @param title        one line
 * @param instructions what to do, in Markdown
 * @param view         the live view that helps most: namespaces, cgroups, caps, layers or network
 * @param setup        what {@code exercise start} prepares
 * @param reset        what {@code exercise reset} removes (also run before setup)
 * @param checks       the graded checks
 * @param hints        hints, from gentle to explicit
 * @param solution     a reference solution as shell commands (for teachers; tests run it)
 * @param wrongSolutions plausible mistakes with the check they fail (for tests and teachers)
 */
public record Exercise(String id, Session session, String title, String instructions, String view, List<Action> setup,
                       List<Action> reset, List<GradedCheck> checks, List<String> hints, String solution,
                       List<WrongSolution> wrongSolutions) {

    /**
     * A plausible mistake: these shell commands, after the setup, fail {@code failsCheck}
     * with feedback that contains {@code feedbackContains}.
     */
    public record WrongSolution(String description, String shell, String failsCheck, String feedbackContains) {}

    public Exercise {
        setup = setup == null ? List.of() : List.copyOf(setup);
        reset = reset == null ? List.of() : List.copyOf(reset);
        checks = checks == null ? List.of() : List.copyOf(checks);
        hints = hints == null ? List.of() : List.copyOf(hints);
        wrongSolutions = wrongSolutions == null ? List.of() : List.copyOf(wrongSolutions);
    }

    public int maxPoints() {
        return checks.stream().mapToInt(GradedCheck::points).sum();
    }
}
