package dev.glassbox.cgroup;

import dev.glassbox.sys.Kernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies a fixture tree from test resources into a temporary directory, so tests may change it. */
final class Fixtures {
    private Fixtures() {}

    static Path copy(String name, Path into) {
        try {
            Path source = Path.of(Fixtures.class.getResource("/cgroup-fixtures/" + name).toURI());
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : all.toList()) {
                    Path target = into.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target); else Files.copy(p, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** statfs answers for the v2 fixture: /sys/fs/cgroup is cgroup2. */
    static StatfsOnlySyscalls v2Statfs(Path root) {
        return new StatfsOnlySyscalls().type(root.resolve("sys/fs/cgroup"), Kernel.CGROUP2_SUPER_MAGIC);
    }

    /** statfs answers for the v1 (hybrid) fixture: a tmpfs holding one cgroup mount per hierarchy. */
    static StatfsOnlySyscalls v1Statfs(Path root) {
        Path fs = root.resolve("sys/fs/cgroup");
        StatfsOnlySyscalls sys = new StatfsOnlySyscalls().type(fs, Kernel.TMPFS_MAGIC)
                .type(fs.resolve("unified"), Kernel.CGROUP2_SUPER_MAGIC);
        for (String h : new String[] {"memory", "cpu,cpuacct", "pids", "freezer", "cpuset", "devices", "systemd"}) {
            sys.type(fs.resolve(h), Kernel.CGROUP_SUPER_MAGIC);
        }
        return sys;
    }

    static FixtureKernel v1Kernel(Path root) {
        Path fs = root.resolve("sys/fs/cgroup");
        FixtureKernel k = new FixtureKernel(fs.resolve("unified"));
        for (String h : new String[] {"memory", "cpu,cpuacct", "pids", "freezer", "cpuset", "devices"}) k.v1(fs.resolve(h));
        return k;
    }
}
