package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.caps.CapSet;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import dev.glassbox.mount.MountInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inspectors on this very JVM, held against readlink, lsns, findmnt and capsh. */
class LiveInspectorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Inspector inspector = new Inspector();
    final int self = (int) ProcessHandle.current().pid();

    @Test
    void namespaceInodesEqualReadlinkOfProcNs() throws Exception {
        NamespaceView v = inspector.namespaces(self);
        assertEquals(8, v.namespaces().size());
        for (NamespaceView.Entry e : v.namespaces()) {
            String link = Files.readSymbolicLink(Path.of("/proc/" + self + "/ns/" + e.type().fileName())).toString();
            assertEquals(link, e.id().toString());
        }
    }

    @Test
    void namespaceInodesEqualLsns() throws Exception {
        NamespaceView v = inspector.namespaces(self);
        Map<String, Long> byType = new java.util.HashMap<>();
        for (JsonNode n : Commands.lsns(self)) byType.put(n.get("type").asText(), n.get("ns").asLong());
        for (NamespaceView.Entry e : v.namespaces()) {
            assertEquals(byType.get(e.type().fileName()), e.inode(), e.type().fileName());
        }
    }

    @Test
    @dev.glassbox.testing.RootOnly
    void everyProcessOfTheScanHasTheNamespacesReadlinkShowsKernelThreadsToo() throws Exception {
        // kernel threads included: they are not all in the initial namespaces (kdevtmpfs has a mount namespace of its own)
        ProcessTable t = inspector.scan();
        List<Long> kthreads = new ArrayList<>();
        for (String c : Files.readString(Path.of("/proc/2/task/2/children")).trim().split("\\s+")) kthreads.add(Long.parseLong(c));
        int compared = 0, kernelThreads = 0;
        for (ProcessTable.Entry e : t.entries().values()) {
            Map<NsType, Long> theirs = new java.util.EnumMap<>(NsType.class);
            try {
                for (NsType type : NsType.values()) {
                    theirs.put(type, NsId.parse(Files.readSymbolicLink(Path.of("/proc/" + e.pid() + "/ns/" + type.fileName())).toString()).inode());
                }
            } catch (java.io.IOException goneOrClosed) {
                continue; // exited since the scan, or closed to us (PID 1 in a sandbox)
            }
            if (!Files.isDirectory(Path.of("/proc/" + e.pid()))) continue;
            assertEquals(theirs, e.namespaces(), "PID " + e.pid());
            compared++;
            if (kthreads.contains((long) e.pid())) kernelThreads++;
        }
        assertTrue(compared > 10 && kernelThreads > 0, compared + " processes, " + kernelThreads + " kernel threads");
    }

    @Test
    void theJvmIsInTheHostsNamespacesAtTheTopOfItsChains() {
        NamespaceView v = inspector.namespaces(self);
        assertEquals(List.of(), v.isolatedTypes());
        assertEquals(List.of(v.inode(NsType.PID)), v.pidChain());
        assertEquals(List.of(v.inode(NsType.USER)), v.userChain());
        assertEquals(v.inode(NsType.USER), v.get(NsType.NET).orElseThrow().ownerUserNs());
        assertEquals(v.inode(NsType.PID), v.pidForChildren());
        assertFalse(v.get(NsType.NET).orElseThrow().sharedWith().isEmpty());
    }

    @Test
    void capabilitySetsEqualWhatCapshDecodesFromProcStatus() throws Exception {
        CapabilityView c = inspector.capabilities(self);
        Map<String, CapSet> sets = Map.of("CapInh", c.inheritable(), "CapPrm", c.permitted(), "CapEff", c.effective(),
                "CapBnd", c.bounding(), "CapAmb", c.ambient());
        for (String line : Files.readAllLines(Path.of("/proc/" + self + "/status"))) {
            String key = line.split(":")[0];
            if (!sets.containsKey(key)) continue;
            String hex = line.split("\\s+")[1];
            String capsh = Commands.run("capsh", "--decode=" + hex).trim();
            assertEquals(capsh.substring(capsh.indexOf('=') + 1), sets.get(key).toString(), key);
        }
    }

    @Test
    void mountTableEqualsFindmnt() throws Exception {
        // other programs may mount or unmount between the two reads: compare again until they agree (2 s at most)
        for (int attempt = 0; ; attempt++) {
            try {
                compareWithFindmnt();
                return;
            } catch (AssertionError e) {
                if (attempt >= 40) throw e;
                Thread.sleep(50);
            }
        }
    }

    private void compareWithFindmnt() throws Exception {
        MountView m = inspector.mounts(self);
        JsonNode findmnt = JSON.readTree(Commands.run("findmnt", "-J", "-l", "--task", Integer.toString(self),
                "-o", "TARGET,FSTYPE,SOURCE,PROPAGATION,FSROOT"));
        List<String> theirs = new ArrayList<>(), ours = new ArrayList<>();
        for (JsonNode n : findmnt.get("filesystems")) {
            theirs.add(n.get("target").asText() + " " + n.get("fstype").asText() + " " + n.get("propagation").asText()
                    + " " + n.get("fsroot").asText());
        }
        for (MountInfo i : m.mounts()) ours.add(i.mountPoint() + " " + i.fsType() + " " + i.propagation().kind() + " " + i.root());
        assertEquals(theirs, ours);
    }

    @Test
    void mountNamespaceOfTheViewIsTheProcesss() {
        assertEquals(inspector.namespaces(self).inode(NsType.MNT), inspector.mounts(self).mntNamespace());
    }

    @Test
    void snapshotRendersAsTablesAndAsJson() throws Exception {
        Snapshot s = inspector.snapshot(self);
        String text = TableRenderer.snapshot(s);
        assertTrue(text.contains("namespaces of PID " + self), text);
        assertTrue(text.contains("CapEff (effective)"), text);
        JsonNode j = JSON.readTree(JsonRenderer.json(s));
        assertEquals(self, j.get("pid").asInt());
        assertEquals(s.namespaces().inode(NsType.NET), j.at("/namespaces/namespaces/3/inode").asLong());
        assertEquals(s.capabilities().effective().hex(), j.at("/capabilities/effective/hex").asText());
        assertTrue(j.at("/processes/processes").isArray());
    }

    @Test
    void extraViewsJoinTheSnapshotAndItsJson() throws Exception {
        record Probe(int pid, String kind) {}
        Inspector withProbe = inspector.withExtraView(new ExtraViewReader() {
            @Override public String name() { return "cgroup"; }
            @Override public Object read(int pid, ProcessTable table) { return new Probe(pid, "v1"); }
        });
        Snapshot s = withProbe.snapshot(self);
        assertEquals(new Probe(self, "v1"), s.view("cgroup", Probe.class).orElseThrow());
        assertEquals("v1", JSON.readTree(JsonRenderer.json(s)).at("/cgroup/kind").asText());
    }
}
