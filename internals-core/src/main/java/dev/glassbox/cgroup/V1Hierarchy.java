package dev.glassbox.cgroup;

import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * cgroup v1: one tree per controller, so a container's cgroup is one directory in each of
 * memory, cpu, cpuacct, cpuset, pids and freezer (those that are mounted; co-mounted ones such
 * as "cpu,cpuacct" share a directory). On a hybrid machine the container also gets a
 * directory in the controller-less v2 tree, as runc does, so its /proc/PID/cgroup "0::" line
 * names it too.
 */
public final class V1Hierarchy implements CgroupHierarchy {
    private final Path fsRoot;
    private final Map<String, CgroupMounts.Mount> controllers;
    private final CgroupMounts.Mount unified;
    private final CgroupFs fs;
    private final Syscalls sys;

    V1Hierarchy(Path fsRoot, Map<String, CgroupMounts.Mount> controllers, CgroupMounts.Mount unified, CgroupFs fs, Syscalls sys) {
        this.fsRoot = fsRoot;
        this.controllers = Collections.unmodifiableMap(new LinkedHashMap<>(controllers));
        this.unified = unified;
        this.fs = fs;
        this.sys = sys;
    }

    @Override
    public String version() {
        return "v1";
    }

    @Override
    public Path fsRoot() {
        return fsRoot;
    }

    /** The mounted controllers Glassbox uses, each with the mount that holds it. */
    public Map<String, Path> controllerMounts() {
        Map<String, Path> out = new LinkedHashMap<>();
        controllers.forEach((c, m) -> out.put(c, m.mountPoint()));
        return Collections.unmodifiableMap(out);
    }

    /** The controller-less v2 tree of a hybrid machine (/sys/fs/cgroup/unified). */
    public Optional<Path> unifiedMount() {
        return Optional.ofNullable(unified).map(CgroupMounts.Mount::mountPoint);
    }

    private Map<String, CgroupNode.Dir> dirsOf(String relativePath) {
        List<String> segments = CgroupHierarchy.segments(relativePath);
        Map<String, CgroupNode.Dir> dirs = new LinkedHashMap<>();
        controllers.forEach((c, m) -> dirs.put(c, new CgroupNode.Dir(resolve(m.mountPoint(), segments), m)));
        if (unified != null) dirs.put(CgroupNode.UNIFIED, new CgroupNode.Dir(resolve(unified.mountPoint(), segments), unified));
        return dirs;
    }

    private static Path resolve(Path base, List<String> segments) {
        Path dir = base;
        for (String s : segments) dir = dir.resolve(s);
        return dir;
    }

    @Override
    public boolean exists(String relativePath) {
        return dirsOf(relativePath).values().stream().anyMatch(d -> Files.isDirectory(d.dir()));
    }

    @Override
    public ContainerCgroup create(String relativePath, Limits limits) {
        limits.validate();
        require("memory", limits.memoryBytes() != null, "--memory");
        require("cpu", limits.cpuQuotaMicros() != null, "--cpus");
        require("pids", limits.pidsMax() != null, "--pids-limit");
        List<String> segments = CgroupHierarchy.segments(relativePath);
        Map<String, CgroupNode.Dir> dirs = dirsOf(relativePath);
        // a leaf there already fails its mkdir below ("exists already"), and what was made before it is undone
        ShellLog log = new ShellLog(fs);
        List<Path> made = new ArrayList<>();
        try {
            // one walk per distinct mount: "cpu" and "cpuacct" may be the same tree
            List<Path> mountPoints = dirs.values().stream().map(d -> d.mount().mountPoint()).distinct().toList();
            for (Path mountPoint : mountPoints) {
                boolean cpuset = isMountOf("cpuset", mountPoint);
                for (int attempt = 1; ; attempt++) {
                    try {
                        Path dir = mountPoint;
                        for (int i = 0; i < segments.size(); i++) {
                            dir = dir.resolve(segments.get(i));
                            boolean madeNow = mkdirIfMissing(log, dir, made, i == segments.size() - 1);
                            // a new cpuset starts with no CPUs and no memory nodes, and no task may join it then
                            if (cpuset && madeNow) inheritCpuset(log, dir);
                        }
                        break;
                    } catch (Creation.ParentVanished e) {
                        if (attempt == Creation.WALK_ATTEMPTS) throw e;
                    }
                }
            }
            writeLimits(log, dirs, limits);
        } catch (RuntimeException e) {
            Creation.undo(fs, made, e);
            throw e;
        }
        return new ContainerCgroup(this, relativePath, new CgroupNode("v1", dirs), log, sys);
    }

