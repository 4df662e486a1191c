package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A namespace set made by hand, with no runtime at all:
 * {@code unshare --fork --pid --mount --uts --ipc --net --mount-proc sleep 60}.
 */
@RootOnly
class UnshareInspectionTest {
    static Process unshare;
    static int unsharePid, sleepPid;
    final Inspector inspector = new Inspector();

    @BeforeAll
    static void start() throws Exception {
        unshare = new ProcessBuilder("unshare", "--fork", "--pid", "--mount", "--uts", "--ipc", "--net", "--mount-proc",
                "sleep", "60").redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        unsharePid = (int) unshare.pid();
        sleepPid = waitForChildRunning(unshare.toHandle(), "sleep");
    }

    /** The child of {@code parent} once it has exec'd {@code comm}. */
    static int waitForChildRunning(ProcessHandle parent, String comm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (ProcessHandle c : parent.children().toList()) {
                Path f = Path.of("/proc/" + c.pid() + "/comm");
                if (Files.exists(f) && Files.readString(f).trim().equals(comm)) return (int) c.pid();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no child " + comm + " of PID " + parent.pid() + " within 10 s");
    }

    @AfterAll
    static void stop() throws Exception {
        // the sleep is PID 1 of its namespace: only SIGKILL reaches it from outside
        if (sleepPid > 0) ProcessHandle.of(sleepPid).ifPresent(ProcessHandle::destroyForcibly);
        if (unshare != null) {
            unshare.destroyForcibly();
            unshare.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void namespacesDifferFromTheHostsExceptCgroupTimeAndUser() {
        NamespaceView v = inspector.namespaces(sleepPid);
        assertEquals(List.of(NsType.IPC, NsType.MNT, NsType.NET, NsType.PID, NsType.UTS), v.isolatedTypes());
        assertEquals(List.of(unsharePid), v.get(NsType.NET).orElseThrow().sharedWith());
        assertEquals(List.of(), v.get(NsType.PID).orElseThrow().sharedWith());
    }

    @Test
    void pidNamespaceChainLeadsToTheHostsThroughNsGetParent() {
        NamespaceView v = inspector.namespaces(sleepPid);
        long hostPid = inspector.namespaces((int) ProcessHandle.current().pid()).inode(NsType.PID);
        assertEquals(List.of(v.inode(NsType.PID), hostPid), v.pidChain());
        assertEquals(1, v.userChain().size());
        assertEquals(v.inode(NsType.USER), v.get(NsType.NET).orElseThrow().ownerUserNs());
        assertEquals(v.inode(NsType.PID), inspector.namespaces(unsharePid).pidForChildren());
    }

    @Test
    void inodesEqualLsnsAndSoDoesTheCountOfProcessesInTheNewNamespaces() throws Exception {
        NamespaceView v = inspector.namespaces(sleepPid);
        int compared = 0;
        for (JsonNode n : Commands.lsns(sleepPid)) {
            NamespaceView.Entry e = v.get(NsType.ofFileName(n.get("type").asText())).orElseThrow();
            assertEquals(n.get("ns").asLong(), e.inode());
            if (!e.host()) {
                assertEquals(n.get("nprocs").asInt(), e.sharedWith().size() + 1, e.type().fileName());
                compared++;
            }
        }
        assertEquals(5, compared);
    }

    @Test
    void processTreeShowsTheSleepAsPid1Inside() {
        ProcessView p = inspector.processes(sleepPid);
        assertEquals(1, p.processes().size());
        ProcessView.Proc sleep = p.processes().getFirst();
        assertEquals(List.of(sleepPid, 1), sleep.nsPids());
        assertEquals(unsharePid, sleep.ppid());
        assertEquals(List.of("sleep", "60"), sleep.cmdline());
    }

    @Test
    void processTreeFollowsDescendantsIntoANestedPidNamespace() throws Exception {
        // sh is PID 1 of a new namespace; its unshare child makes a second one inside for sleep
        Process outer = new ProcessBuilder("unshare", "--fork", "--pid", "sh", "-c", "unshare --fork --pid sleep 60; :")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int sh = 0;
        try {
            sh = waitForChildRunning(outer.toHandle(), "sh");
            int inner = waitForChildRunning(ProcessHandle.of(sh).orElseThrow(), "unshare");
            int sleep = waitForChildRunning(ProcessHandle.of(inner).orElseThrow(), "sleep");
            ProcessView v = inspector.processes(sh);
            assertEquals(List.of(sh, inner, sleep), v.hostPids());
            assertEquals(List.of(0, 1, 2), v.processes().stream().map(ProcessView.Proc::depth).toList());
            ProcessView.Proc nested = v.processes().get(2);
            assertFalse(nested.sameNamespace());
            assertEquals(3, nested.nsPids().size()); // host, the outer namespace, its own
            assertEquals(1, nested.innerPid());
            assertEquals(List.of(1, 2), v.processes().subList(0, 2).stream().map(ProcessView.Proc::innerPid).toList());
            assertEquals(3, inspector.namespaces(sleep).pidChain().size());
        } finally {
            // SIGKILL to PID 1 of the outer namespace ends every process in it and below it
            if (sh > 0) ProcessHandle.of(sh).ifPresent(ProcessHandle::destroyForcibly);
            outer.destroyForcibly();
            outer.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void itsMountTableHasItsOwnProc() {
        MountView m = inspector.mounts(sleepPid);
        assertEquals("/proc", m.mounts().getLast().mountPoint());
        assertEquals("proc", m.mounts().getLast().fsType());
        assertFalse(m.mntNamespace().equals(inspector.mounts((int) ProcessHandle.current().pid()).mntNamespace()));
    }

    @Test
    void graphHasAParentEdgeFromTheNewPidNamespaceToTheHosts() {
        NamespaceGraph g = inspector.namespaceGraph(List.of(sleepPid, (int) ProcessHandle.current().pid()));
        NamespaceView v = inspector.namespaces(sleepPid);
        var child = g.namespace(NsType.PID, v.inode(NsType.PID)).orElseThrow();
        var parent = g.parent(child).orElseThrow();
        assertTrue(parent.host());
        assertFalse(child.host());
    }
}
