package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.RootOnly;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The machine's own cgroups, as root: v1 on a v1 or hybrid machine, v2 on a pure v2 one.
 * Everything is made under a glassbox-test-RANDOM parent and removed even on failure.
 */
@RootOnly
class RealHierarchyTest {
    private CgroupHierarchy hierarchy;
    private TestCgroupParent parent;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        hierarchy = CgroupHierarchy.detect(Syscalls.linux());
        parent = new TestCgroupParent(hierarchy);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) p.destroyForcibly();
        parent.close();
        for (Process p : started) p.waitFor(10, TimeUnit.SECONDS);
    }

    private Process start(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        return p;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    private static String state(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("State:")).findFirst().orElseThrow().substring(6).trim();
    }

    @Test
    void limitsLandInTheKernelFiles() throws IOException {
        Limits limits = Limits.none().withMemory(Limits.parseMemory("32m")).withCpu(Limits.fromCpus("0.5", 1)).withPidsMax(64L);
        ContainerCgroup c = hierarchy.create(parent.child("limits"), limits);
        if (c.version().equals("v1")) {
            Path memory = c.paths().get("memory");
            assertEquals("33554432", read(memory.resolve("memory.limit_in_bytes")));
            if (Files.exists(memory.resolve("memory.memsw.limit_in_bytes"))) {
                assertEquals("67108864", read(memory.resolve("memory.memsw.limit_in_bytes")));
            }
            assertEquals("50000", read(c.paths().get("cpu").resolve("cpu.cfs_quota_us")));
            assertEquals("100000", read(c.paths().get("cpu").resolve("cpu.cfs_period_us")));
            assertEquals("64", read(c.paths().get("pids").resolve("pids.max")));
        } else {
            Path dir = c.paths().get("unified");
            assertEquals("33554432", read(dir.resolve("memory.max")));
            assertEquals("50000 100000", read(dir.resolve("cpu.max")));
            assertEquals("64", read(dir.resolve("pids.max")));
        }
        Limits back = c.limits();
        assertEquals(33554432L, back.memoryBytes());
        assertEquals(50000L, back.cpuQuotaMicros());
        assertEquals(64L, back.pidsMax());
        c.destroy();
        assertTrue(parent.gone(), "destroy removes the cgroup and the parent it emptied");
    }

    @Test
    void aJoinedProcessIsCountedFrozenAndThawed() throws Exception {
        ContainerCgroup c = hierarchy.create(parent.child("sleeper"), Limits.none().withPidsMax(10L));
        Process sleep = start("sleep", "60");
        c.join((int) sleep.pid());
        assertEquals(List.of((int) sleep.pid()), c.pids());
        String procCgroup = Files.readString(Path.of("/proc/" + sleep.pid() + "/cgroup"));
        assertTrue(procCgroup.contains("/" + parent.child("sleeper")), procCgroup);
        Usage u = c.usage();
        assertEquals(1L, u.pids());
        assertNotNull(u.memoryBytes());
        assertNotNull(u.cpuUsageNanos());

        c.freeze();
        assertTrue(c.frozen());
        if (c.version().equals("v1")) assertTrue(state(sleep.pid()).startsWith("D"), "a v1-frozen task sleeps uninterruptibly");
        c.thaw();
        assertFalse(c.frozen());
        assertTrue(state(sleep.pid()).startsWith("S"), state(sleep.pid()));

        c.destroy();
        assertTrue(sleep.waitFor(10, TimeUnit.SECONDS), "destroy killed the process inside");
        assertEquals(137, sleep.exitValue());
        assertTrue(parent.gone());
    }

    @Test
    void aFrozenCgroupCanStillBeDestroyed() throws Exception {
        ContainerCgroup c = hierarchy.create(parent.child("frozen"), Limits.none());
        Process sleep = start("sleep", "60");
        c.join((int) sleep.pid());
        c.freeze();
        c.destroy();
        assertTrue(sleep.waitFor(10, TimeUnit.SECONDS));
        assertTrue(parent.gone());
    }

    @Test
    void memoryHogIsOomKilledUnderItsLimit() throws Exception {
        ContainerCgroup c = hierarchy.create(parent.child("hog"), Limits.none().withMemory(Limits.parseMemory("16m")));
        // waits for a line, then doubles a string until the kernel says no
        Process hog = start("sh", "-c", "read go; x=abcdefgh; while :; do x=\"$x$x\"; done");
        c.join((int) hog.pid());
        assertFalse(c.oomKilled());
        try (OutputStream in = hog.getOutputStream()) {
            in.write('\n');
        }
        assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "the hog should die");
        assertEquals(137, hog.exitValue(), "SIGKILL from the OOM killer");
        assertTrue(c.oomKilled());
        assertTrue(c.usage().oomKillEvents() >= 1);
        c.destroy();
        assertTrue(parent.gone());
    }

    @Test
    void forkLoopStopsAtPidsMax() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "needs /usr/bin/python3 for a fork loop that survives a failed fork");
        ContainerCgroup c = hierarchy.create(parent.child("forks"), Limits.none().withPidsMax(8L));
        String script = """
                import os, sys, time, signal
                sys.stdin.readline()
                kids = []
                while len(kids) < 100:
                    try:
                        pid = os.fork()
                    except OSError:
                        break
                    if pid == 0:
                        time.sleep(60)
                        os._exit(0)
                    kids.append(pid)
                print(len(kids), flush=True)
                sys.stdin.readline()
                for k in kids:
                    os.kill(k, signal.SIGKILL)
                for k in kids:
                    os.waitpid(k, 0)
                """;
        Process p = start(python.toString(), "-c", script);
        c.join((int) p.pid());
        OutputStream in = p.getOutputStream();
        in.write('\n');
        in.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("7", out.readLine(), "python itself plus 7 children make the 8 tasks allowed");
        Usage u = c.usage();
        assertEquals(8L, u.pids());
        assertTrue(u.pidsLimitHits() >= 1, "pids.events counts the refused fork");
        in.write('\n');
        in.close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        c.destroy();
        assertTrue(parent.gone());
    }

    @Test
    void openFindsTheCgroupAndTheReaderSeesTheSameLimits() throws Exception {
        ContainerCgroup made = hierarchy.create(parent.child("again"), Limits.none().withMemory(Limits.parseMemory("48m")));
        Process sleep = start("sleep", "60");
        made.join((int) sleep.pid());
        ContainerCgroup opened = hierarchy.open(parent.child("again"));
        assertEquals(made.paths(), opened.paths());
        CgroupNode seen = CgroupReader.host().of((int) sleep.pid()).node();
        assertEquals(50331648L, seen.limits().memoryBytes());
        assertEquals("/" + parent.child("again"), seen.path());
        assertTrue(seen.parent().orElseThrow().children().contains(seen));
        opened.destroy();
        assertTrue(parent.gone());
    }

    @Test
    void theSamplerReadsALiveCgroup() throws Exception {
        ContainerCgroup c = hierarchy.create(parent.child("sampled"), Limits.none());
        Process sleep = start("sleep", "60");
        c.join((int) sleep.pid());
        try (UsageSampler sampler = new UsageSampler(8)) {
            sampler.watch(c.node());
            sampler.sampleNow();
            sampler.sampleNow();
            List<UsageSampler.Sample> s = sampler.samples(c.node());
            assertEquals(2, s.size());
            assertEquals(1, s.getLast().pids());
            assertTrue(s.getLast().memoryBytes() >= 0);
        }
        c.destroy();
    }
}
