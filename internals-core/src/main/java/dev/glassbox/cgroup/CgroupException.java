package dev.glassbox.cgroup;

/** A cgroup could not be made, changed, read or removed. The message is one line: what, where, what to do. */
public sealed class CgroupException extends RuntimeException permits Creation.ParentVanished {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
