package dev.glassbox.runtime.step;

import java.util.List;

/**
 * One step of making a container, as a lecture would explain it: what the kernel does, the
 * shell commands a student could type to do the same by hand, the change itself, and how
 * to take it back. The CLI runs all steps; {@code run --step} and the lab app pause after
 * each one. One code path for both.
 */
public interface Step {
    /** Short stable id, e.g. {@code "namespaces"}; used by tests to inject failures. */
    String id();

    /** A title for the learner, e.g. "Create the namespaces". */
    String title();

    /** What the kernel does in this step, in a few sentences. */
    String explanation();

    /** Equivalent shell commands, shown to the learner and never run. */
    List<String> shellEquivalent(StepContext ctx);

    /** Does the step; returns what changed, one line each ("uts: 4026531838 -> 4026532601"). */
    List<String> apply(StepContext ctx) throws Exception;

    /**
     * In a straight run (no learner watching), the id of the first later step that needs this
     * one's work; until then this step runs beside the steps after it, on another thread. Null (the
     * default): the next step waits for this one. Only for host-side steps whose work no step
     * before the one named touches.
     */
    default String neededBy(StepContext ctx) { return null; }

    /** Takes the step back. Steps done inside the container's init need no undo: killing it does. */
    default void undo(StepContext ctx) throws Exception {}
}
