package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads the cgroup of any process, read-only. The inspectors use it on Glassbox,
 * Docker, runc and Podman containers alike: the kernel's files are the same whoever made the
 * cgroup. Roots are injectable so fixtures work.
 */
public final class CgroupReader {
    /** The v1 controllers whose files Glassbox reads. */
    static final List<String> V1_CONTROLLERS = List.of("cpuset", "cpu", "cpuacct", "memory", "pids", "freezer");

    private final Path procRoot;
    private final Path fsRoot;
    private final CgroupMounts mounts;

    public CgroupReader(Path procRoot, Path fsRoot, CgroupMounts mounts) {
        this.procRoot = procRoot;
        this.fsRoot = fsRoot;
        this.mounts = mounts;
    }

    /** This machine: /proc, /sys/fs/cgroup and our own mount table. */
    public static CgroupReader host() {
        return at(Path.of("/proc"), Path.of("/sys/fs/cgroup"), Path.of("/proc/self/mountinfo"));
    }

    /** A fixture: a /proc-like tree, a cgroup tree and a mountinfo file that describes it. */
    public static CgroupReader at(Path procRoot, Path fsRoot, Path mountinfo) {
        return new CgroupReader(procRoot, fsRoot, CgroupMounts.read(mountinfo, fsRoot));
    }

    public CgroupMounts mounts() {
        return mounts;
    }

    /**
     * How the machine's controllers are mounted: "v2" (one cgroup2 tree), "hybrid" (v1
     * controllers plus a cgroup2 tree) or "v1".
     */
    public String layout() {
        boolean v1 = V1_CONTROLLERS.stream().anyMatch(c -> mounts.v1(c, fsRoot).isPresent());
        boolean v2 = mounts.unified(fsRoot).isPresent();
        if (v1) return v2 ? "hybrid" : "v1";
        if (v2) return "v2";
        throw new CgroupException("no cgroup file system is mounted (looked under " + fsRoot
                + "): mount one with: mount -t cgroup2 none /sys/fs/cgroup");
    }

    /** The cgroups of a process, from /proc/PID/cgroup. */
    public ProcessCgroups of(int pid) {
        Path file = procRoot.resolve(Integer.toString(pid)).resolve("cgroup");
        try {
            return parse(pid, Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CgroupException("no process " + pid + " (" + file + " does not exist): check the PID with ps");
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + ": " + CgroupFs.reason(e), e);
        }
    }

    /** Maps the text of a /proc/PID/cgroup file to directories through the mount table. */
    public ProcessCgroups parse(int pid, String procPidCgroup) {
        List<ProcessCgroups.Line> lines = ProcessCgroups.parse(procPidCgroup);
        Map<String, CgroupNode.Dir> dirs = new LinkedHashMap<>();
        boolean anyV1 = false;
        for (ProcessCgroups.Line line : lines) {
            if (line.isV2()) continue;
            Optional<CgroupMounts.Mount> mount = mounts.v1(line.controllers(), fsRoot);
            if (mount.isEmpty()) continue;
            Optional<Path> dir = mount.get().dirOf(line.path());
            if (dir.isEmpty()) continue;
            for (String controller : line.controllers()) {
                if (V1_CONTROLLERS.contains(controller)) {
                    dirs.put(controller, new CgroupNode.Dir(dir.get(), mount.get()));
                    anyV1 = true;
                }
            }
        }
        for (ProcessCgroups.Line line : lines) {
            if (!line.isV2()) continue;
            mounts.unified(fsRoot).ifPresent(m -> m.dirOf(line.path())
                    .ifPresent(dir -> dirs.put(CgroupNode.UNIFIED, new CgroupNode.Dir(dir, m))));
        }
        CgroupNode node = dirs.isEmpty() ? null : new CgroupNode(anyV1 ? "v1" : "v2", dirs);
        return new ProcessCgroups(pid, lines, node);
    }

    /** The cgroup at a path such as "/docker/abc" ("/" for the root), in every hierarchy that is mounted. */
    public CgroupNode node(String cgroupPath) {
        Map<String, CgroupNode.Dir> dirs = new LinkedHashMap<>();
        boolean v1 = false;
        for (String controller : V1_CONTROLLERS) {
            Optional<CgroupMounts.Mount> m = mounts.v1(controller, fsRoot);
            if (m.isPresent()) {
                Optional<Path> dir = m.get().dirOf(cgroupPath);
                if (dir.isPresent()) {
                    dirs.put(controller, new CgroupNode.Dir(dir.get(), m.get()));
                    v1 = true;
                }
            }
        }
        mounts.unified(fsRoot).ifPresent(m -> m.dirOf(cgroupPath)
                .ifPresent(dir -> dirs.put(CgroupNode.UNIFIED, new CgroupNode.Dir(dir, m))));
        if (dirs.isEmpty()) {
            throw new CgroupException("cgroup " + cgroupPath + " is not visible in any mounted hierarchy under " + fsRoot);
        }
        return new CgroupNode(v1 ? "v1" : "v2", dirs);
    }

    /** The top of the tree, to walk with {@link CgroupNode#children()}. */
    public CgroupNode root() {
        return node("/");
    }
}
