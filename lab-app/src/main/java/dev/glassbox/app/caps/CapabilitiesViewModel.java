package dev.glassbox.app.caps;

import dev.glassbox.app.core.Target;
import dev.glassbox.caps.CapSet;
import dev.glassbox.caps.Capability;
import dev.glassbox.inspect.CapabilityView;
import dev.glassbox.inspect.Inspector;
import java.util.ArrayList;
import java.util.List;

/**
 * The five capability sets of the target as a grid, one row per capability the kernel knows,
 * with how its effective set differs from the host's and from Docker's default.
 */
public final class CapabilitiesViewModel {
    private final Inspector inspector;

    public CapabilitiesViewModel(Inspector inspector) {
        this.inspector = inspector;
    }

    /** How a capability in the effective set compares with a reference set. */
    public enum Diff { SAME, EXTRA, MISSING }

    public record Row(Capability cap, boolean effective, boolean permitted, boolean inheritable, boolean bounding,
                      boolean ambient, Diff vsHost, Diff vsDocker) {
        public String meaning() { return cap.meaning(); }
    }

    public record Snapshot(CapabilityView view, List<Row> rows) {
        public String summary() {
            CapabilityView v = view;
            return "effective " + v.effective().size() + " capabilities"
                    + "; vs host: " + v.vsHost().effective().extra().size() + " extra, "
                    + v.vsHost().effective().missing().size() + " missing"
                    + "; vs Docker's default: " + v.vsDocker().effective().extra().size() + " extra, "
                    + v.vsDocker().effective().missing().size() + " missing"
                    + "\nno_new_privs " + (v.noNewPrivs() ? "on" : "off") + ", seccomp " + v.seccomp().name().toLowerCase()
                    + (v.seccompFilters() != null ? " (" + v.seccompFilters() + " filters)" : "")
                    + ", uid " + v.uid().effective() + ", gid " + v.gid().effective();
        }

        public Row row(Capability c) {
            return rows.stream().filter(r -> r.cap() == c).findFirst().orElseThrow();
        }
    }

    public Snapshot read(Target target) {
        if (target.pid() <= 0) throw new IllegalStateException(target.name() + " is not running: start it, or pick a PID");
        return of(inspector.capabilities(target.pid()));
    }

    public static Snapshot of(CapabilityView v) {
        int last = CapSet.lastCap();
        List<Row> rows = new ArrayList<>();
        for (Capability c : Capability.values()) {
            if (c.number() > last) continue;
            rows.add(new Row(c, v.effective().has(c), v.permitted().has(c), v.inheritable().has(c), v.bounding().has(c),
                    v.ambient().has(c), diff(v.vsHost().effective(), c), diff(v.vsDocker().effective(), c)));
        }
        return new Snapshot(v, rows);
    }

    private static Diff diff(CapabilityView.CapDiff d, Capability c) {
        if (d.extra().has(c)) return Diff.EXTRA;
        if (d.missing().has(c)) return Diff.MISSING;
        return Diff.SAME;
    }
}
