package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The by-hand exercises, solved for real as root with unshare, nsenter, ip, mount, capsh,
 * setpriv and cgroup files, exactly as their data files say: the reference solution gets full
 * marks, the fresh state none, each listed wrong solution fails its check with its feedback.
 */
@RootOnly
class ByHandExercisesTest {
    private final Solver solver = Solver.byHand();
    private String current;

    static Stream<String> byHand() {
        return ExerciseCatalog.builtIn().all().stream().filter(e -> e.session() == Session.BY_HAND).map(Exercise::id);
    }

    @AfterEach
    void resetTheMachine() {
        if (current != null) solver.workshop().reset(current);
    }

    @ParameterizedTest
    @MethodSource("byHand")
    void freshStateScoresNothing(String id) {
        current = id;
        solver.workshop().start(id);
        ExerciseResult r = solver.workshop().grade(id);
        assertEquals(0, r.score(), Solver.describe(r));
    }

    @ParameterizedTest
    @MethodSource("byHand")
    void referenceSolutionScoresFullMarks(String id) throws Exception {
        current = id;
        Exercise e = solver.workshop().exercise(id);
        solver.workshop().start(id);
        solver.shell(e.solution());
        ExerciseResult r = solver.gradeWhenSettled(e);
        assertEquals(r.maxScore(), r.score(), Solver.describe(r));
        assertTrue(r.complete());
    }

    @ParameterizedTest
    @MethodSource("byHand")
    void eachWrongSolutionGetsTheFeedbackForItsMistake(String id) throws Exception {
        current = id;
        Exercise e = solver.workshop().exercise(id);
        assertFalse(e.wrongSolutions().isEmpty(), id + " lists no plausible mistake");
        for (Exercise.WrongSolution w : e.wrongSolutions()) {
            solver.workshop().start(id);
            solver.shell(w.shell());
            ExerciseResult r = solver.gradeWhenSettled(e);
            CheckResult failed = r.checks().stream().filter(c -> c.id().equals(w.failsCheck())).findFirst().orElseThrow();
            assertFalse(failed.passed(), w.description() + ": " + Solver.describe(r));
            assertTrue(failed.feedback().contains(w.feedbackContains()), w.description() + ": " + failed.feedback());
        }
    }
}
