package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A parent cgroup named glassbox-test-RANDOM that a test creates everything under, and the
 * safety net that removes it even when the test failed half-way: it SIGKILLs the processes the
 * test moved in there (only those: nothing else can be in a cgroup this test made) and removes
 * the directories deepest first, in every hierarchy of this machine.
 */
final class TestCgroupParent implements AutoCloseable {
    final String name = "glassbox-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final Set<Path> mountPoints;

    TestCgroupParent(CgroupHierarchy hierarchy) {
        this.mountPoints = switch (hierarchy) {
            case V1Hierarchy v1 -> {
                var all = new java.util.LinkedHashSet<>(v1.controllerMounts().values());
                v1.unifiedMount().ifPresent(all::add);
                yield all;
            }
            case V2Hierarchy v2 -> Set.of(v2.fsRoot());
        };
    }

    String child(String leaf) {
        return name + "/" + leaf;
    }

    /** True when no directory of the test parent is left in any hierarchy. */
    boolean gone() {
        return mountPoints.stream().noneMatch(m -> Files.exists(m.resolve(name)));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Path mount : mountPoints) {
            Path top = mount.resolve(name);
            if (!Files.exists(top)) continue;
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(top)) {
                dirs = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path dir : dirs) {
                for (int attempt = 0; attempt < 200 && Files.exists(dir); attempt++) {
                    for (int pid : CgroupFiles.readPids(dir.resolve("cgroup.procs"))) {
                        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                    }
                    Path state = dir.resolve("freezer.state");
                    if (Files.exists(state)) Files.writeString(state, "THAWED");
                    try {
                        Files.delete(dir);
                    } catch (IOException busy) {
                        Thread.sleep(10);
                    }
                }
            }
        }
    }
}
