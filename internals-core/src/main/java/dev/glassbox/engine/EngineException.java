package dev.glassbox.engine;

/**
 * The engine answered with an error, or could not be reached. The message is one line for a
 * user (Docker's {@code message}); {@code status} is the HTTP status, 0 when there was no answer.
 */
public final class EngineException extends RuntimeException {
    private final int status;

    public EngineException(int status, String message) {
        super(message);
        this.status = status;
    }

    public EngineException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() { return status; }
}
