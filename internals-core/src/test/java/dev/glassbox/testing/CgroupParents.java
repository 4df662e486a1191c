package dev.glassbox.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cgroup parent a test gave its runtime or engine ({@code --cgroup-parent}), removed after
 * it: the directory of that name at the top of every hierarchy (each v1 controller, the v2 or
 * unified tree). Only that directory: a container cgroup still under it is a leak the test must
 * see, so a non-empty parent fails here.
 */
public final class CgroupParents {
    private CgroupParents() {}

    public static void remove(String cgroupParent) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("/sys/fs/cgroup", cgroupParent)));
        try (Stream<Path> hierarchies = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path h : hierarchies.filter(Files::isDirectory).toList()) dirs.add(h.resolve(cgroupParent));
        }
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) Files.delete(dir);
        }
    }
}
