package dev.glassbox.cli;

/** A Glassbox error for the user: printed as one line, {@code glassbox: <message>}, exit 125. */
public final class CliException extends RuntimeException {
    public CliException(String message) {
        super(message);
    }
}
