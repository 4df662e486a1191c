package dev.glassbox.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One cgroup, read-only: its limits, live usage, processes and neighbours in the tree. Works
 * on any cgroup (Docker's, runc's, Podman's, systemd's).
 *
 * <p>In v2 a cgroup is one directory (key {@code "unified"}). In v1 it is one directory per
 * controller hierarchy, keyed by controller ({@code memory}, {@code cpu}, {@code cpuacct},
 * {@code pids}, {@code freezer}, {@code cpuset}; co-mounted controllers share a directory),
 * plus {@code "unified"} on a hybrid machine when the v2 tree holds the same path.
 */
public final class CgroupNode {
    public static final String UNIFIED = "unified";

    /** Where one of this cgroup's directories lives: the directory and the mount it belongs to. */
    record Dir(Path dir, CgroupMounts.Mount mount) {
        String cgroupPath() {
            return mount.pathOf(dir);
        }
    }

    private final String version;
    private final Map<String, Dir> dirs;

    CgroupNode(String version, Map<String, Dir> dirs) {
        if (!version.equals("v1") && !version.equals("v2")) throw new IllegalArgumentException("version " + version);
        this.version = version;
        this.dirs = Collections.unmodifiableMap(new LinkedHashMap<>(dirs));
    }

    /** "v1" or "v2": which files hold the limits. */
    public String version() {
        return version;
    }

    /** The cgroup's path as /proc/PID/cgroup shows it, e.g. "/docker/abc" ("/" is the root). */
    public String path() {
        Dir d = primary();
        return d == null ? "/" : d.cgroupPath();
    }

    /** Directory per controller (v1) or {@code "unified"} (v2). */
    public Map<String, Path> dirs() {
        Map<String, Path> out = new LinkedHashMap<>();
        dirs.forEach((k, v) -> out.put(k, v.dir()));
        return Collections.unmodifiableMap(out);
    }

    Map<String, Dir> locations() {
        return dirs;
    }

    /** True while its directories exist (a removed container's cgroup is gone). */
    public boolean exists() {
        Dir d = primary();
        return d != null && Files.isDirectory(d.dir());
    }

    private Dir primary() {
        if (version.equals("v2")) return dirs.get(UNIFIED);
        Dir memory = dirs.get("memory");
        if (memory != null) return memory;
        return dirs.values().stream().filter(d -> !d.mount().isV2()).findFirst().orElse(dirs.get(UNIFIED));
    }

    private Path file(String controller, String name) {
        Dir d = version.equals("v2") ? dirs.get(UNIFIED) : dirs.get(controller);
        return d == null ? null : d.dir().resolve(name);
    }

    private static String read(Path file) {
        return file == null ? null : CgroupFiles.read(file);
    }

    private static Map<String, Long> keyValues(Path file) {
        return file == null ? null : CgroupFiles.readKeyValues(file);
    }

    private static Long get(Map<String, Long> values, String key) {
        return values == null ? null : values.get(key);
    }

    /** The limits in force, read back from the files. */
    public Limits limits() {
        if (version.equals("v2")) {
            Long memory = CgroupFiles.readLong(file(UNIFIED, "memory.max"));
            String swap = read(file(UNIFIED, "memory.swap.max"));
            Long memorySwap = null;
            if (memory != null && swap != null) {
                memorySwap = swap.equals("max") ? -1L : memory + Long.parseLong(swap);
            }
            Long quota = null;
            long period = Limits.DEFAULT_CPU_PERIOD_MICROS;
            String cpuMax = read(file(UNIFIED, "cpu.max")); // "max 100000" or "150000 100000"
            if (cpuMax != null) {
                String[] f = cpuMax.split("\\s+");
                if (!f[0].equals("max")) quota = Long.parseLong(f[0]);
                if (f.length > 1) period = Long.parseLong(f[1]);
            }
            return new Limits(memory, memorySwap, quota, period, CgroupFiles.readLong(file(UNIFIED, "pids.max")));
        }
        Long memory = limitOrNull(file("memory", "memory.limit_in_bytes"));
        Path memswFile = file("memory", "memory.memsw.limit_in_bytes");
        Long memorySwap = null;
        if (memory != null && memswFile != null && Files.exists(memswFile)) {
            Long memsw = limitOrNull(memswFile);
            memorySwap = memsw == null ? -1L : memsw;
        }
        Long quota = CgroupFiles.readLong(file("cpu", "cpu.cfs_quota_us")); // -1 is no quota, normalised away
        Long period = CgroupFiles.readLong(file("cpu", "cpu.cfs_period_us"));
        return new Limits(memory, memorySwap, quota, period == null ? Limits.DEFAULT_CPU_PERIOD_MICROS : period,
                CgroupFiles.readLong(file("pids", "pids.max")));
    }

    private static Long limitOrNull(Path file) {
        return file == null ? null : CgroupFiles.readV1Limit(file);
    }

