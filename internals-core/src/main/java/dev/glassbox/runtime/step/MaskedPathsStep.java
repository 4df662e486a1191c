package dev.glassbox.runtime.step;

import static dev.glassbox.runtime.step.MountsStep.hex;

import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Errno;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Init stage: hide and freeze the parts of /proc and /sys that reach the host's kernel. */
public final class MaskedPathsStep implements Step {
    /** Docker's defaults: hidden (masked) paths. */
    static final List<String> MASKED = List.of("/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap");
    /** Docker's defaults: read-only paths. */
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    @Override public String id() { return "masked-paths"; }

    @Override public String title() { return "Mask and freeze host-facing /proc and /sys paths"; }

    @Override public String explanation() {
        return "Parts of /proc and /sys are not namespaced: they show or change the host's kernel (/proc/kcore, "
                + "/proc/sys, /proc/sysrq-trigger...). As Docker does, Glassbox hides some (bind-mounting /dev/null "
                + "over a file, an empty read-only tmpfs over a directory) and makes others read-only. "
                + "With --privileged nothing is masked." ;
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        return List.of("mount --bind /dev/null /proc/kcore        # a masked file",
                "mount -t tmpfs -o ro tmpfs /proc/acpi      # a masked directory",
                "mount --bind /proc/sys /proc/sys && mount -o remount,bind,ro /proc/sys   # read-only");
    }

    @Override public List<String> apply(StepContext ctx) {
        if (ctx.spec().privileged()) return List.of("--privileged: nothing masked");
        InitStage init = ctx.init();
        // The init tells a file from a directory, and skips what this kernel has not got, by itself
        // (as runc does): no lookup from here first, which cost a stat, and for every missing path an
        // exception, of each start
        InitStage.Batch b = init.batch();
        for (String p : MASKED) b.call("mask", p);
        for (String p : READ_ONLY) {
            // not in this kernel (ENOENT): nothing to make read-only, and the remount finds nothing either
            b.callTolerating(Errno.ENOENT, "mount", p, p, "", hex(Kernel.MS_BIND | Kernel.MS_REC), "");
            b.callTolerating(Errno.ENOENT, "mount", "", p, "", hex(Kernel.MS_BIND | Kernel.MS_REC | Kernel.MS_REMOUNT | Kernel.MS_RDONLY
                    | Kernel.MS_NOSUID | Kernel.MS_NODEV | Kernel.MS_NOEXEC), "");
        }
        b.run();
        if (!ctx.observe()) return List.of();
        Path root = Path.of("/proc/" + init.initPid() + "/root");
        List<String> out = new ArrayList<>();
        for (String p : MASKED) if (Files.exists(root.resolve(p.substring(1)), LinkOption.NOFOLLOW_LINKS)) out.add("masked    " + p);
        for (String p : READ_ONLY) if (Files.exists(root.resolve(p.substring(1)), LinkOption.NOFOLLOW_LINKS)) out.add("read-only " + p);
        return out;
    }
}
