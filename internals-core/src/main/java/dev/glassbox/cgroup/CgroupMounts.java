package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroup file systems in a mount table (proc(5), {@code /proc/PID/mountinfo}): where each
 * v1 controller and the v2 tree are mounted, and which cgroup each mount shows as its root.
 *
 * <p>Mount points are absolute in the table. To read a fixture tree, the table is taken
 * relative to a "host root": with {@code fsRoot = /tmp/f/sys/fs/cgroup} and a table that
 * mounts {@code /sys/fs/cgroup}, the host root is {@code /tmp/f} and every mount point is
 * moved under it. On the real system the host root is {@code /}.
 */
public record CgroupMounts(List<Mount> mounts) {

    /** Controllers of cgroup v1 (and named hierarchies such as name=systemd) as they appear in super options. */
    private static final Set<String> V1_CONTROLLERS = Set.of("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
            "net_cls", "net_prio", "blkio", "perf_event", "hugetlb", "pids", "rdma", "misc");

    /**
     * One cgroup mount.
     *
     * @param mountPoint  where it is mounted (moved under the host root)
     * @param root        the cgroup shown at the mount point ("/" unless a sub-tree was bind-mounted)
     * @param fsType      "cgroup" (v1) or "cgroup2"
     * @param controllers v1 controllers of this hierarchy, e.g. [cpu, cpuacct] or [name=systemd]; empty for v2
     */
    public record Mount(Path mountPoint, String root, String fsType, Set<String> controllers) {
        public boolean isV2() {
            return fsType.equals("cgroup2");
        }

        /** The directory of a cgroup path such as "/docker/abc", or empty when this mount does not show it. */
        public Optional<Path> dirOf(String cgroupPath) {
            String rel;
            if (root.equals("/")) {
                rel = cgroupPath;
            } else if (cgroupPath.equals(root) || cgroupPath.startsWith(root + "/")) {
                rel = cgroupPath.substring(root.length());
            } else {
                return Optional.empty();
            }
            rel = rel.replaceAll("^/+", "");
            return Optional.of(rel.isEmpty() ? mountPoint : mountPoint.resolve(rel));
        }

        /** The cgroup path of a directory under this mount, "/" for the mount point itself. */
        public String pathOf(Path dir) {
            String rel = mountPoint.relativize(dir).toString();
            String base = root.equals("/") ? "" : root;
            return rel.isEmpty() ? (base.isEmpty() ? "/" : base) : base + "/" + rel;
        }
    }

    public CgroupMounts {
        mounts = List.copyOf(mounts);
    }

    /** Reads a mountinfo file whose mount points are relative to the host root that {@code fsRoot} implies. */
    public static CgroupMounts read(Path mountinfo, Path fsRoot) {
        try {
            return parse(Files.readString(mountinfo), fsRoot);
        } catch (IOException e) {
            throw new CgroupException("cannot read the mount table " + mountinfo + ": " + CgroupFs.reason(e), e);
        }
    }

    /**
     * Parses mountinfo text. {@code fsRoot} is where the cgroup file systems are expected
     * ({@code /sys/fs/cgroup} on the real system) and fixes the host root (see the class comment).
     */
    public static CgroupMounts parse(String mountinfo, Path fsRoot) {
        List<String[]> rows = new ArrayList<>();
        for (String line : mountinfo.split("\n")) {
            if (line.isBlank()) continue;
            // 36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            int dash = line.indexOf(" - ");
            if (dash < 0) continue;
            String[] left = line.substring(0, dash).split(" ");
            String[] right = line.substring(dash + 3).split(" ");
            if (left.length < 5 || right.length < 3) continue;
            rows.add(new String[] {unescape(left[3]), unescape(left[4]), right[0], right[2]});
        }
        Path hostRoot = hostRoot(rows, fsRoot.toAbsolutePath().normalize());
        List<Mount> mounts = new ArrayList<>();
        for (String[] row : rows) {
            String fsType = row[2];
            if (!fsType.equals("cgroup") && !fsType.equals("cgroup2")) continue;
            Set<String> controllers = new LinkedHashSet<>();
            if (fsType.equals("cgroup")) {
                for (String option : row[3].split(",")) {
                    if (V1_CONTROLLERS.contains(option) || option.startsWith("name=")) controllers.add(option);
                }
            }
            Path mountPoint = hostRoot.resolve(Path.of("/").relativize(Path.of(row[1])));
            mounts.add(new Mount(mountPoint, row[0], fsType, Collections.unmodifiableSet(controllers)));
        }
        return new CgroupMounts(mounts);
    }

    /** The prefix that turns the table's mount point for fsRoot into fsRoot itself ("/" on the real system). */
    private static Path hostRoot(List<String[]> rows, Path fsRoot) {
        Path best = null;
        int bestLength = -1;
        for (String[] row : rows) {
            Path mountPoint = Path.of(row[1]);
            if (mountPoint.getNameCount() == 0) continue;
            Path tail = Path.of("/").relativize(mountPoint);
            if (fsRoot.endsWith(tail) && tail.getNameCount() > bestLength) {
                bestLength = tail.getNameCount();
                Path prefix = fsRoot;
                for (int i = 0; i < tail.getNameCount(); i++) prefix = prefix.getParent();
                best = prefix;
            }
        }
        return best == null ? Path.of("/") : best;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal (\040). */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The v1 hierarchy holding {@code controller}; a mount under {@code preferUnder} wins over
     * others (a container may see the same hierarchy mounted twice).
     */
    public Optional<Mount> v1(String controller, Path preferUnder) {
        return pick(mounts.stream().filter(m -> !m.isV2() && m.controllers().contains(controller)).toList(), preferUnder);
    }

    /** The v1 hierarchy with exactly these controllers, as listed on a /proc/PID/cgroup line. */
    public Optional<Mount> v1(Set<String> controllers, Path preferUnder) {
        return pick(mounts.stream().filter(m -> !m.isV2() && m.controllers().equals(controllers)).toList(), preferUnder);
    }

    /** The cgroup2 mount. */
    public Optional<Mount> unified(Path preferUnder) {
        return pick(mounts.stream().filter(Mount::isV2).toList(), preferUnder);
    }

    private static Optional<Mount> pick(List<Mount> candidates, Path preferUnder) {
        Path under = preferUnder.toAbsolutePath().normalize();
        return candidates.stream().filter(m -> m.mountPoint().startsWith(under)).findFirst()
                .or(() -> candidates.stream().findFirst());
    }
}
