package dev.glassbox.cgroup;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where Glassbox makes container cgroups: a v2 tree, or the v1 controller hierarchies (also
 * on a hybrid machine, whose v2 tree has no controllers to limit anything with).
 *
 * <p>A relative path such as {@code "glassbox/<id>"} names the container's cgroup below the
 * root of each hierarchy. Its leading segments ({@code "glassbox"}) are a parent that belongs
 * to Glassbox: it is made when missing, gets controllers enabled (v2), and is removed with
 * the last container in it ({@link ContainerCgroup#destroy}), or, by an engine that keeps it
 * between its containers, when that engine closes ({@link #removeIfEmpty}). Pass only paths
 * under a parent you own.
 */
public sealed interface CgroupHierarchy permits V1Hierarchy, V2Hierarchy {

    /** The machine's cgroups: /sys/fs/cgroup and our mount table. */
    static CgroupHierarchy detect(Syscalls sys) {
        return at(Path.of("/sys/fs/cgroup"), Path.of("/proc/self/mountinfo"), sys);
    }

    /** Cgroups at {@code fsRoot} on the kernel's file systems, mounts described by {@code mountinfo}. */
    static CgroupHierarchy at(Path fsRoot, Path mountinfo, Syscalls sys) {
        return at(fsRoot, mountinfo, sys, CgroupFs.kernel());
    }

    /**
     * As {@link #at(Path, Path, Syscalls)}, changing files through {@code fs}: a fixture passes
     * one that fills a new directory with interface files as the kernel would.
     *
     * <p>statfs(2) tells the layout: cgroup2 at the root is v2; a tmpfs holds v1 controller
     * mounts (and maybe a v2 tree at "unified", which is hybrid), found in the mount table.
     */
    static CgroupHierarchy at(Path fsRoot, Path mountinfo, Syscalls sys, CgroupFs fs) {
        long type = sys.statfsType(fsRoot);
        CgroupMounts mounts = CgroupMounts.read(mountinfo, fsRoot);
        if (type == Kernel.CGROUP2_SUPER_MAGIC) {
            CgroupMounts.Mount mount = mounts.unified(fsRoot).filter(m -> m.mountPoint().equals(fsRoot))
                    .orElse(new CgroupMounts.Mount(fsRoot, "/", "cgroup2", java.util.Set.of()));
            return new V2Hierarchy(mount, fs, sys);
        }
        if (type != Kernel.TMPFS_MAGIC) {
            throw new CgroupException("no cgroup file system at " + fsRoot + " (statfs f_type 0x" + Long.toHexString(type)
                    + "): mount one with: mount -t cgroup2 none " + fsRoot);
        }
        Map<String, CgroupMounts.Mount> v1 = new LinkedHashMap<>();
        for (String controller : CgroupReader.V1_CONTROLLERS) {
            Optional<CgroupMounts.Mount> m = mounts.v1(controller, fsRoot).filter(x -> x.mountPoint().startsWith(fsRoot));
            if (m.isPresent() && sys.statfsType(m.get().mountPoint()) == Kernel.CGROUP_SUPER_MAGIC) {
                v1.put(controller, m.get());
            }
        }
        Optional<CgroupMounts.Mount> unified = mounts.unified(fsRoot)
                .filter(m -> m.mountPoint().startsWith(fsRoot) && sys.statfsType(m.mountPoint()) == Kernel.CGROUP2_SUPER_MAGIC);
        if (!v1.isEmpty()) return new V1Hierarchy(fsRoot, v1, unified.orElse(null), fs, sys);
        if (unified.isPresent()) return new V2Hierarchy(unified.get(), fs, sys);
        throw new CgroupException("no cgroup controllers are mounted under " + fsRoot
                + ": mount them with: mount -t cgroup2 none " + fsRoot);
    }

    /** "v1" (also on a hybrid machine) or "v2". */
    String version();

    /** The directory the hierarchy is found under, e.g. /sys/fs/cgroup. */
    Path fsRoot();

    /**
     * Makes the cgroup {@code relativePath} (e.g. "glassbox/abc") with {@code limits} written
     * into it. It must not exist yet. On any failure, removes whatever it made.
     */
    ContainerCgroup create(String relativePath, Limits limits);

    /** Finds a cgroup made earlier (e.g. by a Glassbox that has since restarted). */
    ContainerCgroup open(String relativePath);

    /** True when the cgroup's directory exists. */
    boolean exists(String relativePath);

    /**
     * Removes the cgroup {@code relativePath} (a parent of containers' cgroups) and then its own
     * parents, in every hierarchy, where nothing is left in them; one that still holds a
     * container's cgroup stays, quietly. Nothing there: nothing done.
     */
    default void removeIfEmpty(String relativePath) {
        ContainerCgroup cg;
        try {
            cg = open(relativePath);
        } catch (CgroupException none) {
            return;
        }
        cg.removeIfEmpty();
    }

    /** Splits and checks a relative cgroup path: no empty, "." or ".." segments, not absolute. */
    static List<String> segments(String relativePath) {
        if (relativePath == null || relativePath.isBlank() || relativePath.startsWith("/") || relativePath.contains("\n")) {
            throw new IllegalArgumentException("invalid cgroup path \"" + relativePath
                    + "\": use a relative path such as glassbox/<container id>");
        }
        List<String> segments = new ArrayList<>();
        for (String s : relativePath.split("/", -1)) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("invalid cgroup path \"" + relativePath
                        + "\": use a relative path such as glassbox/<container id>, without empty, . or .. parts");
            }
            segments.add(s);
        }
        return segments;
    }
}
