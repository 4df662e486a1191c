package dev.glassbox.image.registry;

/**
 * Where pull and push report, in the pieces Docker's API streams as JSON lines:
 * {@code {"status": "Downloading", "id": "a1b2c3d4e5f6", "progressDetail": {"current": 1, "total": 9}}}.
 * {@code id} is a layer's short digest, or null for lines about the whole image; {@code total}
 * is -1 when unknown.
 */
@FunctionalInterface
public interface TransferOutput {
    void status(String id, String status, long current, long total);

    TransferOutput NONE = (id, status, current, total) -> {};

    /** Docker's CLI lines without the progress bars: {@code a1b2c3d4e5f6: Pull complete}. */
    static TransferOutput lines(java.io.PrintStream out) {
        return (id, status, current, total) -> {
            // per chunk, or per file of the base image: too chatty for plain lines
            if (status.equals("Downloading") || status.equals("Pushing") || status.equals("Assembling") || status.equals("Extracting")) return;
            out.println(id == null ? status : id + ": " + status);
            out.flush();
        };
    }
}
