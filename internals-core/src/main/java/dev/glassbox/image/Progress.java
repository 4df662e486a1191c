package dev.glassbox.image;

/**
 * Where long image work (building the base image, unpacking layers, loading archives) says
 * what it is doing: once per layer and once per file. {@code total} is -1 when unknown.
 */
@FunctionalInterface
public interface Progress {
    void step(String what, long done, long total);

    /** Reports nothing. */
    Progress NONE = (what, done, total) -> {};
}
