package dev.glassbox.exercise;

import dev.glassbox.exercise.check.Check;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.check.Observation;
import dev.glassbox.exercise.check.Unresolved;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Grades exercises against the live machine: each check is read from the kernel (through the
 * inspectors) or the engines, and scores all of its points or none. A check that cannot run
 * fails with the reason as its observation; it never stops the others.
 */
public final class Grader {
    private final Machine machine;
    private final Clock clock;

    public Grader(Machine machine) {
        this(machine, Clock.systemUTC());
    }

    public Grader(Machine machine, Clock clock) {
        this.machine = machine;
        this.clock = clock;
    }

    public ExerciseResult grade(Exercise e) {
        List<CheckResult> results = new ArrayList<>();
        int score = 0;
        for (GradedCheck gc : e.checks()) {
            CheckResult r = grade(gc);
            score += r.points();
            results.add(r);
        }
        String view = results.stream().filter(r -> !r.passed()).map(CheckResult::view).findFirst()
                .orElse(e.view() != null ? e.view() : results.isEmpty() ? Check.NAMESPACES : results.getFirst().view());
        return new ExerciseResult(e.id(), e.title(), e.session(), score, e.maxPoints(), results, e.hints(), view, clock.instant(),
                machine.directory().source());
    }

    public CheckResult grade(GradedCheck gc) {
        Check c = gc.check();
        Observation o;
        try {
            o = c.evaluate(machine);
        } catch (Unresolved u) {
            return new CheckResult(gc.id(), c.describe(), false, 0, gc.points(), c.describe(), u.getMessage(),
                    gc.feedbackForUnresolved(c.describe(), u.getMessage()), gc.hint(), c.view());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            o = Observation.of(false, c.describe(), "grading was interrupted");
        } catch (Exception ex) {
            o = Observation.of(false, c.describe(), "could not check: " + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
        }
        return new CheckResult(gc.id(), c.describe(), o.pass(), o.pass() ? gc.points() : 0, gc.points(), o.expected(), o.observed(),
                o.pass() ? null : gc.feedbackFor(o.expected(), o.observed()), gc.hint(), c.view());
    }
}
