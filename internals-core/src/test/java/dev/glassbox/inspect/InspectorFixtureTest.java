package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.caps.CapSet;
import dev.glassbox.caps.Capability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspectors on a copy of real /proc files: an unshare'd sleep (11771) and its parent unshare (11769). */
class InspectorFixtureTest {
    static final int UNSHARE = 11769, SLEEP = 11771;

    @TempDir Path tmp;
    Inspector inspector;

    @BeforeEach
    void install() {
        inspector = Inspector.ofProcRoot(ProcFixture.install("unshared", tmp));
    }

    @Test
    void scanReadsEveryProcessOfTheFixture() {
        ProcessTable t = inspector.scan();
        assertEquals(4, t.size());
        assertEquals("sleep", t.comm(SLEEP));
        assertEquals(UNSHARE, t.ppid(SLEEP));
        assertEquals(List.of(SLEEP), t.children(UNSHARE));
    }

    @Test
    void aScanOfOneTypeReadsOnlyThatLinkAndRefusesQuestionsAboutTheOthers() {
        ProcessTable full = inspector.scan(), pidOnly = inspector.scan(java.util.EnumSet.of(NsType.PID));
        assertTrue(full.complete());
        assertFalse(pidOnly.complete());
        assertEquals(java.util.Set.of(NsType.PID), pidOnly.scannedTypes());
        assertEquals(full.entries().keySet(), pidOnly.entries().keySet());
        for (ProcessTable.Entry e : pidOnly.entries().values()) {
            Map<NsType, Long> all = full.get(e.pid()).orElseThrow().namespaces(); // PID 1's are closed: none
            assertEquals(all.containsKey(NsType.PID) ? Map.of(NsType.PID, all.get(NsType.PID)) : Map.of(), e.namespaces(),
                    "PID " + e.pid());
        }
        NsId pidNs = new NsId(NsType.PID, 4026532178L);
        assertEquals(full.members(pidNs), pidOnly.members(pidNs));
        assertEquals(full.hostNamespace(NsType.PID), pidOnly.hostNamespace(NsType.PID));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pidOnly.members(new NsId(NsType.NET, 1)));
        assertTrue(e.getMessage().contains("scanned only [PID], not NET"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> pidOnly.hostNamespace(NsType.NET));
        assertThrows(IllegalArgumentException.class, () -> inspector.namespaces(SLEEP, pidOnly));
        // the process tree needs no more than the pid links
        assertEquals(ProcessView.read(UNSHARE, full), inspector.processes(UNSHARE));
        assertThrows(IllegalArgumentException.class, () -> inspector.scan(java.util.EnumSet.noneOf(NsType.class)));
    }

    @Test
    void hostIsKthreaddWhenPid1CannotBeRead() {
        ProcessTable t = inspector.scan();
        assertEquals(2, t.hostReference().orElseThrow().pid());
        assertEquals(4026531836L, t.hostNamespace(NsType.PID).orElseThrow());
    }

    @Test
    void namespacesOfTheSleepAreItsOwnExceptCgroupAndTime() {
        NamespaceView v = inspector.namespaces(SLEEP);
        assertEquals(List.of(NsType.IPC, NsType.MNT, NsType.NET, NsType.PID, NsType.USER, NsType.UTS), v.isolatedTypes());
        assertEquals(4026532178L, v.inode(NsType.PID));
        assertTrue(v.isHost(NsType.CGROUP));
        assertEquals(List.of(UNSHARE), v.get(NsType.MNT).orElseThrow().sharedWith());
        assertEquals(List.of(), v.get(NsType.PID).orElseThrow().sharedWith());
        assertEquals(List.of(4026532178L), v.pidChain()); // no ioctl on a fixture: the namespace alone
        assertNull(v.get(NsType.NET).orElseThrow().ownerUserNs());
    }

