package dev.glassbox.runtime.step;

import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Kernel;
import java.util.List;
import java.util.Set;

/** Init stage: make the overlay the root of the mount namespace and detach the host's tree. */
public final class PivotRootStep implements Step {
    @Override public String id() { return "pivot_root"; }

    @Override public String title() { return "Switch the root with pivot_root"; }

    @Override public String explanation() {
        return "pivot_root(2) makes the overlay the new / of the mount namespace and moves the old root under it; "
                + "unmounting the old root then cuts the container off the host's files entirely. Unlike chroot, "
                + "there is no way back up: the host's tree is no longer in this mount namespace.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        List<String> cmds = new java.util.ArrayList<>(List.of("cd " + ctx.spec().mergedDir(), "pivot_root . .", "umount -l .", "cd /"));
        if (ctx.spec().readOnlyRootfs()) cmds.add("mount -o remount,bind,ro /");
        return cmds;
    }

    @Override public List<String> apply(StepContext ctx) {
        InitStage init = ctx.init();
        Set<String> before = ctx.observe() ? ProcFacts.mounts(init.initPid()) : Set.of();
        InitStage.Batch b = init.batch();
        b.call("chdir", ctx.spec().mergedDir().toString());
        // pivot_root(".", "."): the old root ends up stacked on "/"; detach it (as runc does)
        b.call("pivot_root", ".", ".");
        b.call("umount2", ".", String.valueOf(Kernel.MNT_DETACH));
        b.call("chdir", "/");
        mkdirs(b, ctx.spec().workingDir()); // as root, before the user switch and a read-only /
        if (ctx.spec().readOnlyRootfs()) {
            b.call("mount", "", "/", "", MountsStep.hex(Kernel.MS_BIND | Kernel.MS_REMOUNT | Kernel.MS_RDONLY), "");
        }
        b.run();
        if (!ctx.observe()) return List.of();
        List<String> changes = ProcFacts.mountChanges(before, ProcFacts.mounts(init.initPid()));
        return List.of("/ is now the overlay: " + (changes.size()) + " mount table entries changed",
                "host mounts left in the container's mount namespace: none",
                ctx.spec().readOnlyRootfs() ? "--read-only: / remounted read-only" : "/ is writable (the container layer)");
    }

    /** mkdir -p inside the new root, as Docker does for a missing working directory. */
    private static void mkdirs(InitStage.Batch init, String dir) {
        StringBuilder path = new StringBuilder();
        for (String part : dir.split("/")) {
            if (part.isEmpty()) continue;
            path.append('/').append(part);
            init.call("mkdir", path.toString(), "755");
        }
    }
}
