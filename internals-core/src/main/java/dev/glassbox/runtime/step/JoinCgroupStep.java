package dev.glassbox.runtime.step;

import dev.glassbox.cgroup.ContainerCgroup;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Kernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Host side then init stage: move the init into its cgroup, then give it a cgroup namespace. */
public final class JoinCgroupStep implements Step {
    @Override public String id() { return "cgroup-join"; }

    @Override public String title() { return "Put the container in its cgroup"; }

    @Override public String explanation() {
        return "Writing a PID into cgroup.procs moves that process into the cgroup; its children are born there, "
                + "so everything the container runs is counted and limited. Glassbox saves the kernel work: on cgroup v2 "
                + "the init was already born in its cgroup (clone3 with CLONE_INTO_CGROUP, as crun does), and on v1 it "
                + "moves itself, writing 0 into each hierarchy's tasks file, which needs no machine-wide lock. "
                + "Then a new cgroup namespace makes that cgroup look like the root: /proc/self/cgroup in the container "
                + "shows \"/\".";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        List<String> out = new ArrayList<>();
        ContainerCgroup cg = ctx.get(ContainerCgroup.class);
        if (cg != null) cg.paths().values().forEach(p -> out.add("echo <PID> > " + p + "/cgroup.procs"));
        if (ctx.spec().namespaces().cgroup()) out.add("nsenter --target <PID> --all unshare --cgroup sh");
        return out;
    }

    /**
     * Puts the process {@code init} has just cloned into {@code cg} without the kernel's
     * machine-wide lock: born in the v2 cgroup when clone3 could (else its PID is written to
     * cgroup.procs), and {@code b}, its next turn, has it move itself into the v1 ones. A
     * container's first process and an exec'd one join alike. Returns what it did, a line each.
     */
    public static List<String> moveIn(ContainerCgroup cg, InitStage init, InitStage.Batch b) {
        List<String> out = new ArrayList<>();
        if (cg.v2Dir() != null) {
            if (init.bornInCgroup()) {
                out.add("born in " + cg.v2Dir() + " (clone3 with CLONE_INTO_CGROUP)");
            } else {
                cg.joinV2(init.initPid());
                out.add("moved into " + cg.v2Dir() + " (its PID written to cgroup.procs)");
            }
        }
        List<Path> tasks = cg.selfMoveFiles();
        for (Path t : tasks) b.call("write", t.toString(), "0");
        if (!tasks.isEmpty()) out.add("moved itself into " + tasks.size() + " v1 hierarchies (echo 0 > tasks in each)");
        return out;
    }

    @Override public List<String> apply(StepContext ctx) throws Exception {
        int pid = ctx.initPid();
        InitStage init = ctx.init();
        ContainerCgroup cg = ctx.get(ContainerCgroup.class);
        List<String> out = new ArrayList<>();
        out.add("PID " + pid + " joined " + ctx.spec().cgroupPath());
        // in the init's own turn: it moves itself into the v1 hierarchies, then takes a cgroup namespace
        InitStage.Batch b = init.batch();
        for (String line : moveIn(cg, init, b)) out.add("  " + line);
        if (ctx.spec().namespaces().cgroup()) {
            b.call("unshare", "0x" + Integer.toHexString(Kernel.CLONE_NEWCGROUP));
            out.add("new cgroup namespace; the container sees its cgroup as /");
        }
        b.run();
        if (!ctx.observe()) return out;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            if (line.contains("memory") || line.startsWith("0::") || line.contains("pids")) out.add("/proc/" + pid + "/cgroup: " + line);
        }
        return out;
    }
}
