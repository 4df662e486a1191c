package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V1HierarchyFixtureTest {
    @TempDir
    Path tmp;

    private Path cg;
    private CgroupHierarchy hierarchy;

    @BeforeEach
    void fixture() {
        Path root = Fixtures.copy("v1", tmp);
        cg = root.resolve("sys/fs/cgroup");
        hierarchy = CgroupHierarchy.at(cg, root.resolve("mountinfo"), Fixtures.v1Statfs(root), Fixtures.v1Kernel(root));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    @Test
    void aTmpfsWithControllerMountsIsV1AndTheUnifiedTreeIsKnown() {
        V1Hierarchy v1 = assertInstanceOf(V1Hierarchy.class, hierarchy);
        assertEquals("v1", v1.version());
        assertEquals(Set.of("cpuset", "cpu", "cpuacct", "memory", "pids", "freezer"), v1.controllerMounts().keySet());
        assertEquals(cg.resolve("cpu,cpuacct"), v1.controllerMounts().get("cpuacct"));
        assertEquals(Optional.of(cg.resolve("unified")), v1.unifiedMount());
    }

    @Test
    void createMakesOneDirectoryPerHierarchyWithDockersLimits() throws IOException {
        Limits limits = Limits.none().withMemory(Limits.parseMemory("32m")).withCpu(Limits.fromCpus("0.5", 2)).withPidsMax(20L);
        ContainerCgroup c = hierarchy.create("glassbox/abc", limits);
        assertEquals(cg.resolve("memory/glassbox/abc"), c.paths().get("memory"));
        assertEquals(cg.resolve("cpu,cpuacct/glassbox/abc"), c.paths().get("cpu"));
        assertEquals(c.paths().get("cpu"), c.paths().get("cpuacct"));
        assertEquals(cg.resolve("unified/glassbox/abc"), c.paths().get("unified"));
        assertEquals("33554432", read(cg.resolve("memory/glassbox/abc/memory.limit_in_bytes")));
        assertEquals("67108864", read(cg.resolve("memory/glassbox/abc/memory.memsw.limit_in_bytes")), "Docker: swap = 2x memory");
        assertEquals("100000", read(cg.resolve("cpu,cpuacct/glassbox/abc/cpu.cfs_period_us")));
        assertEquals("50000", read(cg.resolve("cpu,cpuacct/glassbox/abc/cpu.cfs_quota_us")));
        assertEquals("20", read(cg.resolve("pids/glassbox/abc/pids.max")));
        assertEquals(new Limits(33554432L, 67108864L, 50000L, 100000, 20L), c.limits());
        assertTrue(c.shellEquivalent().contains("echo 33554432 > " + cg.resolve("memory/glassbox/abc/memory.limit_in_bytes")));
    }

    @Test
    void aNewCpusetGetsItsParentsCpusAndMemoryNodes() throws IOException {
        hierarchy.create("glassbox/abc", Limits.none());
        assertEquals("0-3", read(cg.resolve("cpuset/glassbox/cpuset.cpus")));
        assertEquals("0", read(cg.resolve("cpuset/glassbox/abc/cpuset.mems")));
    }

    @Test
    void withoutSwapAccountingTheMemswFileIsSkipped() throws IOException {
        CgroupHierarchy noSwap = CgroupHierarchy.at(cg, tmp.resolve("mountinfo"), Fixtures.v1Statfs(tmp),
                Fixtures.v1Kernel(tmp).withoutSwapAccounting());
        ContainerCgroup c = noSwap.create("glassbox/abc", Limits.none().withMemory(Limits.parseMemory("32m")));
        assertFalse(Files.exists(cg.resolve("memory/glassbox/abc/memory.memsw.limit_in_bytes")));
        assertEquals(33554432L, c.limits().memoryBytes());
        assertEquals(null, c.limits().memorySwapBytes());
    }

    @Test
    void joinWritesThePidInEveryHierarchyOnce() throws IOException {
        ContainerCgroup c = hierarchy.create("glassbox/abc", Limits.none());
        c.join(4711);
        for (Path dir : Set.copyOf(c.paths().values())) assertEquals("4711", read(dir.resolve("cgroup.procs")));
        assertEquals(6, c.shellEquivalent().stream().filter(s -> s.startsWith("echo 4711")).count(),
                "memory, cpu+cpuacct, pids, freezer, cpuset, unified");
    }

    @Test
    void freezeAndThawUseTheFreezerState() throws IOException {
        ContainerCgroup c = hierarchy.create("glassbox/abc", Limits.none());
        c.freeze();
        assertEquals("FROZEN", read(cg.resolve("freezer/glassbox/abc/freezer.state")));
        assertTrue(c.frozen());
        c.thaw();
        assertFalse(c.frozen());
    }

    @Test
    void oomKilledReadsTheOomKillCounter() throws IOException {
        ContainerCgroup c = hierarchy.create("glassbox/abc", Limits.none().withMemory(Limits.parseMemory("16m")));
        assertFalse(c.oomKilled());
        Files.writeString(cg.resolve("memory/glassbox/abc/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        assertTrue(c.oomKilled());
    }

    @Test
    void destroyRemovesEveryDirectoryAndTheParentsButLeavesDockersAlone() {
        hierarchy.create("glassbox/abc", Limits.none().withMemory(Limits.parseMemory("32m"))).destroy();
        for (String h : new String[] {"memory", "cpu,cpuacct", "pids", "freezer", "cpuset", "unified"}) {
            assertFalse(Files.exists(cg.resolve(h).resolve("glassbox")), h);
        }
        assertTrue(Files.isDirectory(cg.resolve("memory/docker")));
    }

    @Test
    void aFailureHalfWayRemovesWhatWasMade() throws IOException {
        // memory.limit_in_bytes missing: the write fails after every directory was made
        Files.createDirectories(cg.resolve("memory/glassbox"));
        Files.writeString(cg.resolve("memory/glassbox/cgroup.procs"), "");
        FixtureKernel broken = new FixtureKernel(cg.resolve("unified")) {
            @Override
            public void write(Path file, String value) throws IOException {
                if (file.getFileName().toString().equals("memory.limit_in_bytes")) throw new IOException("Invalid argument");
                super.write(file, value);
            }
        };
        for (String h : new String[] {"memory", "cpu,cpuacct", "pids", "freezer", "cpuset"}) broken.v1(cg.resolve(h));
        CgroupHierarchy h = CgroupHierarchy.at(cg, tmp.resolve("mountinfo"), Fixtures.v1Statfs(tmp), broken);
        CgroupException e = org.junit.jupiter.api.Assertions.assertThrows(CgroupException.class,
                () -> h.create("glassbox/abc", Limits.none().withMemory(Limits.parseMemory("32m"))));
        assertTrue(e.getMessage().startsWith("cannot write \"33554432\" to " + cg.resolve("memory/glassbox/abc/memory.limit_in_bytes")),
                e.getMessage());
        assertFalse(Files.exists(cg.resolve("memory/glassbox/abc")));
        assertTrue(Files.exists(cg.resolve("memory/glassbox")), "a parent that existed before stays");
        assertFalse(Files.exists(cg.resolve("pids/glassbox")), "a parent made by this create goes");
    }
}