    private boolean isMountOf(String controller, Path mountPoint) {
        CgroupMounts.Mount m = controllers.get(controller);
        return m != null && m.mountPoint().equals(mountPoint);
    }

    private void require(String controller, boolean needed, String flag) {
        if (needed && !controllers.containsKey(controller)) {
            throw new CgroupException("cannot set " + flag + ": the v1 " + controller + " controller is not mounted under "
                    + fsRoot + "; mount it with: mkdir " + fsRoot + "/" + controller + " && mount -t cgroup -o "
                    + controller + " " + controller + " " + fsRoot + "/" + controller);
        }
    }

    private static boolean mkdirIfMissing(ShellLog log, Path dir, List<Path> made, boolean leaf) {
        // a parent that is there (the engine keeps its own between containers) is only looked at:
        // a failing mkdir costs two exceptions; if it goes before its child is made, that is a ParentVanished
        if (!leaf && Files.isDirectory(dir)) return false;
        try {
            log.mkdir(dir);
            made.add(dir);
            return true;
        } catch (FileAlreadyExistsException e) {
            if (leaf) throw new CgroupException("cannot create cgroup " + dir + ": it exists already; remove it or choose another path", e);
            return false;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Creation.ParentVanished(dir, e);
        } catch (IOException e) {
            throw new CgroupException("cannot create cgroup " + dir + ": " + CgroupFs.reason(e)
                    + (e instanceof java.nio.file.AccessDeniedException ? "; run as root" : ""), e);
        }
    }

    private static void inheritCpuset(ShellLog log, Path dir) {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            String mine = CgroupFiles.read(dir.resolve(file));
            if (mine == null || !mine.isEmpty()) continue;
            String parents = CgroupFiles.read(dir.getParent().resolve(file));
            if (parents != null && !parents.isEmpty()) Creation.write(log, dir.resolve(file), parents, "");
        }
    }

    /** Memory before memory+swap: the kernel insists memory.limit_in_bytes <= memory.memsw.limit_in_bytes at all times. */
    private static void writeLimits(ShellLog log, Map<String, CgroupNode.Dir> dirs, Limits limits) {
        if (limits.memoryBytes() != null) {
            Path memory = dirs.get("memory").dir();
            Creation.write(log, memory.resolve("memory.limit_in_bytes"), Long.toString(limits.memoryBytes()), "");
            Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
            // absent when the kernel does not account swap (swapaccount=0): Docker then skips it too
            if (Files.exists(memsw)) {
                Creation.write(log, memsw, Long.toString(limits.effectiveMemorySwapBytes()), "");
            }
        }
        if (limits.cpuQuotaMicros() != null) {
            Path cpu = dirs.get("cpu").dir();
            Creation.write(log, cpu.resolve("cpu.cfs_period_us"), Long.toString(limits.cpuPeriodMicros()), "");
            Creation.write(log, cpu.resolve("cpu.cfs_quota_us"), Long.toString(limits.cpuQuotaMicros()), "");
        }
        if (limits.pidsMax() != null) {
            Creation.write(log, dirs.get("pids").dir().resolve("pids.max"), Long.toString(limits.pidsMax()), "");
        }
    }

    @Override
    public ContainerCgroup open(String relativePath) {
        Map<String, CgroupNode.Dir> dirs = new LinkedHashMap<>(dirsOf(relativePath));
        dirs.values().removeIf(d -> !Files.isDirectory(d.dir()));
        if (dirs.isEmpty() || dirs.keySet().stream().allMatch(CgroupNode.UNIFIED::equals)) {
            throw new CgroupException("no cgroup " + relativePath + " under " + fsRoot + ": was the container removed?");
        }
        return new ContainerCgroup(this, relativePath, new CgroupNode("v1", dirs), new ShellLog(fs), sys);
    }

    @Override
    public String toString() {
        return "cgroup v1 at " + fsRoot + " " + controllerMounts() + (unified == null ? "" : " + unified " + unified.mountPoint());
    }
}
