package dev.glassbox.runtime.step;

import dev.glassbox.cgroup.ContainerCgroup;
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
                + "so everything the container runs is counted and limited. Then a new cgroup namespace makes that "
                + "cgroup look like the root: /proc/self/cgroup in the container shows \"/\".";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        List<String> out = new ArrayList<>();
        ContainerCgroup cg = ctx.get(ContainerCgroup.class);
        if (cg != null) cg.paths().values().forEach(p -> out.add("echo <PID> > " + p + "/cgroup.procs"));
        if (ctx.spec().namespaces().cgroup()) out.add("nsenter --target <PID> --all unshare --cgroup sh");
        return out;
    }

    @Override public List<String> apply(StepContext ctx) throws Exception {
        int pid = ctx.initPid();
        ctx.get(ContainerCgroup.class).join(pid);
        List<String> out = new ArrayList<>();
        out.add("PID " + pid + " joined " + ctx.spec().cgroupPath());
        if (ctx.spec().namespaces().cgroup()) {
            ctx.init().call("unshare", "0x" + Integer.toHexString(Kernel.CLONE_NEWCGROUP));
            out.add("new cgroup namespace; the container sees its cgroup as /");
        }
        if (!ctx.observe()) return out;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            if (line.contains("memory") || line.startsWith("0::") || line.contains("pids")) out.add("/proc/" + pid + "/cgroup: " + line);
        }
        return out;
    }
}
