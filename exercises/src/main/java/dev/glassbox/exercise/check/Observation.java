package dev.glassbox.exercise.check;

/**
 * What one check found: whether it passed, what it wanted and what the machine holds, both as
 * short text a student can compare ("64m (67108864 bytes)" against "128m (134217728 bytes)").
 */
public record Observation(boolean pass, String expected, String observed) {
    public static Observation of(boolean pass, String expected, String observed) {
        return new Observation(pass, expected, observed);
    }
}
