package dev.glassbox.exercise;

/** An exercise file that cannot be used; the message names the file and what is wrong. */
public class InvalidExerciseException extends RuntimeException {
    public InvalidExerciseException(String message) {
        super(message);
    }
}
