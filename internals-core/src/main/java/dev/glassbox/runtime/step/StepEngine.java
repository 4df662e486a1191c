package dev.glassbox.runtime.step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs steps in order, one at a time or all at once. When a step fails, the steps already
 * applied are undone in reverse order, so a failed container leaves no mount, cgroup,
 * interface or process behind. All at once with an executor (a straight run), a host-side step
 * that allows it works beside the next steps until one needs it (see {@link Step#neededBy}).
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
            return report(step, changes);
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

    /** A step working beside the next ones, and the report it will make. */
    private record Beside(Step step, int index, String neededBy, CompletableFuture<List<String>> changes) {}

    /**
     * Applies all remaining steps, a straight run's way: a step that allows it ({@link Step#neededBy})
     * works on {@code beside} while the steps after it go on, until the one that needs it. The
     * reports are the same, in order; on a failure anywhere, the steps working beside are waited
     * for, then every step started is undone, newest first.
     */
    public List<StepReport> runAll(Executor beside) {
        StepReport[] reports = new StepReport[steps.size()];
        List<Beside> working = new ArrayList<>();
        int from = applied;
        while (hasNext()) {
            Step step = steps.get(applied);
            try {
                for (Beside w : List.copyOf(working)) {
                    if (w.neededBy().equals(step.id())) {
                        working.remove(w);
                        reports[w.index()] = join(w);
                    }
                }
                if (injector.failBefore(step.id())) throw new IllegalStateException("failure injected at " + step.id());
                String neededBy = beside == null ? null : step.neededBy(ctx);
                if (neededBy != null && indexOf(neededBy) > applied) {
                    working.add(new Beside(step, applied, neededBy, CompletableFuture.supplyAsync(() -> {
                        try {
                            return step.apply(ctx);
                        } catch (Exception e) {
                            throw new CompletionException(e);
                        }
                    }, beside)));
                    applied++; // started: from here on a failure undoes it, once it is done
                    continue;
                }
                List<String> changes = step.apply(ctx);
                applied++;
                reports[applied - 1] = report(step, changes);
            } catch (Exception e) {
                throw failed(step, e, working);
            }
        }
        for (Beside w : working) {
            try {
                reports[w.index()] = join(w);
            } catch (Exception e) {
                throw failed(null, e, List.of());
            }
        }
        return Arrays.asList(reports).subList(from, steps.size());
    }

    private int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) if (steps.get(i).id().equals(stepId)) return i;
        throw new IllegalArgumentException("no step " + stepId);
    }

    /** A step that worked beside the others, done: its report, or its failure as a {@link StepFailedException}. */
    private StepReport join(Beside w) {
        try {
            return report(w.step(), w.changes().join());
        } catch (CompletionException e) {
            throw new StepFailedException(w.step().id(), w.step().title(), e.getCause());
        }
    }

    /**
     * After a failure of {@code step} (null: of a step that worked beside, already counted), or of
     * a step that worked beside: waits for the others still working, then undoes {@code step} and
     * every step started.
     */
    private StepFailedException failed(Step step, Exception e, List<Beside> working) {
        StepFailedException failure = e instanceof StepFailedException f ? f
                : new StepFailedException(step.id(), step.title(), e);
        for (Beside w : working) {
            try {
                w.changes().join();
            } catch (RuntimeException other) {
                failure.addSuppressed(other.getCause() != null ? other.getCause() : other);
            }
        }
        if (step != null && !(e instanceof StepFailedException)) {
            try {
                step.undo(ctx); // it may have half-done its work
            } catch (Exception u) {
                failure.addSuppressed(u);
            }
        }
        undoTo(0, failure);
        return failure;
    }

    private StepReport report(Step step, List<String> changes) {
        int index = steps.indexOf(step) + 1;
        // nobody reads a straight run's reports: its shell commands are not written out either
        return new StepReport(index, steps.size(), step.id(), step.title(), step.explanation(),
                ctx.observe() ? step.shellEquivalent(ctx) : List.of(), List.copyOf(changes));
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
