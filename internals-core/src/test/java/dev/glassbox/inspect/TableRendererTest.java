package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tables and JSON of the fixture's unshare'd sleep. */
class TableRendererTest {
    @TempDir Path tmp;
    Snapshot sleep;

    @BeforeEach
    void snapshot() {
        sleep = Inspector.ofProcRoot(ProcFixture.install("unshared", tmp)).snapshot(InspectorFixtureTest.SLEEP);
    }

    @Test
    void namespaceTableSaysWhichAreOwnAndWhoSharesThem() {
        String t = TableRenderer.namespaces(sleep.namespaces());
        assertTrue(t.contains("TYPE    NAMESPACE   HOST  OWNER USERNS  SHARED WITH"), t);
        assertTrue(t.contains("mnt     4026532175  own   -             11769"), t);
        assertTrue(t.contains("cgroup  4026531835  host"), t);
        assertTrue(t.contains("pid namespace chain:  pid:[4026532178]"), t);
    }

    @Test
    void capabilityTableShowsSetsAndComparisons() {
        String t = TableRenderer.caps(sleep.capabilities());
        assertTrue(t.contains("CapEff (effective)    000001ffffffffff  41     CHOWN DAC_OVERRIDE"), t);
        assertTrue(t.contains("bounding  vs host (PID 1):    +SYS_RESOURCE"), t);
        assertTrue(t.contains("uid_map: 0 0 1"), t);
        assertTrue(t.contains("seccomp:      disabled, 0 filter(s)"), t);
    }

    @Test
    void processTableShowsBothPids() {
        String t = TableRenderer.procs(sleep.processes());
        assertTrue(t.lines().anyMatch(l -> l.matches("11771 +1 +11769 +0 +S +sleep 300")), t);
    }

    @Test
    void mountTableAndLayersOfANonOverlayRoot() {
        String t = TableRenderer.mounts(sleep.mounts());
        assertTrue(t.lines().anyMatch(l -> l.matches("\\d+ +\\d+ +0:41 +/proc +proc +proc +/ +private +rw,nosuid,nodev,noexec,relatime")), t);
        assertEquals("PID 11771 has no overlay mount: its root is ext4 /dev/vda\n", TableRenderer.layers(sleep.mounts()));
    }

    @Test
    void snapshotJsonHasEveryView() throws Exception {
        JsonNode j = new ObjectMapper().readTree(JsonRenderer.json(sleep));
        assertEquals(List.of("pid", "comm", "takenAtMillis", "namespaces", "capabilities", "mounts", "processes"),
                iterable(j.fieldNames()));
        assertEquals("sleep", j.get("comm").asText());
        assertEquals("CAP_CHOWN", j.at("/capabilities/effective/names/0").asText());
        assertEquals("private", j.at("/mounts/mounts/0/propagation/kind").asText());
        assertEquals(1, j.at("/processes/processes/0/nsPids/1").asInt());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
