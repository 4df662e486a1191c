package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessCgroupsTest {
    private static final String V1 = """
            12:hugetlb:/docker/abc
            11:pids:/docker/abc
            4:cpu,cpuacct:/docker/abc
            3:memory:/docker/abc
            1:name=systemd:/docker/abc
            """;
    private static final String V2 = "0::/system.slice/docker-abc.scope\n";
    private static final String HYBRID = """
            9:name=systemd:/
            8:pids:/
            4:memory:/process_api/04fe942f50f5ab1ff0c9e427908fa1ce
            1:cpu:/
            0::/
            """;

    @Test
    void v1LinesNameTheirControllers() {
        List<ProcessCgroups.Line> lines = ProcessCgroups.parse(V1);
        assertEquals(5, lines.size());
        assertEquals(new ProcessCgroups.Line(4, Set.of("cpu", "cpuacct"), "/docker/abc"), lines.get(2));
        assertEquals(Set.of("name=systemd"), lines.get(4).controllers());
        ProcessCgroups p = new ProcessCgroups(7, lines, null);
        assertEquals("v1", p.version());
        assertEquals(Optional.of("/docker/abc"), p.pathOf("cpuacct"));
        assertEquals(Optional.empty(), p.unifiedPath());
    }

    @Test
    void theV2LineHasNoControllers() {
        ProcessCgroups p = new ProcessCgroups(7, ProcessCgroups.parse(V2), null);
        assertEquals("v2", p.version());
        assertTrue(p.lines().getFirst().isV2());
        assertEquals(Optional.of("/system.slice/docker-abc.scope"), p.unifiedPath());
    }

    @Test
    void aHybridProcessHasBothKindsAndMayLiveAtDifferentPathsPerController() {
        ProcessCgroups p = new ProcessCgroups(7, ProcessCgroups.parse(HYBRID), null);
        assertEquals("hybrid", p.version());
        assertEquals(Optional.of("/process_api/04fe942f50f5ab1ff0c9e427908fa1ce"), p.pathOf("memory"));
        assertEquals(Optional.of("/"), p.pathOf("cpu"));
        assertEquals(Optional.of("/"), p.unifiedPath());
    }

    @Test
    void aPathWithAColonStaysWhole() {
        assertEquals("/a:b", ProcessCgroups.parse("0::/a:b\n").getFirst().path());
    }

    @Test
    void mountinfoGivesEachControllerItsMountAndEscapedSpacesAreDecoded() {
        String mountinfo = """
                33 25 0:27 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755
                38 33 0:32 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
                39 33 0:33 /docker/abc /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                34 33 0:28 / /mnt/my\\040cgroup rw - cgroup2 cgroup2 rw,nsdelegate
                """;
        CgroupMounts mounts = CgroupMounts.parse(mountinfo, Path.of("/sys/fs/cgroup"));
        CgroupMounts.Mount cpu = mounts.v1("cpuacct", Path.of("/sys/fs/cgroup")).orElseThrow();
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.mountPoint());
        assertEquals(Set.of("cpu", "cpuacct"), cpu.controllers());
        assertEquals(Path.of("/mnt/my cgroup"), mounts.unified(Path.of("/sys/fs/cgroup")).orElseThrow().mountPoint());
        // a bind-mounted sub-tree (as inside a v1 container) shows only paths below its root
        CgroupMounts.Mount memory = mounts.v1("memory", Path.of("/sys/fs/cgroup")).orElseThrow();
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/memory")), memory.dirOf("/docker/abc"));
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/memory/x")), memory.dirOf("/docker/abc/x"));
        assertEquals(Optional.empty(), memory.dirOf("/system.slice"));
        assertEquals("/docker/abc/x", memory.pathOf(Path.of("/sys/fs/cgroup/memory/x")));
    }

    @Test
    void aFixtureTableIsMovedUnderTheFixtureRoot() {
        String mountinfo = "26 22 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw,nsdelegate\n";
        CgroupMounts mounts = CgroupMounts.parse(mountinfo, Path.of("/tmp/f/sys/fs/cgroup"));
        assertEquals(Path.of("/tmp/f/sys/fs/cgroup"), mounts.mounts().getFirst().mountPoint());
    }
}
