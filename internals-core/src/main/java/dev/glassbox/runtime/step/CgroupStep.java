package dev.glassbox.runtime.step;

import dev.glassbox.cgroup.CgroupHierarchy;
import dev.glassbox.cgroup.ContainerCgroup;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.runtime.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Host side: a cgroup for the container, with its memory, CPU and process-count limits. */
public final class CgroupStep implements Step {
    private final CgroupHierarchy hierarchy;

    public CgroupStep(CgroupHierarchy hierarchy) {
        this.hierarchy = hierarchy;
    }

    @Override public String id() { return "cgroup"; }

    @Override public String title() { return "Create the cgroup and its limits"; }

    @Override public String explanation() {
        return "A control group limits and accounts what its processes use. Glassbox makes one directory per "
                + "container in the cgroup file system (" + hierarchy.version() + " here) and writes the limits into "
                + "its files: memory (the kernel's OOM killer ends the container beyond it), CPU time per period, "
                + "and the number of processes (fork fails beyond it).";
    }

    static Limits limits(ContainerSpec.Resources r) {
        return new Limits(r.memoryBytes(), r.memorySwapBytes(), r.cpuQuotaMicros(), r.cpuPeriodMicros(), r.pidsMax());
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        ContainerCgroup made = ctx.get(ContainerCgroup.class);
        if (made != null) return made.shellEquivalent();
        return List.of("mkdir /sys/fs/cgroup/<controller>/" + ctx.spec().cgroupPath(),
                "echo <limit> > /sys/fs/cgroup/<controller>/" + ctx.spec().cgroupPath() + "/<limit file>");
    }

    /** Made while the init is taken: the clone is the first to need it (born in it, on cgroup v2 and hybrid). */
    @Override public String neededBy(StepContext ctx) { return "namespaces"; }

    @Override public List<String> apply(StepContext ctx) {
        ContainerCgroup cg = hierarchy.create(ctx.spec().cgroupPath(), limits(ctx.spec().resources()));
        ctx.put(ContainerCgroup.class, cg);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, java.nio.file.Path> e : cg.paths().entrySet()) out.add("created " + e.getValue());
        ContainerSpec.Resources r = ctx.spec().resources();
        out.add("memory limit: " + (r.memoryBytes() == null ? "none" : r.memoryBytes() + " bytes"));
        out.add("cpu: " + (r.cpuQuotaMicros() == null ? "no quota" : r.cpuQuotaMicros() + " us per " + r.cpuPeriodMicros() + " us"));
        out.add("pids limit: " + (r.pidsMax() == null ? "none" : r.pidsMax()));
        return out;
    }

    @Override public void undo(StepContext ctx) {
        ContainerCgroup cg = ctx.remove(ContainerCgroup.class);
        if (cg != null) cg.destroy();
    }
}
