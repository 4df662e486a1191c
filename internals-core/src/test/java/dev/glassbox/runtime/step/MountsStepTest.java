package dev.glassbox.runtime.step;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.glassbox.mount.MountTable;
import dev.glassbox.runtime.step.MountsStep.CgroupMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which cgroup file systems a container mounts under /sys/fs/cgroup, from the host's mountinfo. */
class MountsStepTest {
    @Test
    void pureV2IsOneCgroup2Mount() {
        MountTable host = MountTable.parse("""
                22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
                26 22 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
                """);
        assertEquals(List.of(new CgroupMount("", "cgroup2", "")), MountsStep.cgroupMounts(host));
    }

    @Test
    void hybridIsEveryHierarchyWithTheOptionsThatNameIt() {
        MountTable host = MountTable.parse("""
                31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
                32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
                35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
                40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
                41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
                90 1 0:32 /docker /mnt/elsewhere rw,relatime - cgroup cgroup rw,memory
                """);
        assertEquals(List.of(new CgroupMount("cpu,cpuacct", "cgroup", "cpu,cpuacct"), new CgroupMount("memory", "cgroup", "memory"),
                new CgroupMount("systemd", "cgroup", "xattr,name=systemd"), new CgroupMount("unified", "cgroup2", "")),
                MountsStep.cgroupMounts(host));
    }

    @Test
    void noCgroupFileSystemMountsNothing() {
        assertEquals(List.of(), MountsStep.cgroupMounts(MountTable.parse("22 1 0:21 / /sys rw - sysfs sysfs rw\n")));
    }

    @Test
    void theHostsCgroupMountsAreThoseOfItsWholeMountTableAndAreKeptWhileTheyStayTheSame() {
        List<CgroupMount> whole = MountsStep.cgroupMounts(MountTable.read(java.nio.file.Path.of("/proc/self/mountinfo")));
        List<CgroupMount> first = MountsStep.hostCgroupMounts();
        assertEquals(whole, first);
        org.junit.jupiter.api.Assertions.assertSame(first, MountsStep.hostCgroupMounts(), "not parsed again");
    }
}
