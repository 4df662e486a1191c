package dev.glassbox.exercise.directory;

/** An engine could not be asked about its containers; the message says which and what to do. */
public class DirectoryException extends RuntimeException {
    public DirectoryException(String message) {
        super(message);
    }

    public DirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
