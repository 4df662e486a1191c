package dev.glassbox.exercise.check;

/**
 * A check could not find what it looks at (no such container, process, image); the message is
 * the observation, e.g. "no container named web".
 */
public final class Unresolved extends RuntimeException {
    public Unresolved(String message) {
        super(message, null, false, false);
    }
}
