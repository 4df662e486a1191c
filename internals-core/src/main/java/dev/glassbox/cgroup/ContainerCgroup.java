package dev.glassbox.cgroup;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A cgroup Glassbox made for one container: join its init, pause and unpause it, ask whether
 * the OOM killer struck, read usage, and remove it. Made by {@link CgroupHierarchy#create} or
 * found again by {@link CgroupHierarchy#open}.
 */
public final class ContainerCgroup {
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private final CgroupHierarchy hierarchy;
    private final String relativePath;
    private final CgroupNode node;
    private final ShellLog fs;
    private final Syscalls sys;

    ContainerCgroup(CgroupHierarchy hierarchy, String relativePath, CgroupNode node, ShellLog fs, Syscalls sys) {
        this.hierarchy = hierarchy;
        this.relativePath = relativePath;
        this.node = node;
        this.fs = fs;
        this.sys = sys;
    }

    /** E.g. "glassbox/abc". */
    public String relativePath() {
        return relativePath;
    }

    /** "v1" or "v2". */
    public String version() {
        return node.version();
    }

    /** The read-only view of the same cgroup (for the inspectors and the sampler). */
    public CgroupNode node() {
        return node;
    }

    /** Directory per controller (v1; plus "unified" on a hybrid machine) or "unified" -> dir (v2). */
    public Map<String, Path> paths() {
        return node.dirs();
    }

    /** The distinct directories: co-mounted v1 controllers share one. */
    private Set<Path> dirs() {
        return new LinkedHashSet<>(node.dirs().values());
    }

    /** Moves a process (all its threads) in: its PID into cgroup.procs of every directory. */
    public void join(int pid) {
        for (Path dir : dirs()) joinAt(dir, pid);
    }

    /**
     * Its v2 directory (on a hybrid host, the unified tree's), which a process can be born in
     * with clone3's CLONE_INTO_CGROUP; null on a v1-only host.
     */
    public Path v2Dir() {
        return node.dirs().get(CgroupNode.UNIFIED);
    }

    /** Moves a process in through the v2 directory only (see {@link #selfMoveFiles} for the v1 ones). */
    public void joinV2(int pid) {
        Path dir = v2Dir();
        if (dir != null) joinAt(dir, pid);
    }

    /**
     * The v1 hierarchies' {@code tasks} files, into which a single-threaded process writes "0" to
     * move itself in. Moved that way (one thread, itself) the kernel skips the lock a write of a
     * PID into cgroup.procs takes over every process of the machine (cgroup_threadgroup_rwsem),
     * whose first taking after a quiet spell waits for an RCU grace period: 5 to 15 ms here, most
     * of a container's start.
     */
    public List<Path> selfMoveFiles() {
        return node.locations().values().stream().filter(d -> !d.mount().isV2()).map(d -> d.dir().resolve("tasks")).distinct().toList();
    }

    private void joinAt(Path dir, int pid) {
        write(dir.resolve("cgroup.procs"), Integer.toString(pid), "move process " + pid + " into");
    }

    /**
     * Pauses every process in it (docker pause) and waits until the kernel says frozen. v1
     * passes through FREEZING, and a task in uninterruptible sleep can hold it there, so the
     * request is repeated until it settles, as runc does.
     */
    public void freeze() {
        if (version().equals("v2")) {
            Path dir = node.dirs().get(CgroupNode.UNIFIED);
            write(dir.resolve("cgroup.freeze"), "1", "freeze");
            await(this::frozen, "freeze " + dir + ": cgroup.events never showed \"frozen 1\"");
            return;
        }
        Path state = freezerDir().resolve("freezer.state");
        write(state, "FROZEN", "freeze");
        await(() -> {
            if ("FROZEN".equals(CgroupFiles.read(state))) return true;
            write(state, "FROZEN", "freeze");
            return false;
        }, "freeze " + state.getParent() + ": freezer.state stayed FREEZING (a task may be stuck in uninterruptible sleep); try again or destroy it");
    }

    /** Resumes it (docker unpause) and waits until it is no longer frozen. */
    public void thaw() {
        if (version().equals("v2")) {
            Path dir = node.dirs().get(CgroupNode.UNIFIED);
            write(dir.resolve("cgroup.freeze"), "0", "thaw");
            await(() -> !frozen(), "thaw " + dir + ": cgroup.events never showed \"frozen 0\"");
            return;
        }
        Path state = freezerDir().resolve("freezer.state");
        write(state, "THAWED", "thaw");
        await(() -> "THAWED".equals(CgroupFiles.read(state)), "thaw " + state.getParent() + ": freezer.state never became THAWED");
    }

    private Path freezerDir() {
        Path dir = node.dirs().get("freezer");
        if (dir == null) {
            throw new CgroupException("cannot freeze " + relativePath + ": the v1 freezer controller is not mounted; mount it with: "
                    + "mkdir " + hierarchy.fsRoot() + "/freezer && mount -t cgroup -o freezer freezer " + hierarchy.fsRoot() + "/freezer");
        }
        return dir;
    }

    /** Whether it is frozen (paused), from the kernel, not from anything Glassbox remembers. */
    public boolean frozen() {
        return node.frozen();
    }

    /**
     * Whether the OOM killer killed a process in it (Docker's OOMKilled): v1 memory.oom_control
     * "oom_kill" (Linux 4.13+; older kernels do not count and this says false), v2
     * memory.events "oom_kill".
     */
    public boolean oomKilled() {
        Long kills = node.oomKillsNow();
        return kills != null && kills > 0;
    }

    /** Every process in it (in any of its directories), sorted. */
    public List<Integer> pids() {
        return node.pidsInAnyDirectory();
    }

    public Usage usage() {
        return node.usage();
    }

    /** The limits as the kernel holds them. */
    public Limits limits() {
        return node.limits();
    }

    /** Sends {@code signal} to every process in it; a process that has just exited is no error. */
    public void killAll(int signal) {
        for (int pid : pids()) {
            try {
                sys.kill(pid, signal);
                fs.note("kill -" + signal + " " + pid);
            } catch (SysException e) {
                if (e.errno() != Errno.ESRCH) throw e;
            }
        }
    }

    /**
     * Removes it. Processes still inside are killed with SIGKILL first (a frozen v1 cgroup is
     * thawed too, or they could not die), then the directories are removed, then the parents
     * of the relative path when nothing else is left in them.
     */
    public void destroy() {
        destroyLeavingParents();
        removeEmptyParents();
    }

    /**
     * Removes it as {@link #destroy} does, but not its parents: an engine keeps its own parent
     * for the next container (making and removing it in each hierarchy was a part of every run)
     * and removes it when it closes ({@link CgroupHierarchy#removeIfEmpty}).
     */
    public void destroyLeavingParents() {
        // the usual end: its processes are gone and each rmdir simply succeeds, with no read of
        // every hierarchy's cgroup.procs first (a tenth of a millisecond of each container's end)
        List<Path> left = new java.util.ArrayList<>();
        for (Path dir : dirs()) {
            if (!rmdirNow(dir, null)) left.add(dir);
        }
        if (left.isEmpty()) return;
        if (!pids().isEmpty()) {
            Path cgroupKill = version().equals("v2") ? node.dirs().get(CgroupNode.UNIFIED).resolve("cgroup.kill") : null;
            if (cgroupKill != null && Files.exists(cgroupKill)) {
                // Linux 5.14+: the kernel kills every process, including ones forked meanwhile
                write(cgroupKill, "1", "kill the processes of");
            }
            await(() -> {
                killAll(Kernel.SIGKILL);
                if (version().equals("v1") && frozen()) write(freezerDir().resolve("freezer.state"), "THAWED", "thaw");
                return pids().isEmpty();
            }, () -> "remove " + relativePath + ": processes " + pids() + " are still in it after SIGKILL");
        }
        for (Path dir : left) {
            rmdirWhenIdle(dir);
        }
    }

    /** One rmdir: true when it is gone (or was); false when the kernel refused (busy), with why in {@code why[0]} if given. */
    private boolean rmdirNow(Path dir, IOException[] why) {
        try {
            fs.rmdir(dir);
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            if (why != null) why[0] = e;
            return false;
        }
    }

    /** The parents of its relative path, in every hierarchy, where nothing else is left in them. */
    private void removeEmptyParents() {
        List<String> segments = CgroupHierarchy.segments(relativePath);
        // only when empty; a busy one holds other containers, so stop there quietly
        for (Path dir : dirs()) {
            Path parent = dir.getParent();
            for (int level = 1; level < segments.size(); level++, parent = parent.getParent()) {
                try {
                    fs.rmdir(parent);
                } catch (NoSuchFileException e) {
                    // already gone
                } catch (IOException e) {
                    break;
                }
            }
        }
    }

    /** Its own directories and then its parents', where nothing is left in them (its processes gone). */
    void removeIfEmpty() {
        for (Path dir : dirs()) {
            if (!rmdirNow(dir, null)) return; // a container of it is still there
        }
        removeEmptyParents();
    }

    /** rmdir, retried while the kernel still counts exiting tasks in it (EBUSY). */
    private void rmdirWhenIdle(Path dir) {
        IOException[] last = new IOException[1];
        if (!poll(() -> rmdirNow(dir, last))) {
            throw new CgroupException("cannot remove cgroup " + dir + ": " + CgroupFs.reason(last[0])
                    + "; check for processes in " + dir.resolve("cgroup.procs") + " and child cgroups", last[0]);
        }
    }

    /** The commands a student could type to do what this object has done so far. */
    public List<String> shellEquivalent() {
        return fs.commands();
    }

    private void write(Path file, String value, String what) {
        try {
            fs.write(file, value);
        } catch (IOException e) {
            throw new CgroupException("cannot " + what + " " + file.getParent() + ": writing \"" + value + "\" to "
                    + file.getFileName() + " failed: " + CgroupFs.reason(e), e);
        }
    }

    private static void await(BooleanSupplier settled, String failure) {
        await(settled, () -> failure);
    }

    private static void await(BooleanSupplier settled, Supplier<String> failure) {
        if (!poll(settled)) throw new CgroupException("cannot " + failure.get());
    }

    /** Asks until true, with a short growing pause between tries, for up to {@link #SETTLE_TIMEOUT}. */
    static boolean poll(BooleanSupplier condition) {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long pauseMillis = 1;
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            pauseMillis = Math.min(pauseMillis * 2, 20);
        }
    }

    @Override
    public String toString() {
        return "ContainerCgroup[" + version() + " " + relativePath + " " + node.dirs() + "]";
    }
}
