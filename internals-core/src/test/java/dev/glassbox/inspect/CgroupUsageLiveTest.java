package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glassbox.cgroup.Usage;
import dev.glassbox.testing.RootOnly;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live usage of the cgroup view against the v1 files themselves, in a cgroup the test makes
 * ({@code /glassbox-test-X/w}) and a shell it moves in there: CPU throttling under a low quota
 * (cpu.stat nr_throttled, throttled_time), the memory peak (memory.max_usage_in_bytes) of a
 * child that held 8 MB and exited, and the limits being hit (memory.failcnt,
 * memory.oom_control oom_kill, pids.events max).
 */
@RootOnly
class CgroupUsageLiveTest {
    TestCgroupV1 cgroup;
    Process shell;

    @BeforeEach
    void makeCgroup() throws Exception {
        cgroup = new TestCgroupV1();
        assumeTrue(cgroup.available(), "this machine has no v1 memory, cpu, cpuacct and pids hierarchies");
        cgroup.mkdirs("w");
    }

    @AfterEach
    void removeCgroup() throws Exception {
        try {
            if (shell != null) {
                shell.destroyForcibly();
                shell.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            cgroup.close(); // kills what is left in it (the test's own processes), then removes it
        }
        assertFalse(Files.exists(cgroup.dir("memory", "")), "test cgroup left behind");
    }

    /** Starts {@code script} in the cgroup: the shell waits for a line until it has been moved in. */
    int startInCgroup(String script) throws Exception {
        shell = new ProcessBuilder("sh", "-c", "read x; " + script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        cgroup.join("w", shell.pid());
        try (OutputStream in = shell.getOutputStream()) {
            in.write('\n');
        }
        return (int) shell.pid();
    }

    /** The usage the view shows for {@code pid}, once it satisfies {@code ready} (at most 20 s). */
    static Usage usageOnce(int pid, Predicate<Usage> ready, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Usage u;
        while (!ready.test(u = CgroupView.reader().read(pid, ProcFs.live()).cgroup().usage())) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " within 20 s: " + u);
            Thread.sleep(50);
        }
        return u;
    }

    /** A "key value" file of the test cgroup as the reference. */
    Map<String, Long> keyValues(String controller, String file) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (String line : Files.readAllLines(cgroup.dir(controller, "w").resolve(file))) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) out.put(f[0], Long.parseLong(f[1]));
        }
        return out;
    }

    long number(String controller, String file) throws Exception {
        return Long.parseLong(Files.readString(cgroup.dir(controller, "w").resolve(file)).trim());
    }

    @Test
    void aSpinnerUnderALowQuotaIsThrottledAndAnExitedChildLeavesItsMemoryPeak() throws Exception {
        cgroup.write("cpu", "w", "cpu.cfs_period_us", "100000");
        cgroup.write("cpu", "w", "cpu.cfs_quota_us", "5000"); // 5 % of one CPU
        // a child holds 8 MB in a shell variable and exits; then the shell spins until killed
        int pid = startInCgroup("sh -c 'x=$(head -c 8000000 /dev/zero | tr \"\\\\0\" a); :'; while :; do :; done");

        // the child runs under the quota too: wait until it is gone and the spinner has been throttled
        Usage u = usageOnce(pid, x -> x.cpuThrottledPeriods() != null && x.cpuThrottledPeriods() > 0 && x.pids() == 1
                && x.memoryPeakBytes() >= 8_000_000, "throttling after the 8 MB child");
        Map<String, Long> after = keyValues("cpu", "cpu.stat");
        assertTrue(u.cpuThrottledPeriods() <= after.get("nr_throttled"), u + " against " + after);
        assertTrue(u.cpuPeriods() >= u.cpuThrottledPeriods() && u.cpuPeriods() <= after.get("nr_periods"), u.toString());
        assertTrue(u.cpuThrottledNanos() > 0 && u.cpuThrottledNanos() <= after.get("throttled_time"), u.toString());
        assertTrue(u.cpuUsageNanos() > 0 && u.cpuUsageNanos() <= number("cpuacct", "cpuacct.usage"), u.toString());

        // the 8 MB child is gone: the peak stays, above what is in use now
        assertTrue(u.memoryPeakBytes() >= 8_000_000, "peak: " + u);
        assertTrue(u.memoryPeakBytes() > u.memoryBytes(), u.toString());
        long peakFile = number("memory", "memory.max_usage_in_bytes");
        assertTrue(u.memoryPeakBytes() <= peakFile && peakFile - u.memoryPeakBytes() < (1 << 20),
                "view " + u.memoryPeakBytes() + ", memory.max_usage_in_bytes " + peakFile);
        assertEquals(1L, u.pids());

        CgroupView.Node n = CgroupView.reader().read(pid, ProcFs.live()).cgroup();
        assertEquals(0.05, n.cpus());
        assertEquals("/" + cgroup.name + "/w", n.path());
    }

    @Test
    void limitsHitShowAsFailcntOomKillAndPidsMaxEvents() throws Exception {
        cgroup.write("memory", "w", "memory.limit_in_bytes", Long.toString(4L << 20));
        cgroup.write("pids", "w", "pids.max", "6");
        // a child that wants 8 MB under a 4 MB limit (no swap here) is OOM-killed; then a subshell forks beyond
        // pids.max (and may die of it); the outer shell, the one inspected, stays
        int pid = startInCgroup("(sh -c 'x=$(head -c 8000000 /dev/zero | tr \"\\\\0\" a); :'; "
                + "for i in 1 2 3 4 5 6 7 8; do sleep 30 & done); exec sleep 600");
        assumeTrue(Files.readString(Path.of("/proc/swaps")).lines().count() <= 1, "swap is on: the child would not be OOM-killed");

        Usage u = usageOnce(pid, x -> x.oomKillEvents() != null && x.oomKillEvents() > 0
                && x.pidsLimitHits() != null && x.pidsLimitHits() > 0, "an OOM kill and a refused fork");
        assertEquals(keyValues("memory", "memory.oom_control").get("oom_kill"), u.oomKillEvents());
        assertTrue(u.memoryLimitHits() > 0 && u.memoryLimitHits() <= number("memory", "memory.failcnt"), u.toString());
        assertTrue(u.pidsLimitHits() <= keyValues("pids", "pids.events").get("max"), u.toString());
        assertTrue(u.memoryPeakBytes() <= 4L << 20, "the limit holds the peak: " + u);
        assertTrue(u.pids() <= 6, u.toString());
    }
}
