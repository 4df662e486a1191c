package dev.glassbox.quiz.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Answers the probes that need no container runtime by reading the host's /proc and /sys.
 * Roots are parameters so tests can point it at a fixture tree.
 *
 * <table>
 *   <caption>Probes</caption>
 *   <tr><td>{@code host.ns.entries}</td><td>entries in /proc/self/ns (proc(5))</td></tr>
 *   <tr><td>{@code host.cgroup.version}</td><td>2 if /sys/fs/cgroup is a cgroup2 root, else 1 (cgroups(7))</td></tr>
 *   <tr><td>{@code host.cap_last_cap}</td><td>/proc/sys/kernel/cap_last_cap (capabilities(7))</td></tr>
 *   <tr><td>{@code host.capabilities.count}</td><td>cap_last_cap + 1</td></tr>
 *   <tr><td>{@code host.kernel.release}</td><td>/proc/sys/kernel/osrelease, what {@code uname -r} prints</td></tr>
 *   <tr><td>{@code host.cpus.online}</td><td>number of CPUs in /sys/devices/system/cpu/online</td></tr>
 *   <tr><td>{@code host.cgroup.controllers.enabled}</td><td>enabled controllers in /proc/cgroups</td></tr>
 * </table>
 */
public final class HostLiveContext implements LiveContext {
    public static final List<String> PROBES = List.of("host.ns.entries", "host.cgroup.version",
            "host.cap_last_cap", "host.capabilities.count", "host.kernel.release", "host.cpus.online",
            "host.cgroup.controllers.enabled");

    private final Path proc;
    private final Path sys;

    public HostLiveContext() {
        this(Path.of("/proc"), Path.of("/sys"));
    }

    public HostLiveContext(Path proc, Path sys) {
        this.proc = proc;
        this.sys = sys;
    }

    @Override
    public boolean available() {
        return Files.isDirectory(proc.resolve("self")) || Files.isDirectory(proc.resolve("sys"));
    }

    @Override
    public String unavailableReason() {
        return proc + " is not readable (not Linux?)";
    }

    @Override
    public Optional<String> answer(String probeId, Map<String, String> params) {
        try {
            return switch (probeId) {
                case "host.ns.entries" -> Optional.of(Long.toString(count(proc.resolve("self/ns"))));
                case "host.cgroup.version" -> Optional.of(
                        Files.exists(sys.resolve("fs/cgroup/cgroup.controllers")) ? "2" : "1");
                case "host.cap_last_cap" -> read(proc.resolve("sys/kernel/cap_last_cap"));
                case "host.capabilities.count" -> read(proc.resolve("sys/kernel/cap_last_cap"))
                        .map(s -> Integer.toString(Integer.parseInt(s) + 1));
                case "host.kernel.release" -> read(proc.resolve("sys/kernel/osrelease"));
                case "host.cpus.online" -> read(sys.resolve("devices/system/cpu/online"))
                        .map(s -> Integer.toString(countCpuList(s)));
                case "host.cgroup.controllers.enabled" -> Optional.of(Long.toString(enabledControllers()));
                default -> Optional.empty();
            };
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /**
     * Reads a small kernel file. Not Files.readString: /proc and /sys files report size 0, and
     * sized reads of /proc/sys files can come back short; one large read through a stream is safe.
     */
    private static Optional<String> read(Path p) throws IOException {
        if (!Files.isReadable(p)) return Optional.empty();
        try (var in = Files.newInputStream(p)) {
            return Optional.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim());
        }
    }

    /** Counts a cpu list such as {@code 0-3,6,8-9} (cpuset(7) "List format"). */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            if (part.isBlank()) continue;
            String[] range = part.split("-");
            n += range.length == 1 ? 1 : Integer.parseInt(range[1].trim()) - Integer.parseInt(range[0].trim()) + 1;
        }
        return n;
    }

    /** /proc/cgroups: "#subsys_name hierarchy num_cgroups enabled" then one line per controller. */
    private long enabledControllers() throws IOException {
        return Files.readAllLines(proc.resolve("cgroups")).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.trim().split("\\s+"))
                .filter(f -> f.length >= 4 && f[3].equals("1"))
                .count();
    }
}
