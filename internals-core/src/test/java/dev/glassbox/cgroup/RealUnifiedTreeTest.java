package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real v2 code path on a hybrid machine: its /sys/fs/cgroup/unified tree has no
 * controllers, but every v2 cgroup can hold processes, be frozen and be killed as a whole.
 * (On a pure v2 machine {@link RealHierarchyTest} covers v2 with controllers.)
 */
@RootOnly
class RealUnifiedTreeTest {
    private CgroupHierarchy v2;
    private TestCgroupParent parent;
    private Process sleep;

    @BeforeEach
    void setUp() {
        CgroupHierarchy detected = CgroupHierarchy.detect(Syscalls.linux());
        assumeTrue(detected instanceof V1Hierarchy v1 && v1.unifiedMount().isPresent(), "needs a hybrid machine");
        Path unified = ((V1Hierarchy) detected).unifiedMount().orElseThrow();
        v2 = CgroupHierarchy.at(unified, Path.of("/proc/self/mountinfo"), Syscalls.linux());
        parent = new TestCgroupParent(v2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sleep != null) sleep.destroyForcibly();
        if (parent != null) parent.close();
    }

    @Test
    void statfsOfTheUnifiedMountSaysV2() {
        assertInstanceOf(V2Hierarchy.class, v2);
        assertEquals("v2", v2.version());
    }

    @Test
    void aControllerLessCgroupHoldsFreezesAndKillsItsProcesses() throws Exception {
        ContainerCgroup c = v2.create(parent.child("plain"), Limits.none());
        sleep = new ProcessBuilder("sleep", "60").start();
        c.join((int) sleep.pid());
        assertEquals(List.of((int) sleep.pid()), c.pids());
        assertTrue(Files.readString(Path.of("/proc/" + sleep.pid() + "/cgroup")).contains("0::/" + parent.child("plain")));
        c.freeze();
        assertTrue(c.frozen());
        c.thaw();
        assertFalse(c.frozen());
        c.destroy();
        assertTrue(sleep.waitFor(10, TimeUnit.SECONDS), "cgroup.kill ended it");
        assertTrue(parent.gone());
    }

    @Test
    void aMemoryLimitWithoutTheMemoryControllerFailsClearlyAndLeavesNothing() {
        assumeTrue(!((V2Hierarchy) v2).availableControllers().contains("memory"));
        CgroupException e = assertThrows(CgroupException.class,
                () -> v2.create(parent.child("limited"), Limits.none().withMemory(Limits.parseMemory("32m"))));
        assertTrue(e.getMessage().contains(": the memory controller is not available there (cgroup.controllers: "), e.getMessage());
        assertTrue(parent.gone());
    }
}