    /** Live usage: memory, CPU time and throttling, tasks, OOM counts. */
    public Usage usage() {
        if (version.equals("v2")) {
            Map<String, Long> cpu = keyValues(file(UNIFIED, "cpu.stat"));
            Map<String, Long> events = keyValues(file(UNIFIED, "memory.events"));
            Map<String, Long> pidsEvents = keyValues(file(UNIFIED, "pids.events"));
            return new Usage(CgroupFiles.readLong(file(UNIFIED, "memory.current")),
                    CgroupFiles.readLong(file(UNIFIED, "memory.peak")), get(events, "max"),
                    times1000(get(cpu, "usage_usec")), get(cpu, "nr_periods"), get(cpu, "nr_throttled"),
                    times1000(get(cpu, "throttled_usec")), CgroupFiles.readLong(file(UNIFIED, "pids.current")),
                    get(pidsEvents, "max"), get(events, "oom"), get(events, "oom_kill"));
        }
        Map<String, Long> cpu = keyValues(file("cpu", "cpu.stat"));
        Map<String, Long> oom = keyValues(file("memory", "memory.oom_control"));
        Map<String, Long> pidsEvents = keyValues(file("pids", "pids.events"));
        return new Usage(CgroupFiles.readLong(file("memory", "memory.usage_in_bytes")),
                CgroupFiles.readLong(file("memory", "memory.max_usage_in_bytes")),
                CgroupFiles.readLong(file("memory", "memory.failcnt")),
                CgroupFiles.readLong(file("cpuacct", "cpuacct.usage")), get(cpu, "nr_periods"), get(cpu, "nr_throttled"),
                get(cpu, "throttled_time"), CgroupFiles.readLong(file("pids", "pids.current")), get(pidsEvents, "max"),
                null, get(oom, "oom_kill"));
    }

    private static Long times1000(Long v) {
        return v == null ? null : v * 1000;
    }

    /** How many times the OOM killer killed in it, null when unknown; one file read (a container's end asks it). */
    Long oomKillsNow() {
        return version.equals("v2") ? get(keyValues(file(UNIFIED, "memory.events")), "oom_kill")
                : get(keyValues(file("memory", "memory.oom_control")), "oom_kill");
    }

    /** Memory in use, -1 when unknown; one file read (for the sampler). */
    long memoryBytesNow() {
        Long v = CgroupFiles.readLong(version.equals("v2") ? file(UNIFIED, "memory.current")
                : file("memory", "memory.usage_in_bytes"));
        return v == null ? -1 : v;
    }

    /** CPU time used in ns, -1 when unknown; one file read. */
    long cpuNanosNow() {
        if (version.equals("v1")) {
            Long v = CgroupFiles.readLong(file("cpuacct", "cpuacct.usage"));
            return v == null ? -1 : v;
        }
        Long v = get(keyValues(file(UNIFIED, "cpu.stat")), "usage_usec");
        return v == null ? -1 : v * 1000;
    }

    /** Tasks, -1 when unknown; one file read. */
    long pidsNow() {
        Long v = CgroupFiles.readLong(file("pids", "pids.current"));
        return v == null ? -1 : v;
    }

    /**
     * The processes (thread-group leaders) in it: cgroup.procs of the v2 directory, or in v1 of
     * the memory directory (a process's v1 controllers may sit at different paths; Docker,
     * runc and Podman keep them together).
     */
    public List<Integer> pids() {
        Dir d = primary();
        return d == null ? List.of() : CgroupFiles.readPids(d.dir().resolve("cgroup.procs"));
    }

    /** Processes in any of its directories: what must go before they can all be removed. */
    List<Integer> pidsInAnyDirectory() {
        TreeSet<Integer> pids = new TreeSet<>();
        for (Dir d : new java.util.LinkedHashSet<>(dirs.values())) {
            pids.addAll(CgroupFiles.readPids(d.dir().resolve("cgroup.procs")));
        }
        return List.copyOf(pids);
    }

    /** Frozen (docker pause): v1 freezer.state FROZEN, v2 cgroup.events "frozen 1". */
    public boolean frozen() {
        if (version.equals("v2")) return Long.valueOf(1).equals(get(keyValues(file(UNIFIED, "cgroup.events")), "frozen"));
        return "FROZEN".equals(read(file("freezer", "freezer.state")));
    }

    /** The cgroup one level up, empty at the top of what the mounts show. */
    public Optional<CgroupNode> parent() {
        Map<String, Dir> up = new LinkedHashMap<>();
        dirs.forEach((key, d) -> {
            if (!d.dir().equals(d.mount().mountPoint())) up.put(key, new Dir(d.dir().getParent(), d.mount()));
        });
        if (up.isEmpty() || (version.equals("v2") && !up.containsKey(UNIFIED))) return Optional.empty();
        return Optional.of(new CgroupNode(version, up));
    }

    /** The child cgroups, by name; in v1 a child appears in the hierarchies where that directory exists. */
    public List<CgroupNode> children() {
        Map<String, Map<String, Dir>> byName = new java.util.TreeMap<>();
        String path = path();
        dirs.forEach((key, d) -> {
            // a v1 process may sit elsewhere in another hierarchy (at its root, say, where a
            // controller was not given a cgroup): that directory's children are not this node's
            if (!d.cgroupPath().equals(path)) return;
            for (String name : CgroupFiles.childNames(d.dir())) {
                byName.computeIfAbsent(name, n -> new LinkedHashMap<>()).put(key, new Dir(d.dir().resolve(name), d.mount()));
            }
        });
        List<CgroupNode> children = new ArrayList<>();
        byName.forEach((name, childDirs) -> {
            if (version.equals("v2") || childDirs.keySet().stream().anyMatch(k -> !k.equals(UNIFIED))) {
                children.add(new CgroupNode(version, childDirs));
            }
        });
        return children;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CgroupNode n && n.version.equals(version) && n.dirs().equals(dirs());
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, dirs());
    }

    @Override
    public String toString() {
        return version + ":" + path();
    }
}
