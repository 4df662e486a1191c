package dev.glassbox.inspect;

/**
 * A view that is not part of this package (the cgroup view, the network view) plugged into
 * every {@link Snapshot}: the inspector calls {@link #read} once per PID with the shared scan
 * and files the result under {@link #name}.
 */
public interface ExtraViewReader {

    /** The key in {@link Snapshot#extraViews()} and in the JSON, e.g. {@code "cgroup"}. */
    String name();

    /** The view of {@code pid}; an immutable, Jackson-serialisable record. */
    Object read(int pid, ProcessTable table);
}
