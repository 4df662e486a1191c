package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.cgroup.Usage;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup view on copies of the cgroup package's fixture trees: a Docker container on v2 and on v1. */
class CgroupViewFixtureTest {
    private static final String DOCKER_V2 = "/system.slice/docker-4f2a9c1be0d7a61c5e2f8d3b9a0c7e6f1d2b3a4c5e6f7a8b9c0d1e2f3a4b5c6d.scope";
    private static final String DOCKER_V1 = "/docker/9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c";

    @TempDir
    Path tmp;

    private Path fixture(String name) {
        try {
            Path source = Path.of(getClass().getResource("/cgroup-fixtures/" + name).toURI());
            try (Stream<Path> all = Files.walk(source)) {
                for (Path p : all.toList()) {
                    Path target = tmp.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(target); else Files.copy(p, target);
                }
            }
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private CgroupView view(Path root, int pid) {
        CgroupReader reader = CgroupReader.at(root.resolve("proc"), root.resolve("sys/fs/cgroup"), root.resolve("mountinfo"));
        return CgroupView.reader(reader).read(pid, new ProcFs(root.resolve("proc")));
    }

    @Test
    void aDockerContainerOnV2ShowsItsScopeLimitsUsageAndTheSliceAboveIt() throws IOException {
        Path root = fixture("v2");
        Files.createDirectories(root.resolve("sys/fs/cgroup" + DOCKER_V2 + "/init"));
        CgroupView v = view(root, 4242);
        assertEquals("v2", v.version());
        assertEquals(1, v.hierarchies().size());
        assertTrue(v.hierarchies().getFirst().unified());
        assertEquals(DOCKER_V2, v.pathOf("unified").orElseThrow());
        assertEquals(root.resolve("sys/fs/cgroup" + DOCKER_V2).toString(), v.hierarchies().getFirst().dir());

        CgroupView.Node c = v.cgroup();
        assertEquals(DOCKER_V2, c.path());
        assertEquals(new Limits(67108864L, 134217728L, 150000L, 100000, 100L), c.limits());
        assertEquals(1.5, c.cpus());
        assertEquals(new Usage(12582912L, 20971520L, 3L, 2_500_000_000L, 120L, 7L, 350_000_000L, 3L, 0L, 1L, 1L), c.usage());
        assertEquals(List.of(4242, 4300), c.pids());

        assertEquals(List.of("/", "/system.slice"), v.ancestors());
        assertEquals("/system.slice", v.parent().path());
        assertNull(v.parent().limits().memoryBytes(), "the slice has no memory limit");
        assertEquals(List.of(DOCKER_V2 + "/init"), v.children().stream().map(CgroupView.Node::path).toList());
        assertEquals(1, v.childCount());
    }

    @Test
    void aDockerContainerOnV1ShowsEachControllersPathAndTheV1Limits() {
        CgroupView v = view(fixture("v1"), 5151);
        assertEquals("hybrid", v.version());
        assertEquals(DOCKER_V1, v.pathOf("memory").orElseThrow());
        assertEquals(DOCKER_V1, v.pathOf("cpuacct").orElseThrow());
        assertEquals(List.of("cpu", "cpuacct"), v.hierarchies().stream().filter(h -> h.id() == 4).findFirst().orElseThrow().controllers());
        assertTrue(v.hierarchies().stream().filter(h -> h.id() == 4).findFirst().orElseThrow().dir().endsWith("cpu,cpuacct" + DOCKER_V1));
        assertNull(v.hierarchies().stream().filter(h -> h.id() == 12).findFirst().orElseThrow().dir(), "devices is not read");
        CgroupView.Node c = v.cgroup();
        assertEquals("v1", c.version());
        assertEquals(new Limits(33554432L, 67108864L, 50000L, 100000, 64L), c.limits());
        assertEquals(2L, c.usage().oomKillEvents());
        assertEquals(9L, c.usage().cpuThrottledPeriods());
        assertTrue(c.frozen());
        assertEquals("/docker", v.parent().path());
        assertEquals(List.of("/", "/docker"), v.ancestors());
        assertTrue(v.children().isEmpty());
    }

    @Test
    void aProcessWhoseV1ControllersSitAtDifferentDepthsHasAParentInTheDeeperOnesOnly() throws IOException {
        Path root = fixture("v1");
        Files.writeString(root.resolve("proc/5151/cgroup"), "11:pids:/\n5:memory:" + DOCKER_V1 + "\n4:cpu,cpuacct:/\n");
        CgroupView v = view(root, 5151);
        assertEquals(DOCKER_V1, v.cgroup().path());
        assertEquals("/docker", v.parent().path());
        assertNull(v.parent().limits().cpuQuotaMicros(), "the parent has no cpu directory: no cpu limit, and no failure");
    }

    @Test
    void tableAndJsonNameTheLimitsAndTheTree() throws Exception {
        CgroupView v = view(fixture("v2"), 4242);
        String table = TableRenderer.cgroup(v);
        assertTrue(table.contains("cgroups of PID 4242 (cgroup v2)"), table);
        assertTrue(table.contains("64.0 MiB"), table);
        assertTrue(table.contains("150000/100000 us (1.50 CPUs)"), table);
        assertTrue(table.contains("<- this process"), table);
        assertTrue(table.contains("kills 1"), table);
        var json = JsonRenderer.mapper().readTree(JsonRenderer.json(v));
        assertEquals(67108864L, json.at("/cgroup/limits/memoryBytes").asLong());
        assertEquals(3L, json.at("/cgroup/usage/pids").asLong());
        assertEquals("/system.slice", json.at("/parent/path").asText());
    }

    @Test
    void aProcessThatIsGoneIsNoSuchProcess() {
        assertThrows(NoSuchProcessException.class, () -> view(fixture("v2"), 99999));
    }
}
