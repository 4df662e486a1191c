package dev.glassbox.runtime.step;

import static dev.glassbox.sys.Kernel.MS_BIND;
import static dev.glassbox.sys.Kernel.MS_NODEV;
import static dev.glassbox.sys.Kernel.MS_NOEXEC;
import static dev.glassbox.sys.Kernel.MS_NOSUID;
import static dev.glassbox.sys.Kernel.MS_PRIVATE;
import static dev.glassbox.sys.Kernel.MS_RDONLY;
import static dev.glassbox.sys.Kernel.MS_REC;
import static dev.glassbox.sys.Kernel.MS_STRICTATIME;

import dev.glassbox.mount.MountInfo;
import dev.glassbox.mount.MountTable;
import dev.glassbox.runtime.ContainerSpec;
import dev.glassbox.runtime.init.InitStage;
import java.nio.file.Path;
import java.util.ArrayList;
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
                + "(null, zero, random, tty...) and a private devpts for terminals, /dev/shm, and sysfs read-only. "
                + "Under /sys/fs/cgroup, the cgroup file system, read-only: mounted from inside the cgroup namespace, "
                + "its root is the container's own cgroup, so memory.max (v2) or memory/memory.limit_in_bytes (v1) "
                + "there are the container's limits.";
    }

    @Override public List<String> shellEquivalent(StepContext ctx) {
        String r = ctx.spec().mergedDir().toString();
        List<String> out = new ArrayList<>(List.of("mount --make-rprivate /",
                "mount -t proc -o nosuid,nodev,noexec proc " + r + "/proc",
                "mount -t tmpfs -o nosuid,strictatime,mode=755,size=65536k tmpfs " + r + "/dev",
                "mknod -m 666 " + r + "/dev/null c 1 3   # and zero, full, random, urandom, tty",
                "mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts " + r + "/dev/pts",
                "mount -t tmpfs -o nosuid,nodev,noexec,mode=1777,size=65536k shm " + r + "/dev/shm",
                "mount -t sysfs -o ro,nosuid,nodev,noexec sysfs " + r + "/sys",
                "mount --bind " + ctx.spec().containerDir() + "/hosts " + r + "/etc/hosts   # and hostname, resolv.conf"));
        if (ctx.spec().consolePath() != null) {
            out.add("# -t: the init opens " + r + "/dev/pts/ptmx, its terminal /dev/pts/0 inside, then");
            out.add("mount --bind " + r + "/dev/pts/0 " + r + "/dev/console");
        }
        out.add("mount -t cgroup2 -o ro,nosuid,nodev,noexec cgroup2 " + r + "/sys/fs/cgroup"
                + "   # v1: a tmpfs there, then mount -t cgroup -o ro,memory cgroup " + r + "/sys/fs/cgroup/memory, ...");
        return out;
    }

    @Override public List<String> apply(StepContext ctx) {
        ContainerSpec s = ctx.spec();
        InitStage init = ctx.init();
        Set<String> before = ctx.observe() ? ProcFacts.mounts(init.initPid()) : Set.of();
        String r = s.mergedDir().toString();
        // one turn of the init for all of these (and one more for a terminal)
        InitStage.Batch b = init.batch();

        b.call("mount", "", "/", "", hex(MS_REC | MS_PRIVATE), "");
        mkdir(b, r + "/proc");
        b.call("mount", "proc", r + "/proc", "proc", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "");

        mkdir(b, r + "/dev");
        b.call("mount", "tmpfs", r + "/dev", "tmpfs", hex(MS_NOSUID | MS_STRICTATIME), "mode=755,size=65536k");
        for (String[] d : DEVICES) b.call("mknod", r + "/dev/" + d[0], "20666", d[1], d[2]);
        b.call("symlink", "/proc/self/fd", r + "/dev/fd");
        b.call("symlink", "/proc/self/fd/0", r + "/dev/stdin");
        b.call("symlink", "/proc/self/fd/1", r + "/dev/stdout");
        b.call("symlink", "/proc/self/fd/2", r + "/dev/stderr");
        b.call("symlink", "/proc/kcore", r + "/dev/core");
        b.call("symlink", "pts/ptmx", r + "/dev/ptmx");
        mkdir(b, r + "/dev/pts");
        b.call("mount", "devpts", r + "/dev/pts", "devpts", hex(MS_NOSUID | MS_NOEXEC),
                "newinstance,ptmxmode=0666,mode=0620,gid=5");
        mkdir(b, r + "/dev/shm");
        b.call("mount", "shm", r + "/dev/shm", "tmpfs", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=1777,size=65536k");
        if (s.namespaces().ipc()) {
            mkdir(b, r + "/dev/mqueue");
            b.call("mount", "mqueue", r + "/dev/mqueue", "mqueue", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "");
        }
        if (s.consolePath() != null) {
            // The container's terminal, made in its own devpts as runc does: inside it is /dev/pts/0,
            // which `tty` and `ps` name, and /dev/console as on a real machine. The init opens it and
            // hands the master to the shim; the engine takes its own copy (for the log and clients).
            b.run();
            String[] got = init.call("console", r + "/dev/pts/ptmx").split(" ");
            ctx.put(Console.class, new Console(ctx.sys().takeFd(init.initPid(), Integer.parseInt(got[1])), Integer.parseInt(got[0])));
            b.call("touch", r + "/dev/console");
            b.call("mount", r + "/dev/pts/" + got[0], r + "/dev/console", "", hex(MS_BIND), "");
        }

        // Docker's way: /etc/hosts, /etc/hostname and /etc/resolv.conf are the container's own files, bind-mounted
        for (String f : new String[] {"hosts", "hostname", "resolv.conf"}) {
            java.nio.file.Path own = s.containerDir().resolve(f);
            if (!java.nio.file.Files.exists(own)) continue;
            mkdir(b, r + "/etc");
            b.call("touch", r + "/etc/" + f);
            b.call("mount", own.toString(), r + "/etc/" + f, "", hex(MS_BIND), "");
        }

        mkdir(b, r + "/sys");
        if (s.namespaces().net()) {
            b.call("mount", "sysfs", r + "/sys", "sysfs", hex(MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "");
        } else {
            // sysfs shows the mounter's network namespace: with --network host, bind the host's
            b.call("mount", "/sys", r + "/sys", "", hex(MS_BIND | MS_REC), "");
            b.call("mount", "", r + "/sys", "", hex(MS_BIND | MS_REC | MS_RDONLY | dev.glassbox.sys.Kernel.MS_REMOUNT), "");
        }
        mountCgroups(b, r, hostCgroupMounts(), s.privileged());
        b.run();
        return ctx.observe() ? ProcFacts.mountChanges(before, ProcFacts.mounts(init.initPid())) : List.of();
    }

    /** The engine's copy of the master of the container's terminal, and its number in the container's devpts. */
    public record Console(int master, int number) {}

    /** The init's mounts go with it; the engine's copy of the terminal is ours to close. */
    @Override public void undo(StepContext ctx) {
        Console c = ctx.get(Console.class);
        if (c == null) return;
        ctx.put(Console.class, null);
        ctx.sys().closeQuietly(c.master());
    }

    /** The cgroup lines of the host's mount table as last read, and the file systems they make. */
    private record HostCgroups(List<String> lines, List<CgroupMount> mounts) {}

    private static volatile HostCgroups lastHostCgroups;

    /**
     * The host's cgroup file systems, from the engine's mount table: read at every start (someone
     * may mount a hierarchy meanwhile), parsed again only when its cgroup lines changed (the rest
     * changes at every start: the container's own overlay is in it).
     */
    static List<CgroupMount> hostCgroupMounts() {
        List<String> lines;
        try {
            lines = java.nio.file.Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                    .filter(l -> l.contains(" - cgroup")).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
        HostCgroups last = lastHostCgroups;
        if (last != null && last.lines().equals(lines)) return last.mounts();
        List<CgroupMount> mounts = List.copyOf(cgroupMounts(MountTable.parse(String.join("\n", lines))));
        lastHostCgroups = new HostCgroups(lines, mounts);
        return mounts;
    }

    /** One cgroup file system to mount under the container's /sys/fs/cgroup: its directory there ("" for v2's). */
    record CgroupMount(String dir, String fsType, String options) {}

    /**
     * The cgroup file systems of the host, as the container mounts them: v2 alone, one cgroup2 on
     * /sys/fs/cgroup; v1 or hybrid, one per hierarchy (memory, "cpu,cpuacct", name=systemd,
     * unified...) with the options that name it, on a tmpfs.
     */
    static List<CgroupMount> cgroupMounts(MountTable host) {
        List<CgroupMount> out = new ArrayList<>();
        for (MountInfo m : host.mounts()) {
            boolean v2 = m.fsType().equals("cgroup2");
            if (!v2 && !m.fsType().equals("cgroup")) continue;
            if (m.mountPoint().equals("/sys/fs/cgroup")) {
                if (v2) return List.of(new CgroupMount("", "cgroup2", ""));
                continue;
            }
            if (!m.mountPoint().startsWith("/sys/fs/cgroup/")) continue;
            String dir = m.mountPoint().substring("/sys/fs/cgroup/".length());
            if (dir.contains("/") || out.stream().anyMatch(c -> c.dir().equals(dir))) continue;
            String options = String.join(",", m.superOptions().stream().filter(o -> !o.equals("rw") && !o.equals("ro")).toList());
            out.add(new CgroupMount(dir, m.fsType(), options));
        }
        return out;
    }

    /** Docker's /sys/fs/cgroup: read-only unless --privileged; a v1 "cpu,cpuacct" also answers to cpu and cpuacct. */
    private static void mountCgroups(InitStage.Batch init, String r, List<CgroupMount> mounts, boolean privileged) {
        if (mounts.isEmpty()) return;
        String at = r + "/sys/fs/cgroup";
        long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | (privileged ? 0 : MS_RDONLY);
        if (mounts.size() == 1 && mounts.getFirst().dir().isEmpty()) {
            init.call("mount", "cgroup2", at, "cgroup2", hex(flags), "");
            return;
        }
        init.call("mount", "tmpfs", at, "tmpfs", hex(MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=755");
        for (CgroupMount m : mounts) {
            mkdir(init, at + "/" + m.dir());
            init.call("mount", "cgroup", at + "/" + m.dir(), m.fsType(), hex(flags), m.options());
            if (m.dir().contains(",")) {
                for (String alias : m.dir().split(",")) {
                    if (mounts.stream().noneMatch(o -> o.dir().equals(alias))) init.call("symlink", m.dir(), at + "/" + alias);
                }
            }
        }
        if (!privileged) {
            init.call("mount", "", at, "", hex(dev.glassbox.sys.Kernel.MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=755");
        }
    }

    static void mkdir(InitStage.Batch init, String path) {
        init.call("mkdir", path, "755");
    }

    static String hex(long flags) {
        return "0x" + Long.toHexString(flags);
    }
}
