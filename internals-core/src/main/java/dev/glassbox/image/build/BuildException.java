package dev.glassbox.image.build;

/**
 * A build that cannot go on: a Dockerfile error, a missing file in the context, a RUN that
 * failed. The message is one line for the user; {@code exitCode} is the failed RUN's exit
 * code, or 1 for other failures (as {@code docker build}'s errorDetail.code).
 */
public final class BuildException extends RuntimeException {
    private final int exitCode;

    public BuildException(String message) {
        this(message, 1, null);
    }

    public BuildException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public BuildException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
