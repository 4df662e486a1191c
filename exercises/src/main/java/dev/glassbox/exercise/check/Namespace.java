package dev.glassbox.exercise.check;

import dev.glassbox.inspect.NsType;
import java.util.Objects;

/**
 * The target is, or is not, in the same namespace of this type as another process (the host
 * by default): {@code readlink /proc/A/ns/net} against {@code /proc/B/ns/net}.
 */
public record Namespace(Target of, String ns, Target sharedWith, Boolean shared) implements Check {
    public Namespace {
        Objects.requireNonNull(of, "namespace needs of: {container|process|...}");
        Objects.requireNonNull(ns, "namespace needs ns: net|pid|mnt|uts|ipc|user|cgroup|time");
        if (sharedWith == null) sharedWith = Target.hostTarget();
        if (shared == null) shared = false;
    }

    @Override
    public void validate() {
        type();
    }

    private NsType type() {
        try {
            return NsType.ofFileName(ns);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("namespace: unknown type " + ns + " (net, pid, mnt, uts, ipc, user, cgroup, time)");
        }
    }

    @Override
    public Observation evaluate(Machine m) {
        NsType t = type();
        long mine = m.nsInode(of, t), theirs = m.nsInode(sharedWith, t);
        boolean same = mine == theirs;
        String expected = (shared ? "the same " : "a different ") + ns + " namespace than " + sharedWith.describe();
        String observed = same ? "the same " + ns + " namespace as " + sharedWith.describe() + " (" + ns + ":[" + mine + "])"
                : ns + ":[" + mine + "], " + sharedWith.describe() + " has " + ns + ":[" + theirs + "]";
        return Observation.of(same == shared, expected, observed);
    }

    @Override public String view() { return NAMESPACES; }

    @Override
    public String describe() {
        return of.describe() + (shared ? " shares the " : " has its own ") + ns + " namespace" + (shared ? " with " : ", not that of ") + sharedWith.describe();
    }
}
