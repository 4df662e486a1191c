package dev.glassbox.runtime.step;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import java.util.ArrayList;
import java.util.List;

/** Init stage: become the container's user, keep only the allowed capabilities, forbid new privileges. */
public final class CapabilitiesStep implements Step {
    @Override public String id() { return "capabilities"; }

    @Override public String title() { return "Drop capabilities and switch user"; }

    @Override public String explanation() {
        return "Root's power is split into capabilities (CAP_NET_ADMIN, CAP_SYS_ADMIN, ...). The container keeps "
                + "only Docker's default set (plus --cap-add, minus --cap-drop): the others are removed from the "
                + "bounding set, so even a setuid program cannot get them back. Then the process takes the "
                + "container's user and groups (a non-root user ends with no effective capabilities), and "
                + "no_new_privs stops setuid binaries from raising privileges at all.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        return List.of("capsh --drop=<every capability not kept> --   # bounding set",
                "setpriv --reuid=" + s.uid() + " --regid=" + s.gid() + " --clear-groups"
                        + (s.privileged() ? "" : " --no-new-privs") + " <command>",
                "grep Cap /proc/<PID>/status; capsh --decode=<CapEff>");
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        InitStage init = ctx.init();
        int pid = init.initPid();
        String bndBefore = ctx.observe() ? ProcFacts.status(pid, "CapBnd") : "", effBefore = ctx.observe() ? ProcFacts.status(pid, "CapEff") : "";
        String mask = "0x" + Long.toHexString(s.capMask());

        // bounding set first: it needs CAP_SETPCAP, which may be among those dropped
        InitStage.Batch b = init.batch();
        b.call("capbset_keep", mask, String.valueOf(s.lastCap()));
        List<String> groups = new ArrayList<>();
        for (Integer g : s.groups()) groups.add(String.valueOf(g));
        b.call("setgroups", groups.toArray(String[]::new));
        b.call("setresgid", String.valueOf(s.gid()));
        // switching from uid 0 to another clears permitted and effective: Docker's behaviour for non-root users
        b.call("setresuid", String.valueOf(s.uid()));
        if (s.uid() == 0) b.call("capset", mask, mask, "0");
        if (!s.privileged()) b.call("no_new_privs");
        b.run();

        if (!ctx.observe()) return List.of();
        return List.of("CapBnd: " + bndBefore + " -> " + ProcFacts.status(pid, "CapBnd"),
                "CapEff: " + effBefore + " -> " + ProcFacts.status(pid, "CapEff"),
                "uid/gid: " + s.uid() + "/" + s.gid(),
                "NoNewPrivs: " + ProcFacts.status(pid, "NoNewPrivs"));
    }
}
