package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.sys.Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V2HierarchyFixtureTest {
    @TempDir
    Path tmp;

    private Path cg;
    private CgroupHierarchy hierarchy;

    @BeforeEach
    void fixture() {
        Path root = Fixtures.copy("v2", tmp);
        cg = root.resolve("sys/fs/cgroup");
        hierarchy = CgroupHierarchy.at(cg, root.resolve("mountinfo"), Fixtures.v2Statfs(root), new FixtureKernel(cg));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    private static Limits dockerLike() {
        return Limits.none().withMemory(Limits.parseMemory("32m")).withCpu(Limits.fromCpus("1.5", 4)).withPidsMax(50L);
    }

    @Test
    void statfsSaysCgroup2SoItIsV2() {
        assertInstanceOf(V2Hierarchy.class, hierarchy);
        assertEquals("v2", hierarchy.version());
        assertEquals(cg, hierarchy.fsRoot());
    }

    @Test
    void createWritesDockersLimitsIntoTheV2Files() throws IOException {
        ContainerCgroup c = hierarchy.create("glassbox/abc", dockerLike());
        Path dir = cg.resolve("glassbox/abc");
        assertEquals(Map.of("unified", dir), c.paths());
        assertEquals("33554432", read(dir.resolve("memory.max")));
        assertEquals("33554432", read(dir.resolve("memory.swap.max")), "only --memory: swap may be as large again");
        assertEquals("150000 100000", read(dir.resolve("cpu.max")));
        assertEquals("50", read(dir.resolve("pids.max")));
        assertEquals(new Limits(33554432L, 67108864L, 150000L, 100000, 50L), c.limits());
    }

    @Test
    void theParentGlassboxOwnsHandsTheControllersDown() throws IOException {
        hierarchy.create("glassbox/abc", Limits.none());
        assertEquals("memory cpu pids", read(cg.resolve("glassbox/cgroup.subtree_control")));
        assertEquals("memory cpu pids", read(cg.resolve("glassbox/abc/cgroup.controllers")));
        assertEquals("cpuset cpu io memory pids", read(cg.resolve("cgroup.subtree_control")), "the root is not ours: untouched");
    }

    @Test
    void anEnginesParentStaysBetweenContainersAndGoesWhenEmpty() {
        ContainerCgroup a = hierarchy.create("glassbox/a", Limits.none()), b = hierarchy.create("glassbox/b", Limits.none());
        a.destroyLeavingParents();
        assertFalse(Files.exists(cg.resolve("glassbox/a")));
        assertTrue(Files.isDirectory(cg.resolve("glassbox")), "kept for the next container");
        hierarchy.removeIfEmpty("glassbox");
        assertTrue(Files.isDirectory(cg.resolve("glassbox")), "b is still in it");
        b.destroyLeavingParents();
        hierarchy.removeIfEmpty("glassbox");
        assertFalse(Files.exists(cg.resolve("glassbox")), "empty: gone");
        hierarchy.removeIfEmpty("glassbox"); // nothing there: nothing done
    }

    @Test
    void unlimitedSwapIsMax() throws IOException {
        hierarchy.create("glassbox/abc", Limits.none().withMemory(Limits.parseMemory("64m")).withMemorySwap(-1L));
        assertEquals("max", read(cg.resolve("glassbox/abc/memory.swap.max")));
    }

    @Test
    void shellEquivalentListsTheCommandsInOrder() {
        ContainerCgroup c = hierarchy.create("glassbox/abc", dockerLike());
        c.join(4711);
        assertEquals(List.of(
                "mkdir " + cg.resolve("glassbox"),
                "echo \"+memory +cpu +pids\" > " + cg.resolve("glassbox/cgroup.subtree_control"),
                "mkdir " + cg.resolve("glassbox/abc"),
                "echo 33554432 > " + cg.resolve("glassbox/abc/memory.max"),
                "echo 33554432 > " + cg.resolve("glassbox/abc/memory.swap.max"),
                "echo \"150000 100000\" > " + cg.resolve("glassbox/abc/cpu.max"),
                "echo 50 > " + cg.resolve("glassbox/abc/pids.max"),
                "echo 4711 > " + cg.resolve("glassbox/abc/cgroup.procs")), c.shellEquivalent());
    }

    @Test
    void joinFreezeThawAndOomAreReadFromTheKernelFiles() throws IOException {
        ContainerCgroup c = hierarchy.create("glassbox/abc", dockerLike());
        c.join(4711);
        assertEquals(List.of(4711), c.pids());
        c.freeze();
        assertEquals("1", read(cg.resolve("glassbox/abc/cgroup.freeze")));
        assertTrue(c.frozen());
        c.thaw();
        assertFalse(c.frozen());
        assertFalse(c.oomKilled());
        Files.writeString(cg.resolve("glassbox/abc/memory.events"), "low 0\nhigh 0\nmax 9\noom 1\noom_kill 1\noom_group_kill 0\n");
        assertTrue(c.oomKilled());
    }

    @Test
    void destroyRemovesTheCgroupAndTheEmptyParentButNothingElse() {
        ContainerCgroup c = hierarchy.create("glassbox/abc", dockerLike());
        c.join(4711); // cgroup.kill empties it, as the kernel would by killing everyone
        c.destroy();
        assertFalse(Files.exists(cg.resolve("glassbox")));
        assertTrue(Files.isDirectory(cg.resolve("system.slice")));
    }

    @Test
    void destroyKeepsAParentOtherContainersStillUse() {
        ContainerCgroup a = hierarchy.create("glassbox/a", Limits.none());
        hierarchy.create("glassbox/b", Limits.none());
        a.destroy();
        assertFalse(Files.exists(cg.resolve("glassbox/a")));
        assertTrue(Files.isDirectory(cg.resolve("glassbox/b")));
    }

    @Test
    void openFindsACgroupAgainAfterARestart() {
        hierarchy.create("glassbox/abc", dockerLike());
        ContainerCgroup again = hierarchy.open("glassbox/abc");
        assertEquals(50L, again.limits().pidsMax());
        assertTrue(hierarchy.exists("glassbox/abc"));
        CgroupException e = assertThrows(CgroupException.class, () -> hierarchy.open("glassbox/nope"));
        assertTrue(e.getMessage().startsWith("no cgroup glassbox/nope under"), e.getMessage());
    }

    @Test
    void aControllerTheRootDoesNotOfferFailsClearlyAndLeavesNothingBehind() throws IOException {
        Files.writeString(cg.resolve("cgroup.subtree_control"), "cpu io memory\n"); // no pids handed down
        CgroupException e = assertThrows(CgroupException.class,
                () -> hierarchy.create("glassbox/abc", Limits.none().withPidsMax(10L)));
        assertTrue(e.getMessage().startsWith("cannot set --pids-limit on " + cg.resolve("glassbox/abc")
                + ": the pids controller is not available there"), e.getMessage());
        assertFalse(Files.exists(cg.resolve("glassbox")), "what create made is removed again");
    }

    @Test
    void creatingAnExistingCgroupFails() {
        hierarchy.create("glassbox/abc", Limits.none());
        CgroupException e = assertThrows(CgroupException.class, () -> hierarchy.create("glassbox/abc", Limits.none()));
        assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    }

    @Test
    void invalidPathsAndLimitsAreRefusedBeforeAnythingIsMade() {
        assertThrows(IllegalArgumentException.class, () -> hierarchy.create("../etc", Limits.none()));
        assertThrows(IllegalArgumentException.class, () -> hierarchy.create("/glassbox/a", Limits.none()));
        assertThrows(IllegalArgumentException.class, () -> hierarchy.create("glassbox//a", Limits.none()));
        assertThrows(IllegalArgumentException.class, () -> hierarchy.create("glassbox/a", Limits.none().withMemory(1024L)));
        assertFalse(Files.exists(cg.resolve("glassbox")));
    }

    @Test
    void aDirectoryThatIsNoCgroupFileSystemIsRefused() {
        StatfsOnlySyscalls ext4 = new StatfsOnlySyscalls().type(cg, 0xEF53);
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupHierarchy.at(cg, tmp.resolve("mountinfo"), ext4, new FixtureKernel(cg)));
        assertEquals("no cgroup file system at " + cg + " (statfs f_type 0xef53): mount one with: mount -t cgroup2 none " + cg,
                e.getMessage());
    }

    @Test
    void theTmpfsOfAV1MachineWithOnlyAUnifiedTreeIsV2There() {
        StatfsOnlySyscalls sys = new StatfsOnlySyscalls().type(cg, Kernel.TMPFS_MAGIC);
        assertThrows(CgroupException.class, () -> CgroupHierarchy.at(cg, tmp.resolve("mountinfo"), sys, new FixtureKernel(cg)));
    }
}
