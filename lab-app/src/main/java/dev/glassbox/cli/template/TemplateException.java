package dev.glassbox.cli.template;

/** A template that cannot be parsed or run on the data given; the message says what and where. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
