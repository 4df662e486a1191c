package dev.glassbox.runtime.step;

/** A step failed; every earlier step was undone. Failures while undoing are suppressed exceptions. */
public final class StepFailedException extends RuntimeException {
    private final String stepId;

    public StepFailedException(String stepId, String title, Throwable cause) {
        super("step \"" + title + "\" failed: " + cause.getMessage(), cause);
        this.stepId = stepId;
    }

    public String stepId() { return stepId; }
}
