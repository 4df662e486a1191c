package dev.glassbox.inspect;

import java.util.List;
import java.util.OptionalLong;

/**
 * Where a namespace sits among the others. {@link NsfsCalls} asks the kernel; {@link #NONE}
 * answers nothing, for /proc fixtures where there are no namespace files to ask.
 */
public interface NsRelations {

    /**
     * Inodes from the namespace at {@code nsFile} (a /proc/PID/ns/pid or ns/user file) up
     * through its parents, as far as the caller can see; just the namespace itself when it has
     * no visible parent; empty when the file cannot be opened.
     */
    List<Long> parentChain(String nsFile);

    /** The inode of the user namespace that owns the namespace at {@code nsFile}, if visible. */
    OptionalLong ownerUserNs(String nsFile);

    NsRelations NONE = new NsRelations() {
        @Override public List<Long> parentChain(String nsFile) { return List.of(); }
        @Override public OptionalLong ownerUserNs(String nsFile) { return OptionalLong.empty(); }
    };
}
