package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plays the kernel's part on an ordinary directory tree: {@code mkdir} fills the new cgroup
 * with the interface files its controllers have (with the kernel's initial values), writes to
 * the files that are commands (cgroup.subtree_control, cgroup.procs, cgroup.freeze,
 * cgroup.kill) change state as the kernel would, and {@code rmdir} refuses a cgroup with
 * processes or children (EBUSY) and takes its files with it.
 */
class FixtureKernel implements CgroupFs {
    private final Path v2Root;
    private boolean swapAccounting = true;
    private final Map<Path, Set<String>> v1Mounts = new LinkedHashMap<>();

    /** A v2 tree rooted at {@code v2Root} (null for none). */
    FixtureKernel(Path v2Root) {
        this.v2Root = v2Root;
    }

    /** A v1 hierarchy: the controllers are the mount directory's name, e.g. "cpu,cpuacct". */
    FixtureKernel v1(Path mountPoint) {
        v1Mounts.put(mountPoint, Set.of(mountPoint.getFileName().toString().split(",")));
        return this;
    }

    /** As a kernel booted with swapaccount=0: no memory.memsw.* files. */
    FixtureKernel withoutSwapAccounting() {
        swapAccounting = false;
        return this;
    }

    private static void put(Path dir, String name, String value) throws IOException {
        Files.writeString(dir.resolve(name), value);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir); // FileAlreadyExistsException like EEXIST
        put(dir, "cgroup.procs", "");
        for (Map.Entry<Path, Set<String>> m : v1Mounts.entrySet()) {
            if (dir.startsWith(m.getKey())) {
                populateV1(dir, m.getValue());
                return;
            }
        }
        if (v2Root != null && dir.startsWith(v2Root)) populateV2(dir);
    }

    private void populateV1(Path dir, Set<String> controllers) throws IOException {
        put(dir, "tasks", "");
        put(dir, "notify_on_release", "0\n");
        put(dir, "cgroup.clone_children", "0\n");
        String unlimited = "9223372036854771712\n";
        for (String c : controllers) {
            switch (c) {
                case "memory" -> {
                    put(dir, "memory.limit_in_bytes", unlimited);
                    if (swapAccounting) put(dir, "memory.memsw.limit_in_bytes", unlimited);
                    put(dir, "memory.usage_in_bytes", "0\n");
                    put(dir, "memory.max_usage_in_bytes", "0\n");
                    put(dir, "memory.failcnt", "0\n");
                    put(dir, "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
                }
                case "cpu" -> {
                    put(dir, "cpu.cfs_quota_us", "-1\n");
                    put(dir, "cpu.cfs_period_us", "100000\n");
                    put(dir, "cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\n");
                }
                case "cpuacct" -> put(dir, "cpuacct.usage", "0\n");
                case "pids" -> {
                    put(dir, "pids.max", "max\n");
                    put(dir, "pids.current", "0\n");
                    put(dir, "pids.events", "max 0\n");
                }
                case "freezer" -> put(dir, "freezer.state", "THAWED\n");
                case "cpuset" -> {
                    put(dir, "cpuset.cpus", "\n"); // empty until someone writes it: clone_children is 0
                    put(dir, "cpuset.mems", "\n");
                }
                default -> { }
            }
        }
    }

    private static void populateV2(Path dir) throws IOException {
        String handedDown = Files.readString(dir.getParent().resolve("cgroup.subtree_control")).trim();
        Set<String> controllers = new LinkedHashSet<>(handedDown.isEmpty() ? List.of() : Arrays.asList(handedDown.split("\\s+")));
        put(dir, "cgroup.controllers", String.join(" ", controllers) + "\n");
        put(dir, "cgroup.subtree_control", "\n");
        put(dir, "cgroup.type", "domain\n");
        put(dir, "cgroup.freeze", "0\n");
        put(dir, "cgroup.kill", "");
        put(dir, "cgroup.events", "populated 0\nfrozen 0\n");
        put(dir, "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
        if (controllers.contains("memory")) {
            put(dir, "memory.max", "max\n");
            put(dir, "memory.swap.max", "max\n");
            put(dir, "memory.current", "0\n");
            put(dir, "memory.peak", "0\n");
            put(dir, "memory.events", "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\noom_group_kill 0\n");
        }
        if (controllers.contains("cpu")) {
            put(dir, "cpu.max", "max 100000\n");
            put(dir, "cpu.weight", "100\n");
            put(dir, "cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\n");
        }
        if (controllers.contains("pids")) {
            put(dir, "pids.max", "max\n");
            put(dir, "pids.current", "0\n");
            put(dir, "pids.events", "max 0\n");
        }
    }

    @Override
    public void rmdir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new NoSuchFileException(dir.toString());
        String procs = Files.exists(dir.resolve("cgroup.procs")) ? Files.readString(dir.resolve("cgroup.procs")).trim() : "";
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.toList();
        }
        if (!procs.isEmpty() || entries.stream().anyMatch(Files::isDirectory)) {
            throw new FileSystemException(dir.toString(), null, "Device or resource busy");
        }
        for (Path p : entries) Files.delete(p);
        Files.delete(dir);
    }

    @Override
    public void write(Path file, String value) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString());
        Path dir = file.getParent();
        switch (file.getFileName().toString()) {
            case "cgroup.subtree_control" -> {
                Set<String> offered = Set.of(Files.readString(dir.resolve("cgroup.controllers")).trim().split("\\s+"));
                Set<String> enabled = new LinkedHashSet<>(List.of(Files.readString(file).trim().split("\\s+")));
                enabled.remove("");
                for (String change : value.trim().split("\\s+")) {
                    String c = change.substring(1);
                    if (!offered.contains(c)) throw new FileSystemException(file.toString(), null, "No such file or directory");
                    if (change.startsWith("+")) enabled.add(c); else enabled.remove(c);
                }
                Files.writeString(file, String.join(" ", enabled) + "\n");
            }
            case "cgroup.procs" -> {
                List<String> pids = new ArrayList<>(Files.readString(file).lines().filter(l -> !l.isBlank()).toList());
                pids.add(value.trim());
                Files.writeString(file, String.join("\n", pids) + "\n");
            }
            case "cgroup.freeze" -> {
                Files.writeString(file, value.trim() + "\n");
                String events = Files.readString(dir.resolve("cgroup.events")).replaceAll("frozen \\d", "frozen " + value.trim());
                Files.writeString(dir.resolve("cgroup.events"), events);
            }
            case "cgroup.kill" -> Files.writeString(dir.resolve("cgroup.procs"), "");
            default -> Files.writeString(file, value + "\n");
        }
    }
}
