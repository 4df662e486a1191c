package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.UsageSampler;
import dev.glassbox.testing.RootOnly;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A shell the test moves into its own v1 cgroup {@code /glassbox-test-X/app} (with a child
 * {@code sub} and a memory limit on the parent), then lets run a loop: the view must show the
 * limits written, the usage, and the tree around it.
 */
@RootOnly
class CgroupViewLiveTest {
    TestCgroupV1 cgroup;
    Process shell;

    @BeforeEach
    void makeCgroup() throws Exception {
        cgroup = new TestCgroupV1();
        assumeTrue(cgroup.available(), "this machine has no v1 memory, cpu, cpuacct and pids hierarchies");
        cgroup.mkdirs("app/sub");
        cgroup.write("memory", "", "memory.limit_in_bytes", Long.toString(128L << 20));
        cgroup.write("memory", "app", "memory.limit_in_bytes", Long.toString(64L << 20));
        cgroup.write("cpu", "app", "cpu.cfs_period_us", "100000");
        cgroup.write("cpu", "app", "cpu.cfs_quota_us", "50000");
        cgroup.write("pids", "app", "pids.max", "32");
        // it waits for a line, so that all it does happens inside the cgroup
        shell = new ProcessBuilder("sh", "-c", "read x; i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; exec sleep 600")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        cgroup.join("app", shell.pid());
        try (OutputStream in = shell.getOutputStream()) {
            in.write('\n');
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(java.nio.file.Path.of("/proc", Long.toString(shell.pid()), "comm")).trim().equals("sleep")) {
            if (System.nanoTime() > deadline) throw new AssertionError("the shell did not finish its loop");
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void removeCgroup() throws Exception {
        if (shell != null) {
            shell.destroyForcibly();
            shell.waitFor(10, TimeUnit.SECONDS);
        }
        cgroup.close();
        assertTrue(!Files.exists(cgroup.dir("memory", "")), "test cgroup left behind");
    }

    @Test
    void showsThePathLimitsUsageAndTreeOfAProcessInATestCgroup() {
        int pid = (int) shell.pid();
        CgroupView v = CgroupView.reader().read(pid, ProcFs.live());
        String app = "/" + cgroup.name + "/app";
        for (String c : TestCgroupV1.CONTROLLERS) assertEquals(app, v.pathOf(c).orElseThrow(), c);
        assertEquals(cgroup.dir("memory", "app").toString(),
                v.hierarchies().stream().filter(h -> h.controllers().contains("memory")).findFirst().orElseThrow().dir());
        CgroupView.Node n = v.cgroup();
        assertEquals("v1", n.version());
        assertEquals(app, n.path());
        assertEquals(64L << 20, n.limits().memoryBytes());
        assertEquals(50000L, n.limits().cpuQuotaMicros());
        assertEquals(100000L, n.limits().cpuPeriodMicros());
        assertEquals(0.5, n.cpus());
        assertEquals(32L, n.limits().pidsMax());
        assertTrue(n.usage().cpuUsageNanos() > 0, "the loop ran inside: " + n.usage());
        assertTrue(n.usage().memoryBytes() > 0, "memory was charged inside: " + n.usage());
        assertEquals(1L, n.usage().pids());
        assertEquals(List.of(pid), n.pids());

        assertEquals(List.of("/", "/" + cgroup.name), v.ancestors());
        assertEquals("/" + cgroup.name, v.parent().path());
        assertEquals(128L << 20, v.parent().limits().memoryBytes());
        assertEquals(List.of(app + "/sub"), v.children().stream().map(CgroupView.Node::path).toList());
        assertEquals(0L, v.children().getFirst().usage().pids());
    }

    @Test
    void theSamplerWatchesTheCgroupTheViewFinds() {
        int pid = (int) shell.pid();
        CgroupNode node = CgroupView.reader().node(pid, ProcFs.live()).orElseThrow();
        assertEquals("/" + cgroup.name + "/app", node.path());
        try (UsageSampler sampler = new UsageSampler(8)) {
            sampler.watch(node);
            sampler.sampleNow();
            sampler.sampleNow();
            UsageSampler.Sample s = sampler.latest(node).orElseThrow();
            assertTrue(s.memoryBytes() > 0);
            assertEquals(1, s.pids());
            assertEquals(2, sampler.samples(node).size());
        }
    }
}
