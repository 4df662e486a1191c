package dev.glassbox.runtime.step;

import static dev.glassbox.sys.Kernel.MS_BIND;
import static dev.glassbox.sys.Kernel.MS_NODEV;
import static dev.glassbox.sys.Kernel.MS_NOEXEC;
import static dev.glassbox.sys.Kernel.MS_NOSUID;
import static dev.glassbox.sys.Kernel.MS_PRIVATE;
import static dev.glassbox.sys.Kernel.MS_RDONLY;
import static dev.glassbox.sys.Kernel.MS_REC;
import static dev.glassbox.sys.Kernel.MS_STRICTATIME;

import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import java.util.List;
import java.util.Set;

/** Init stage: mount /proc, /dev and /sys inside the new root, in the new mount namespace. */
public final class MountsStep implements Step {
    /** The device nodes every container gets: name, major, minor. */
    private static final List<String[]> DEVICES = List.of(
            new String[] {"null", "1", "3"}, new String[] {"zero", "1", "5"}, new String[] {"full", "1", "7"},
            new String[] {"random", "1", "8"}, new String[] {"urandom", "1", "9"}, new String[] {"tty", "5", "0"});

    @Override public String id() { return "mounts"; }

    @Override public String title() { return "Mount /proc, /dev and /sys"; }

    @Override public String explanation() {
        return "First the whole mount tree is made private, so nothing mounted in the container propagates back "
                + "to the host. Then, inside the overlay root: a new procfs (it shows the processes of the "
                + "container's PID namespace only), a small tmpfs on /dev with just the usual device nodes "
                + "(null, zero, random, tty...) and a private devpts for terminals, /dev/shm, and sysfs read-only.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        String r = ctx.spec().mergedDir().toString();
        return List.of("mount --make-rprivate /",
                "mount -t proc -o nosuid,nodev,noexec proc " + r + "/proc",
                "mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs " + r + "/dev",
                "mknod -m 666 " + r + "/dev/null c 1 3   # and zero, full, random, urandom, tty",
                "mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts " + r + "/dev/pts",
                "mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=65536k shm " + r + "/dev/shm",
                "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs " + r + "/sys",
                "mount --bind " + ctx.spec().containerDir() + "/hosts " + r + "/etc/hosts   # and hostname, resolv.conf");
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        InitStage init = ctx.init();
        Set<String> before = ctx.observe() ? ProcFacts.mounts(init.initPid()) : Set.of();
        String r = s.mergedDir().toString();

        init.call("mount", "", "/", "", hex(MS_REC | MS_PRIVATE), "");
        mkdir(init, r + "/proc");
        init.call("mount", "proc", r + "/proc", "proc", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "");

        mkdir(init, r + "/dev");
        init.call("mount", "tmpfs", r + "/dev", "tmpfs", hex(MS_NOSUID | MS_STRICTATIME), "mode=755,size=65536k");
        for (String[] d : DEVICES) init.call("mknod", r + "/dev/" + d[0], "20666", d[1], d[2]);
        init.call("symlink", "/proc/self/fd", r + "/dev/fd");
        init.call("symlink", "/proc/self/fd/0", r + "/dev/stdin");
        init.call("symlink", "/proc/self/fd/1", r + "/dev/stdout");
        init.call("symlink", "/proc/self/fd/2", r + "/dev/stderr");
        init.call("symlink", "/proc/kcore", r + "/dev/core");
        init.call("symlink", "pts/ptmx", r + "/dev/ptmx");
        mkdir(init, r + "/dev/pts");
        init.call("mount", "devpts", r + "/dev/pts", "devpts", hex(MS_NOSUID | MS_NOEXEC),
                "newinstance,ptmxmode=0666,mode=0620,gid=5");
        mkdir(init, r + "/dev/shm");
        init.call("mount", "shm", r + "/dev/shm", "tmpfs", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=1777,size=65536k");
        if (s.namespaces().ipc()) {
            mkdir(init, r + "/dev/mqueue");
            init.call("mount", "mqueue", r + "/dev/mqueue", "mqueue", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "");
        }
        if (s.consolePath() != null) {
            // the terminal the container's PID 1 talks to, visible as /dev/console as on a real machine
            init.call("touch", r + "/dev/console");
            init.call("mount", s.consolePath(), r + "/dev/console", "", hex(MS_BIND), "");
        }

        // Docker's way: /etc/hosts, /etc/hostname and /etc/resolv.conf are the container's own files, bind-mounted
        for (String f : new String[] {"hosts", "hostname", "resolv.conf"}) {
            java.nio.file.Path own = s.containerDir().resolve(f);
            if (!java.nio.file.Files.exists(own)) continue;
            mkdir(init, r + "/etc");
            init.call("touch", r + "/etc/" + f);
            init.call("mount", own.toString(), r + "/etc/" + f, "", hex(MS_BIND), "");
        }

        mkdir(init, r + "/sys");
        if (s.namespaces().net()) {
            init.call("mount", "sysfs", r + "/sys", "sysfs", hex(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "");
        } else {
            // sysfs shows the mounter's network namespace: with --network host, bind the host's
            init.call("mount", "/sys", r + "/sys", "", hex(MS_BIND | MS_REC), "");
            init.call("mount", "", r + "/sys", "", hex(MS_BIND | MS_REC | MS_RDONLY | dev.glassbox.sys.Kernel.MS_REMOUNT), "");
        }
        return ctx.observe() ? ProcFacts.mountChanges(before, ProcFacts.mounts(init.initPid())) : List.of();
    }

    static void mkdir(InitStage init, String path) {
        init.call("mkdir", path, "755");
    }

    static String hex(long flags) {
        return "0x" + Long.toHexString(flags);
    }
}
