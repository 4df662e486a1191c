package dev.glassbox.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsageSamplerTest {
    @TempDir
    Path tmp;

    private CgroupNode container;
    private Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T10:00:00Z"));
    private final InstantSource clock = now::get;

    @BeforeEach
    void fixture() {
        Path root = Fixtures.copy("v2", tmp);
        CgroupReader reader = CgroupReader.at(root.resolve("proc"), root.resolve("sys/fs/cgroup"), root.resolve("mountinfo"));
        container = reader.of(4242).node();
        dir = container.dirs().get("unified");
    }

    private void kernelReports(long usageUsec, long memory, long pids) throws IOException {
        Files.writeString(dir.resolve("cpu.stat"), "usage_usec " + usageUsec + "\nuser_usec 0\nsystem_usec 0\n");
        Files.writeString(dir.resolve("memory.current"), memory + "\n");
        Files.writeString(dir.resolve("pids.current"), pids + "\n");
    }

    @Test
    void cpuPercentIsCpuTimeOverWallTimeBetweenSamples() throws IOException {
        try (UsageSampler sampler = new UsageSampler(10, clock)) {
            sampler.watch(container);
            kernelReports(1_000_000, 1000, 2);
            sampler.sampleNow();
            now.set(now.get().plusMillis(100));
            kernelReports(1_050_000, 2000, 3); // 50 ms of CPU in 100 ms of wall time
            sampler.sampleNow();
            List<UsageSampler.Sample> s = sampler.samples(container);
            assertEquals(2, s.size());
            assertEquals(0.0, s.get(0).cpuPercent(), "no previous reading to compare with");
            assertEquals(50.0, s.get(1).cpuPercent(), 1e-9);
            assertEquals(2000, s.get(1).memoryBytes());
            assertEquals(3, s.get(1).pids());
            assertEquals(now.get(), sampler.latest(container).orElseThrow().at());
        }
    }

    @Test
    void theRingKeepsOnlyTheNewestSamples() throws IOException {
        try (UsageSampler sampler = new UsageSampler(3, clock)) {
            sampler.watch(container);
            for (int i = 1; i <= 5; i++) {
                kernelReports(i * 1000L, i, i);
                now.set(now.get().plusSeconds(1));
                sampler.sampleNow();
            }
            assertEquals(List.of(3L, 4L, 5L), sampler.samples(container).stream().map(UsageSampler.Sample::memoryBytes).toList());
        }
    }

    @Test
    void aCgroupThatWentAwayGetsNoSample() throws IOException {
        try (UsageSampler sampler = new UsageSampler(3, clock)) {
            CgroupNode containerd = container.parent().orElseThrow().children().getFirst();
            assertTrue(containerd.path().endsWith("containerd.service"));
            sampler.watch(containerd);
            try (var files = Files.walk(containerd.dirs().get("unified"))) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            sampler.sampleNow();
            assertTrue(sampler.samples(containerd).isEmpty());
        }
    }

    @Test
    void startedItSamplesOnItsOwnDaemonThread() throws Exception {
        try (UsageSampler sampler = new UsageSampler(100)) {
            sampler.watch(container);
            sampler.start(Duration.ofMillis(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (sampler.samples(container).size() < 3 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertTrue(sampler.samples(container).size() >= 3);
        }
    }
}
