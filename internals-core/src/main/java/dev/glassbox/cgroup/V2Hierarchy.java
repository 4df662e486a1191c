package dev.glassbox.cgroup;

import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cgroup v2: one tree. A cgroup can use a controller only when its parent lists it in
 * {@code cgroup.subtree_control}, so Glassbox enables memory, cpu and pids in the parents it
 * owns (the leading segments of the relative path), where the grandparent offers them.
 */
public final class V2Hierarchy implements CgroupHierarchy {
    /** The controllers behind Docker's limits; the freezer is built into every v2 cgroup. */
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "pids");

    private final CgroupMounts.Mount mount;
    private final CgroupFs fs;
    private final Syscalls sys;

    V2Hierarchy(CgroupMounts.Mount mount, CgroupFs fs, Syscalls sys) {
        this.mount = mount;
        this.fs = fs;
        this.sys = sys;
    }

    @Override
    public String version() {
        return "v2";
    }

    /** Where the v2 tree is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid machine). */
    @Override
    public Path fsRoot() {
        return mount.mountPoint();
    }

    /** Controllers the root offers (its cgroup.controllers). */
    public Set<String> availableControllers() {
        return controllersIn(fsRoot().resolve("cgroup.controllers"));
    }

    private static Set<String> controllersIn(Path file) {
        String s = CgroupFiles.read(file);
        return s == null || s.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(s.split("\\s+")));
    }

    @Override
    public boolean exists(String relativePath) {
        return Files.isDirectory(dirOf(relativePath));
    }

    private Path dirOf(String relativePath) {
        Path dir = fsRoot();
        for (String s : CgroupHierarchy.segments(relativePath)) dir = dir.resolve(s);
        return dir;
    }

    @Override
    public ContainerCgroup create(String relativePath, Limits limits) {
        limits.validate();
        List<String> segments = CgroupHierarchy.segments(relativePath);
        Path leaf = dirOf(relativePath); // there already: its mkdir below fails ("exists already"), and the walk is undone
        ShellLog log = new ShellLog(fs);
        List<Path> made = new ArrayList<>();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    Path dir = fsRoot();
                    for (int i = 0; i < segments.size(); i++) {
                        dir = dir.resolve(segments.get(i));
                        mkdirIfMissing(log, dir, made, i == segments.size() - 1);
                        if (i < segments.size() - 1) enableControllers(log, dir);
                    }
                    break;
                } catch (Creation.ParentVanished e) {
                    // another container's rm took an empty parent away meanwhile: walk again
                    if (attempt == Creation.WALK_ATTEMPTS) throw e;
                }
            }
            writeLimits(log, leaf, limits);
        } catch (RuntimeException e) {
            Creation.undo(fs, made, e);
            throw e;
        }
        return new ContainerCgroup(this, relativePath, node(leaf), log, sys);
    }

    private static void mkdirIfMissing(ShellLog log, Path dir, List<Path> made, boolean leaf) {
        // a parent that is there is only looked at (a failing mkdir costs two exceptions); if it
        // goes before its child is made, that is a ParentVanished
        if (!leaf && Files.isDirectory(dir)) return;
        try {
            log.mkdir(dir);
            made.add(dir);
        } catch (FileAlreadyExistsException e) {
            if (leaf) throw new CgroupException("cannot create cgroup " + dir + ": it exists already; remove it or choose another path", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Creation.ParentVanished(dir, e);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + CgroupFs.reason(e)
                    + (e instanceof java.nio.file.AccessDeniedException ? "; run as root" : ""), e);
        }
    }

    /** Hands memory, cpu and pids down to the children of {@code dir}, those that its own parent offers. */
    private static void enableControllers(ShellLog log, Path dir) {
        Set<String> offered = controllersIn(dir.resolve("cgroup.controllers"));
        Set<String> enabled = controllersIn(dir.resolve("cgroup.subtree_control"));
        List<String> wanted = CONTROLLERS.stream().filter(offered::contains).filter(c -> !enabled.contains(c)).toList();
        if (wanted.isEmpty()) return;
        String value = String.join(" ", wanted.stream().map(c -> "+" + c).toList());
        Creation.write(log, dir.resolve("cgroup.subtree_control"), value,
                "; a cgroup with processes of its own cannot hand controllers down (move them to a child first)");
    }

    private void writeLimits(ShellLog log, Path leaf, Limits limits) {
        Set<String> available = controllersIn(leaf.resolve("cgroup.controllers"));
        require(available, "memory", limits.memoryBytes() != null, "--memory", leaf);
        require(available, "cpu", limits.cpuQuotaMicros() != null, "--cpus", leaf);
        require(available, "pids", limits.pidsMax() != null, "--pids-limit", leaf);
        if (limits.memoryBytes() != null) {
            Creation.write(log, leaf.resolve("memory.max"), Long.toString(limits.memoryBytes()), "");
            // memory.swap.max is swap alone; Docker's --memory-swap is memory plus swap
            Path swapMax = leaf.resolve("memory.swap.max");
            if (Files.exists(swapMax)) {
                long total = limits.effectiveMemorySwapBytes();
                Creation.write(log, swapMax, total == -1 ? "max" : Long.toString(total - limits.memoryBytes()), "");
            }
        }
        if (limits.cpuQuotaMicros() != null) {
            Creation.write(log, leaf.resolve("cpu.max"), limits.cpuQuotaMicros() + " " + limits.cpuPeriodMicros(), "");
        }
        if (limits.pidsMax() != null) {
            Creation.write(log, leaf.resolve("pids.max"), Long.toString(limits.pidsMax()), "");
        }
    }

    private void require(Set<String> available, String controller, boolean needed, String flag, Path leaf) {
        if (needed && !available.contains(controller)) {
            // Glassbox's own parents hand down all they get, so the gap is above them, at the root
            throw new CgroupException("cannot set " + flag + " on " + leaf + ": the " + controller
                    + " controller is not available there (cgroup.controllers: \"" + String.join(" ", available)
                    + "\"); the root must hand it down: echo +" + controller + " > "
                    + fsRoot().resolve("cgroup.subtree_control"));
        }
    }

    @Override
    public ContainerCgroup open(String relativePath) {
        Path leaf = dirOf(relativePath);
        if (!Files.isDirectory(leaf)) {
            throw new CgroupException("no cgroup " + relativePath + " under " + fsRoot() + ": was the container removed?");
        }
        return new ContainerCgroup(this, relativePath, node(leaf), new ShellLog(fs), sys);
    }

    private CgroupNode node(Path leaf) {
        return new CgroupNode("v2", Map.of(CgroupNode.UNIFIED, new CgroupNode.Dir(leaf, mount)));
    }

    @Override
    public String toString() {
        return "cgroup v2 at " + fsRoot();
    }
}
