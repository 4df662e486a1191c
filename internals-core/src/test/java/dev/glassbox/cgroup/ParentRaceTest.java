package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rm} of the last container under "glassbox/" removes the empty parent; a {@code run}
 * at that moment finds "glassbox" there, then its mkdir of "glassbox/abc" fails with ENOENT.
 * The create walks again instead of failing (seen in CI when tests ran containers back to back).
 */
class ParentRaceTest {
    @TempDir
    Path tmp;

    /** Removes the parent once per tree just before the leaf's mkdir, as a concurrent rm would. */
    private static CgroupFs racing(FixtureKernel kernel, String leafName) {
        Set<Path> raced = new HashSet<>();
        return new CgroupFs() {
            @Override
            public void mkdir(Path dir) throws IOException {
                if (dir.getFileName().toString().equals(leafName) && raced.add(dir)) kernel.rmdir(dir.getParent());
                kernel.mkdir(dir);
            }

            @Override
            public void rmdir(Path dir) throws IOException {
                kernel.rmdir(dir);
            }

            @Override
            public void write(Path file, String value) throws IOException {
                kernel.write(file, value);
            }
        };
    }

    @Test
    void v2MakesTheVanishedParentAgain() {
        Path root = Fixtures.copy("v2", tmp);
        Path cg = root.resolve("sys/fs/cgroup");
        CgroupHierarchy h = CgroupHierarchy.at(cg, root.resolve("mountinfo"), Fixtures.v2Statfs(root),
                racing(new FixtureKernel(cg), "abc"));
        h.create("glassbox/abc", Limits.none().withPidsMax(10L));
        assertTrue(Files.isDirectory(cg.resolve("glassbox/abc")));
        assertTrue(Files.exists(cg.resolve("glassbox/abc/pids.max")));
    }

    @Test
    void v1MakesTheVanishedParentAgainInEveryHierarchy() {
        Path root = Fixtures.copy("v1", tmp);
        Path cg = root.resolve("sys/fs/cgroup");
        CgroupHierarchy h = CgroupHierarchy.at(cg, root.resolve("mountinfo"), Fixtures.v1Statfs(root),
                racing(Fixtures.v1Kernel(root), "abc"));
        h.create("glassbox/abc", Limits.none().withPidsMax(10L));
        for (String tree : new String[] {"memory", "cpu,cpuacct", "pids", "freezer", "cpuset"}) {
            assertTrue(Files.isDirectory(cg.resolve(tree).resolve("glassbox/abc")), tree);
        }
    }
}
