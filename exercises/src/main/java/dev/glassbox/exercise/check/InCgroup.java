package dev.glassbox.exercise.check;

import dev.glassbox.cgroup.ProcessCgroups;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The target is in the cgroup at this path (as /proc/PID/cgroup writes it, e.g. {@code /gbx-lab}):
 * on cgroup v1, in the hierarchy of {@code controller} (memory by default); on v2, in the one tree.
 */
public record InCgroup(Target of, String path, String controller) implements Check {
    public InCgroup {
        Objects.requireNonNull(of, "in-cgroup needs of: {container|process|...}");
        Objects.requireNonNull(path, "in-cgroup needs path: /CGROUP");
        if (controller == null) controller = "memory";
    }

    @Override
    public Observation evaluate(Machine m) {
        ProcessCgroups pc = m.cgroups().of(m.pid(of));
        String got = pc.pathOf(controller).or(pc::unifiedPath).orElse("?");
        Set<String> all = new LinkedHashSet<>();
        for (ProcessCgroups.Line l : pc.lines()) all.add(l.path());
        boolean pass = got.equals(path);
        return Observation.of(pass, "in cgroup " + path, "in cgroup " + got + (pass || all.size() <= 1 ? "" : " (all its cgroups: " + all + ")"));
    }

    @Override public String view() { return CGROUPS; }

    @Override public String describe() { return of.describe() + " is in cgroup " + path; }
}
