package dev.glassbox.runtime.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A straight run's steps, some working beside the next ones: the same reports in order; the
 * step that needs one waits for it; a failure anywhere waits for those still working, then
 * undoes every step started, newest first.
 */
class StepEngineTest {
    private final ExecutorService beside = Executors.newCachedThreadPool();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        beside.shutdownNow();
    }

    /** A step that logs what it does; {@code neededBy} as Step's; {@code gate} holds its apply until opened. */
    private Step step(String id, String neededBy, CountDownLatch gate, boolean fails) {
        return new Step() {
            @Override public String id() { return id; }
            @Override public String title() { return "step " + id; }
            @Override public String explanation() { return ""; }
            @Override public List<String> shellEquivalent(StepContext ctx) { return List.of(); }
            @Override public String neededBy(StepContext ctx) { return neededBy; }
            @Override public List<String> apply(StepContext ctx) throws Exception {
                if (gate != null) assertTrue(gate.await(5, TimeUnit.SECONDS));
                log.add("apply " + id + " on " + (Thread.currentThread().getName().startsWith("pool") ? "beside" : "main"));
                if (fails) throw new IllegalStateException(id + " broke");
                return List.of(id + " done");
            }
            @Override public void undo(StepContext ctx) { log.add("undo " + id); }
        };
    }

    private StepEngine engine(Step... steps) {
        return new StepEngine(List.of(steps), new StepContext(null, null).observe(false), null);
    }

    @Test
    void aStepWorksBesideTheNextOnesUntilTheOneThatNeedsIt() {
        CountDownLatch openA = new CountDownLatch(1);
        Step b = new Step() {
            @Override public String id() { return "b"; }
            @Override public String title() { return "step b"; }
            @Override public String explanation() { return ""; }
            @Override public List<String> shellEquivalent(StepContext ctx) { return List.of(); }
            @Override public List<String> apply(StepContext ctx) {
                log.add("apply b on main");
                openA.countDown(); // a is still working: b ran without waiting for it
                return List.of("b done");
            }
        };
        List<StepReport> reports = engine(step("a", "c", openA, false), b, step("c", null, null, false)).runAll(beside);
        assertEquals(List.of("a", "b", "c"), reports.stream().map(StepReport::id).toList());
        assertEquals(List.of("a done"), reports.get(0).changes());
        assertEquals(List.of(1, 2, 3), reports.stream().map(StepReport::index).toList());
        assertEquals(List.of("apply b on main", "apply a on beside", "apply c on main"), log);
    }

    @Test
    void withoutAnExecutorTheyRunOneAfterTheOther() {
        engine(step("a", "c", null, false), step("b", null, null, false), step("c", null, null, false)).runAll(null);
        assertEquals(List.of("apply a on main", "apply b on main", "apply c on main"), log);
    }

    @Test
    void aStepThatFailsBesideIsReportedAsItselfAndEverythingStartedIsUndone() {
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> engine(step("a", "c", null, true), step("b", null, null, false), step("c", null, null, false)).runAll(beside));
        assertEquals("a", e.stepId());
        assertTrue(e.getMessage().contains("a broke"), e.getMessage());
        assertEquals(List.of("undo b", "undo a"), log.stream().filter(l -> l.startsWith("undo")).toList());
        assertTrue(log.stream().noneMatch(l -> l.startsWith("apply c")), "the step that needed it did not run");
    }

    @Test
    void aFailureOnMainWaitsForTheStepStillWorkingBesideThenUndoesIt() {
        CountDownLatch openA = new CountDownLatch(1);
        Step b = step("b", null, null, true);
        StepEngine engine = engine(step("a", "c", openA, false), new Step() {
            @Override public String id() { return "b"; }
            @Override public String title() { return "step b"; }
            @Override public String explanation() { return ""; }
            @Override public List<String> shellEquivalent(StepContext ctx) { return List.of(); }
            @Override public List<String> apply(StepContext ctx) throws Exception {
                openA.countDown();
                return b.apply(ctx);
            }
            @Override public void undo(StepContext ctx) throws Exception { b.undo(ctx); }
        }, step("c", null, null, false));
        StepFailedException e = assertThrows(StepFailedException.class, () -> engine.runAll(beside));
        assertEquals("b", e.stepId());
        int applyA = log.indexOf("apply a on beside"), undoA = log.indexOf("undo a");
        assertNotEquals(-1, applyA, "a finished its work: " + log);
        assertTrue(applyA < undoA, "and only then was undone: " + log);
        assertEquals(List.of("undo b", "undo a"), log.stream().filter(l -> l.startsWith("undo")).toList());
    }

    @Test
    void anInjectedFailureAtAStepThatWouldWorkBesideUndoesTheStepsBefore() {
        StepEngine engine = new StepEngine(List.of(step("x", null, null, false), step("a", "c", null, false), step("c", null, null, false)),
                new StepContext(null, null).observe(false), id -> id.equals("a"));
        StepFailedException e = assertThrows(StepFailedException.class, () -> engine.runAll(beside));
        assertEquals("a", e.stepId());
        assertEquals(List.of("apply x on main", "undo a", "undo x"), log);
    }
}
