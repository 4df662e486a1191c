package dev.glassbox.exercise.check;

import dev.glassbox.inspect.CapabilityView;
import java.util.Objects;

/**
 * The target's process runs as this user id (the effective uid, as the host sees it), or, with
 * {@code notRoot: true}, as anyone but root.
 */
public record ProcessUser(Target of, Integer uid, Integer gid, Boolean notRoot) implements Check {
    public ProcessUser {
        Objects.requireNonNull(of, "process-user needs of: {container|process|...}");
        if (uid == null && gid == null && !Boolean.TRUE.equals(notRoot)) throw new IllegalArgumentException("process-user needs uid, gid or notRoot: true");
    }

    @Override
    public Observation evaluate(Machine m) {
        CapabilityView v = m.inspector().capabilities(m.pid(of));
        int u = v.uid().effective(), g = v.gid().effective();
        boolean pass = (uid == null || uid == u) && (gid == null || gid == g) && (!Boolean.TRUE.equals(notRoot) || u != 0);
        String expected = Boolean.TRUE.equals(notRoot) ? "a uid other than 0 (root)" : (uid == null ? "" : "uid " + uid) + (gid == null ? "" : " gid " + gid);
        return Observation.of(pass, expected.strip(), "uid " + u + " gid " + g + (u == 0 ? " (root)" : ""));
    }

    @Override public String view() { return CAPS; }

    @Override public String describe() { return of.describe() + " runs as " + (Boolean.TRUE.equals(notRoot) ? "a non-root user" : "uid " + uid); }
}
