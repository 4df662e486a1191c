package dev.glassbox.runtime;

/**
 * A user-facing failure with one line that says what failed, on what, and what to do.
 * {@code status} is the HTTP status the engine answers with (Docker's: 400 bad parameter,
 * 404 no such container or image, 409 conflict, 500 other).
 */
public final class ContainerException extends RuntimeException {
    private final int status;

    public ContainerException(int status, String message) {
        super(message);
        this.status = status;
    }

    public ContainerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() { return status; }

    public static ContainerException notFound(String ref) {
        return new ContainerException(404, "No such container: " + ref);
    }

    public static ContainerException badParameter(String message) {
        return new ContainerException(400, message);
    }

    public static ContainerException conflict(String message) {
        return new ContainerException(409, message);
    }
}
