package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupReaderFixtureTest {
    private static final String DOCKER_V2 = "/system.slice/docker-4f2a9c1be0d7a61c5e2f8d3b9a0c7e6f1d2b3a4c5e6f7a8b9c0d1e2f3a4b5c6d.scope";
    private static final String DOCKER_V1 = "/docker/9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

    @TempDir
    Path tmp;

    private CgroupReader reader(String fixture) {
        Path root = Fixtures.copy(fixture, tmp);
        return CgroupReader.at(root.resolve("proc"), root.resolve("sys/fs/cgroup"), root.resolve("mountinfo"));
    }

    @Test
    void aDockerContainerOnV2HasItsLimitsReadFromItsScope() {
        CgroupReader reader = reader("v2");
        assertEquals("v2", reader.layout());
        ProcessCgroups p = reader.of(4242);
        assertEquals("v2", p.version());
        CgroupNode node = p.node();
        assertEquals(DOCKER_V2, node.path());
        assertEquals(Set.of("unified"), node.dirs().keySet());
        Limits limits = node.limits();
        assertEquals(67108864L, limits.memoryBytes());
        assertEquals(134217728L, limits.memorySwapBytes(), "memory.swap.max is swap alone; Docker counts memory+swap");
        assertEquals(150000L, limits.cpuQuotaMicros());
        assertEquals(100000L, limits.cpuPeriodMicros());
        assertEquals(100L, limits.pidsMax());
        assertEquals(List.of(4242, 4300), node.pids());
        assertFalse(node.frozen());
    }

    @Test
    void v2UsageComesFromMemoryCpuAndPidsFiles() {
        Usage u = reader("v2").of(4242).node().usage();
        assertEquals(new Usage(12582912L, 20971520L, 3L, 2_500_000_000L, 120L, 7L, 350_000_000L, 3L, 0L, 1L, 1L), u);
    }

    @Test
    void noLimitReadsAsNull() {
        CgroupNode slice = reader("v2").node("/system.slice");
        Limits l = slice.limits();
        assertNull(l.memoryBytes());
        assertNull(l.cpuQuotaMicros());
        assertNull(l.pidsMax());
    }

    @Test
    void theTreeAroundAContainerCanBeWalked() {
        CgroupReader reader = reader("v2");
        CgroupNode container = reader.of(4242).node();
        CgroupNode slice = container.parent().orElseThrow();
        assertEquals("/system.slice", slice.path());
        assertEquals(List.of("/system.slice/containerd.service", DOCKER_V2), slice.children().stream().map(CgroupNode::path).toList());
        CgroupNode root = reader.root();
        assertEquals("/", root.path());
        assertTrue(root.parent().isEmpty());
        assertEquals(List.of("/system.slice", "/user.slice"), root.children().stream().map(CgroupNode::path).toList());
    }

    @Test
    void aDockerContainerOnV1HasOneDirectoryPerControllerAndCoMountedOnesShare() {
        CgroupReader reader = reader("v1");
        assertEquals("hybrid", reader.layout());
        ProcessCgroups p = reader.of(5151);
        assertEquals("hybrid", p.version());
        CgroupNode node = p.node();
        assertEquals("v1", node.version());
        assertEquals(DOCKER_V1, node.path());
        assertEquals(Set.of("memory", "cpu", "cpuacct", "pids", "freezer", "cpuset", "unified"), node.dirs().keySet());
        assertEquals(node.dirs().get("cpu"), node.dirs().get("cpuacct"));
        assertTrue(node.dirs().get("cpu").toString().contains("cpu,cpuacct"));
        assertEquals(new Limits(33554432L, 67108864L, 50000L, 100000, 64L), node.limits());
        assertTrue(node.frozen());
        assertEquals(List.of(5151), node.pids());
    }

    @Test
    void v1UsageComesFromMemoryCpuacctAndPidsFiles() {
        Usage u = reader("v1").of(5151).node().usage();
        assertEquals(new Usage(8388608L, 16777216L, 12L, 1234567890L, 40L, 9L, 812000000L, 1L, 0L, null, 2L), u);
    }

    @Test
    void aMissingProcessIsReportedByPid() {
        CgroupException e = assertThrows(CgroupException.class, () -> reader("v2").of(999999));
        assertTrue(e.getMessage().startsWith("no process 999999"), e.getMessage());
    }

    @Test
    void thisMachinesOwnProcessResolves() {
        ProcessCgroups self = CgroupReader.host().of((int) ProcessHandle.current().pid());
        assertTrue(self.node() != null && self.node().exists(), String.valueOf(self));
    }
}
