package dev.glassbox.inspect;

import dev.glassbox.cgroup.CgroupMounts;
import dev.glassbox.cgroup.CgroupReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A v1 cgroup {@code /glassbox-test-RANDOM} a test makes in the memory, cpu, cpuacct and pids
 * hierarchies of this machine, and removes on close, deepest directory first. Only the
 * directories it made are touched; processes in them are the test's own and are killed first.
 */
final class TestCgroupV1 implements AutoCloseable {
    static final List<String> CONTROLLERS = List.of("memory", "cpu", "cpuacct", "pids");
    final String name = "glassbox-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Set<Path> mounts = new LinkedHashSet<>();
    private final CgroupMounts table;

    TestCgroupV1() {
        table = CgroupReader.host().mounts();
        for (String c : CONTROLLERS) {
            table.v1(c, Path.of("/sys/fs/cgroup")).ifPresent(m -> mounts.add(m.mountPoint()));
        }
    }

    /** Whether this machine mounts all four v1 controllers. */
    boolean available() {
        return CONTROLLERS.stream().allMatch(c -> table.v1(c, Path.of("/sys/fs/cgroup")).isPresent());
    }

    /** The directory of {@code /name/sub} in {@code controller}'s hierarchy. */
    Path dir(String controller, String sub) {
        Path m = table.v1(controller, Path.of("/sys/fs/cgroup")).orElseThrow().mountPoint();
        return sub.isEmpty() ? m.resolve(name) : m.resolve(name).resolve(sub);
    }

    /** Makes {@code /name/sub} in every hierarchy. */
    void mkdirs(String sub) throws IOException {
        for (Path m : mounts) Files.createDirectories(sub.isEmpty() ? m.resolve(name) : m.resolve(name).resolve(sub));
    }

    void write(String controller, String sub, String file, String value) throws IOException {
        Files.writeString(dir(controller, sub).resolve(file), value);
    }

    /** Moves {@code pid} into {@code /name/sub} in every hierarchy. */
    void join(String sub, long pid) throws IOException {
        for (Path m : mounts) Files.writeString(m.resolve(name).resolve(sub).resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path m : mounts) {
            Path top = m.resolve(name);
            if (!Files.exists(top)) continue;
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(top)) {
                dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path dir : dirs) {
                for (int attempt = 0; attempt < 200 && Files.exists(dir); attempt++) {
                    for (String line : Files.readAllLines(dir.resolve("cgroup.procs"))) {
                        if (!line.isBlank()) ProcessHandle.of(Long.parseLong(line.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    try {
                        Files.delete(dir);
                    } catch (IOException busy) {
                        Thread.sleep(10); // a killed process leaves its cgroup a moment later
                    }
                }
            }
        }
    }
}
