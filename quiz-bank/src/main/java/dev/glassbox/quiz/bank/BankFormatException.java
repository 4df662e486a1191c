package dev.glassbox.quiz.bank;

/** A question file that cannot be read; the message names the file and what to fix. */
public final class BankFormatException extends RuntimeException {
    public BankFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public BankFormatException(String message) {
        super(message);
    }
}
