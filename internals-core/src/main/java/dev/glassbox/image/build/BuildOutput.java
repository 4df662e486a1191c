package dev.glassbox.image.build;

/**
 * Where a build reports, in the pieces Docker's {@code POST /build} streams as JSON lines:
 * {@code {"stream": text}} for step lines and RUN output, {@code {"aux": {"ID": id}}} for the
 * image made. Called from the building thread only.
 */
public interface BuildOutput {
    /** Text for the user, usually whole lines ending in {@code \n}; RUN output as it comes. */
    void stream(String text);

    /** The id of the image the build made ({@code sha256:...}). */
    default void imageId(String id) {}

    /** Prints to a stream, as the CLI does when it builds without an engine. */
    static BuildOutput to(java.io.PrintStream out) {
        return text -> {
            out.print(text);
            out.flush();
        };
    }

    BuildOutput NONE = text -> {};
}
