package dev.glassbox.runtime.step;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs steps in order, one at a time or all at once. When a step fails, the steps already
 * applied are undone in reverse order, so a failed container leaves no mount, cgroup,
 * interface or process behind.
 */
public final class StepEngine {
    /** Tests inject a failure at a step to check that everything before it is undone. */
    public interface FailureInjector {
        FailureInjector NONE = id -> false;

        boolean failBefore(String stepId);
    }

    private final List<Step> steps;
    private final StepContext ctx;
    private final FailureInjector injector;
    private int applied;

    public StepEngine(List<Step> steps, StepContext ctx, FailureInjector injector) {
        this.steps = List.copyOf(steps);
        this.ctx = Objects.requireNonNull(ctx);
        this.injector = injector == null ? FailureInjector.NONE : injector;
    }

    public List<Step> steps() { return steps; }

    public StepContext context() { return ctx; }

    /** How many steps are applied. */
    public int position() { return applied; }

    public boolean hasNext() { return applied < steps.size(); }

    /** Applies the next step. On failure, undoes every applied step and throws. */
    public StepReport next() {
        Step step = steps.get(applied);
        try {
            if (injector.failBefore(step.id())) throw new IllegalStateException("failure injected at " + step.id());
            List<String> changes = step.apply(ctx);
            applied++;
            // nobody reads a straight run's reports: its shell commands are not written out either
            return new StepReport(applied, steps.size(), step.id(), step.title(), step.explanation(),
                    ctx.observe() ? step.shellEquivalent(ctx) : List.of(), List.copyOf(changes));
        } catch (Exception e) {
            StepFailedException failure = new StepFailedException(step.id(), step.title(), e);
            // the failing step may have half-done its work: undo it too
            try {
                step.undo(ctx);
            } catch (Exception u) {
                failure.addSuppressed(u);
            }
            undoTo(0, failure);
            throw failure;
        }
    }

    /** Applies all remaining steps. */
    public List<StepReport> runAll() {
        List<StepReport> reports = new ArrayList<>();
        while (hasNext()) reports.add(next());
        return reports;
    }

    /** Undoes applied steps down to {@code position} (0 undoes all), newest first. */
    public void undoTo(int position) {
        RuntimeException failure = new RuntimeException("undo failed");
        undoTo(position, failure);
        if (failure.getSuppressed().length > 0) throw failure;
    }

    private void undoTo(int position, RuntimeException collect) {
        while (applied > position) {
            Step step = steps.get(--applied);
            try {
                step.undo(ctx);
            } catch (Exception e) {
                collect.addSuppressed(e);
            }
        }
    }
}