    @Test
    void unshareItselfStaysInTheHostPidNamespaceButItsChildrenDoNot() {
        NamespaceView v = inspector.namespaces(UNSHARE);
        assertTrue(v.isHost(NsType.PID));
        assertEquals(4026532178L, v.pidForChildren());
        assertEquals(v.inode(NsType.TIME), v.timeForChildren());
    }

    @Test
    void capabilitiesAreDecodedAndCompared() {
        CapabilityView c = inspector.capabilities(SLEEP);
        assertEquals(CapSet.all(40), c.effective());
        assertEquals(CapSet.EMPTY, c.ambient());
        assertTrue(c.vsDocker().effective().missing().isEmpty());
        assertTrue(c.vsDocker().effective().extra().has(Capability.CAP_SYS_ADMIN));
        assertEquals(CapSet.of(Capability.CAP_SYS_RESOURCE), c.vsHost().bounding().extra());
        assertEquals(List.of(new CapabilityView.IdMapping(0, 0, 1)), c.uidMap());
        assertEquals(CapabilityView.Seccomp.DISABLED, c.seccomp());
        assertEquals(0, c.seccompFilters());
        assertEquals(0, c.uid().effective());
        assertFalse(c.noNewPrivs());
    }

    @Test
    void processTreeShowsPidsFromOutsideAndInside() {
        ProcessView p = inspector.processes(SLEEP);
        assertEquals(1, p.processes().size());
        ProcessView.Proc sleep = p.processes().getFirst();
        assertEquals(SLEEP, sleep.hostPid());
        assertEquals(List.of(SLEEP, 1), sleep.nsPids());
        assertEquals(1, sleep.innerPid());
        assertEquals(List.of("sleep", "300"), sleep.cmdline());
        assertEquals(0, sleep.depth());
    }

    @Test
    void mountsComeFromTheProcessesOwnMountinfo() {
        MountView m = inspector.mounts(SLEEP);
        assertEquals(m.mounts().getLast().mountPoint(), "/proc");
        assertEquals("ext4", m.table().root().orElseThrow().fsType());
        assertNull(m.rootOverlay());
        assertEquals(tmp.resolve(SLEEP + "/root").toString(), m.root());
    }

    @Test
    void snapshotsShareOneScanAndLeaveOutProcessesThatAreGone() {
        List<Snapshot> s = inspector.snapshots(List.of(SLEEP, UNSHARE, 99999));
        assertEquals(List.of(SLEEP, UNSHARE), s.stream().map(Snapshot::pid).toList());
        assertEquals(s.get(0).takenAtMillis(), s.get(1).takenAtMillis());
    }

    @Test
    void aMissingProcessIsAOneLineError() {
        var e = assertThrows(NoSuchProcessException.class, () -> inspector.snapshot(99999));
        assertEquals("no process with PID 99999: it has exited or never existed (see 'ps -e')", e.getMessage());
    }

    @Test
    void graphLinksProcessesToTheirNamespacesAndSharedOnesOnce() {
        NamespaceGraph g = inspector.namespaceGraph(List.of(SLEEP, UNSHARE));
        var mnt = g.namespace(NsType.MNT, 4026532175L).orElseThrow();
        assertEquals(List.of(UNSHARE, SLEEP), g.members(mnt).stream().map(NamespaceGraph.ProcessNode::pid).toList());
        var hostPid = g.namespace(NsType.PID, 4026531836L).orElseThrow();
        assertTrue(hostPid.host());
        // unshare's children go to the new pid namespace: a "children in" edge
        var newPid = g.namespace(NsType.PID, 4026532178L).orElseThrow();
        var unshare = g.process(UNSHARE).orElseThrow();
        assertEquals(NamespaceGraph.Kind.CHILDREN_IN, g.graph().getEdge(unshare, newPid).kind());
        // 2 processes + 8 types, shared cgroup/time/pid-of-unshare, sleep and unshare share ipc..uts
        assertEquals(2 + 9, g.graph().vertexSet().size());
    }
}
