package dev.glassbox.runtime.step;

import dev.glassbox.cgroup.ContainerCgroup;
import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.sys.Kernel;
import java.util.ArrayList;
import java.util.List;

/** Init stage: clone(2) the container's first process into new namespaces. */
public final class NamespacesStep implements Step {
    @Override public String id() { return "namespaces"; }

    @Override public String title() { return "Create the namespaces"; }

    @Override public String explanation() {
        return "clone(2) with CLONE_NEW* flags creates a process in new namespaces: its own mount table (mnt), "
                + "hostname (uts), System V IPC (ipc), network stack (net) and PID numbering (pid: it is PID 1 in "
                + "there). Each namespace is a kernel object with an inode number; /proc/PID/ns shows them. "
                + "On cgroup v2 the process is born in the cgroup made for it (clone3 with CLONE_INTO_CGROUP). "
                + "The cgroup namespace comes later, once the process is in its cgroup.";
    }

    static int flags(ContainerSpec.Namespaces ns) {
        int f = Kernel.CLONE_NEWNS; // always: the container's mounts must not leak to the host
        if (ns.pid()) f |= Kernel.CLONE_NEWPID;
        if (ns.ipc()) f |= Kernel.CLONE_NEWIPC;
        if (ns.uts()) f |= Kernel.CLONE_NEWUTS;
        if (ns.net()) f |= Kernel.CLONE_NEWNET;
        return f;
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        ContainerSpec.Namespaces ns = ctx.spec().namespaces();
        List<String> opts = new ArrayList<>(List.of("--mount"));
        if (ns.pid()) opts.add("--pid --fork");
        if (ns.ipc()) opts.add("--ipc");
        if (ns.uts()) opts.add("--uts");
        if (ns.net()) opts.add("--net");
        return List.of("unshare " + String.join(" ", opts) + " sh", "lsns -p <PID>   # compare with: lsns -p $$");
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerCgroup cg = ctx.get(ContainerCgroup.class);
        int pid = ctx.init().clone(flags(ctx.spec().namespaces()), cg == null ? null : cg.v2Dir());
        List<String> out = new ArrayList<>();
        if (!ctx.observe()) return out;
        out.add("container init: host PID " + pid + (ctx.spec().namespaces().pid() ? ", PID 1 inside" : ""));
        // compared with the engine's own namespaces, which are the host's
        out.addAll(ProcFacts.namespaceChanges((int) ProcessHandle.current().pid(), pid));
        return out;
    }
}
