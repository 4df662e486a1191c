package dev.glassbox.quiz.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLiveContextTest {
    @Test
    void probesReadTheirAnswersFromAFixtureTree(@TempDir Path root) throws Exception {
        Path proc = root.resolve("proc");
        Path sys = root.resolve("sys");
        for (String ns : new String[] {"cgroup", "ipc", "mnt", "net", "pid", "user", "uts"}) {
            Files.createDirectories(proc.resolve("self/ns"));
            Files.writeString(proc.resolve("self/ns").resolve(ns), "");
        }
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/cap_last_cap"), "40\n");
        Files.writeString(proc.resolve("sys/kernel/osrelease"), "6.1.0-test\n");
        Files.writeString(proc.resolve("cgroups"), """
                #subsys_name	hierarchy	num_cgroups	enabled
                cpuset	0	1	1
                memory	0	1	1
                rdma	0	1	0
                """);
        Files.createDirectories(sys.resolve("fs/cgroup"));
        Files.writeString(sys.resolve("fs/cgroup/cgroup.controllers"), "cpu memory\n");
        Files.createDirectories(sys.resolve("devices/system/cpu"));
        Files.writeString(sys.resolve("devices/system/cpu/online"), "0-3,6,8-9\n");

        HostLiveContext live = new HostLiveContext(proc, sys);
        assertTrue(live.available());
        assertEquals(Optional.of("7"), live.answer("host.ns.entries", Map.of()));
        assertEquals(Optional.of("40"), live.answer("host.cap_last_cap", Map.of()));
        assertEquals(Optional.of("41"), live.answer("host.capabilities.count", Map.of()));
        assertEquals(Optional.of("6.1.0-test"), live.answer("host.kernel.release", Map.of()));
        assertEquals(Optional.of("2"), live.answer("host.cgroup.version", Map.of()));
        assertEquals(Optional.of("7"), live.answer("host.cpus.online", Map.of()));
        assertEquals(Optional.of("2"), live.answer("host.cgroup.controllers.enabled", Map.of()));
        assertEquals(Optional.empty(), live.answer("container.memory.limit", Map.of("memory", "48m")));
    }

    @Test
    void onThisMachineEveryHostProbeHasAnAnswer() {
        HostLiveContext live = new HostLiveContext();
        assertTrue(live.available());
        for (String probe : HostLiveContext.PROBES) {
            assertTrue(live.answer(probe, Map.of()).isPresent(), probe);
        }
        int capLast = Integer.parseInt(live.answer("host.cap_last_cap", Map.of()).orElseThrow());
        assertTrue(capLast >= 37, "cap_last_cap " + capLast);
    }

    @Test
    void firstOfAsksContextsInTurn() {
        LiveContext a = new HostLiveContext(Path.of("/nonexistent-proc"), Path.of("/nonexistent-sys"));
        LiveContext b = new dev.glassbox.quiz.testing.FakeLiveContext(Map.of("container.memory.limit", "50331648"));
        LiveContext both = LiveContext.firstOf(a, b);
        assertTrue(both.available());
        assertEquals(Optional.of("50331648"), both.answer("container.memory.limit", Map.of()));
        assertEquals(Optional.empty(), LiveContext.none().answer("host.cap_last_cap", Map.of()));
    }
}
