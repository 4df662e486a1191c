package dev.glassbox.mount;

/**
 * One change of a container's file system against its image, as {@code docker diff} prints it:
 * {@code A /tmp/new}, {@code C /etc}, {@code D /etc/motd}.
 */
public record Change(Kind kind, String path) {

    public enum Kind {
        /** in the upper directory only: created in the container */
        A,
        /** in the upper directory and in a lower one: copied up and modified, or replaced */
        C,
        /** a whiteout in the upper directory, or hidden by an opaque directory: deleted in the container */
        D
    }

    @Override
    public String toString() { return kind + " " + path; }
}
