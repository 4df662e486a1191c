package dev.glassbox.image;

/** An image operation failed; the message is one line for a user: what, on what, what to do. */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
