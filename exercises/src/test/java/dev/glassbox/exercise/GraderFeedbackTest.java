package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.ContainerDirectory;
import org.junit.jupiter.api.Test;

/** What a student reads when a check cannot even find what it looks at. */
class GraderFeedbackTest {
    @Test
    void aMissingContainerIsSaidPlainlyNotPutIntoTheValueTemplate() {
        Workshop w = new Workshop(ExerciseCatalog.builtIn(), Machine.live(ContainerDirectory.NONE),
                new dev.glassbox.exercise.action.ActionRunner(dev.glassbox.sys.Syscalls.linux(), dev.glassbox.cgroup.CgroupReader.host(),
                        dev.glassbox.exercise.action.ContainerControl.NONE));
        ExerciseResult r = w.grade("s1-limits");
        assertEquals(0, r.score());
        CheckResult memory = r.checks().stream().filter(c -> c.id().equals("memory")).findFirst().orElseThrow();
        // the template is "limited should have {expected} of memory; ...": {expected} is a value, not a sentence
        assertFalse(memory.feedback().contains("should have container"), memory.feedback());
        assertTrue(memory.feedback().startsWith("Checked that container limited has a memory limit of 64m, but "), memory.feedback());
    }
}
