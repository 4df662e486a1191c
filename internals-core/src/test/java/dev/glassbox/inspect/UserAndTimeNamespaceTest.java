package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * User namespaces inside user namespaces, and time namespaces, made by hand with util-linux's
 * {@code unshare}; the chains and the *_for_children links are held against readlink(1) of
 * /proc/PID/ns and {@code lsns -o NS,PNS,ONS} (parent and owner, which lsns also reads with
 * the nsfs ioctls).
 */
@RootOnly
class UserAndTimeNamespaceTest {
    /** The host's namespaces, as this JVM's (PID 1's links may be closed even to root in a sandbox). */
    static final int HOST = (int) ProcessHandle.current().pid();
    final Inspector inspector = new Inspector();
    final List<Process> started = new ArrayList<>();
    /** Every PID the test made, deepest first: the order they are killed in. */
    final List<Integer> pids = new ArrayList<>();

    @AfterEach
    void killWhatWasStarted() throws Exception {
        for (int pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    Process start(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        started.add(p);
        return p;
    }

    static String link(int pid, String ns) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + ns)).toString();
    }

    static long inode(int pid, String ns) throws Exception {
        return NsId.parse(link(pid, ns)).inode();
    }

    /** The comm of {@code pid} once it is {@code comm} (it may still be the program that forked it). */
    static void waitForComm(int pid, String comm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.readString(Path.of("/proc/" + pid + "/comm")).trim().equals(comm)) {
            if (System.nanoTime() > deadline) throw new AssertionError("PID " + pid + " did not exec " + comm);
            Thread.sleep(10);
        }
    }

    /** {@code lsns -J -t TYPE -o NS,PNS,ONS}: each namespace of the type on the machine -> {pns, ons}. */
    static Map<Long, long[]> lsnsRelations(String type) throws Exception {
        JsonNode root = new ObjectMapper().readTree(Commands.run("lsns", "-J", "-t", type, "-o", "NS,PNS,ONS"));
        Map<Long, long[]> out = new HashMap<>();
        for (JsonNode n : root.get("namespaces")) {
            out.put(n.get("ns").asLong(), new long[] {n.get("pns").asLong(), n.get("ons").asLong()});
        }
        return out;
    }

    @Test
    void nestedUserNamespaceChainsUpThroughItsParentToTheInitialOne() throws Exception {
        // outer: a user namespace with root mapped; inside it a second one, with its own PID namespace, for sleep
        Process outer = start("unshare", "--user", "--map-root-user", "--fork", "sh", "-c",
                "unshare --user --map-root-user --pid --fork sleep 60; :");
        int sh = UnshareInspectionTest.waitForChildRunning(outer.toHandle(), "sh");
        int inner = UnshareInspectionTest.waitForChildRunning(ProcessHandle.of(sh).orElseThrow(), "unshare");
        int sleep = UnshareInspectionTest.waitForChildRunning(ProcessHandle.of(inner).orElseThrow(), "sleep");
        pids.addAll(List.of(sleep, inner, sh, (int) outer.pid()));

        NamespaceView v = inspector.namespaces(sleep);
        long nested = inode(sleep, "user"), parent = inode(sh, "user"), init = inode(HOST, "user");
        assertTrue(nested != parent && parent != init, "three distinct user namespaces");
        assertEquals(List.of(nested, parent, init), v.userChain());
        assertFalse(v.isHost(NsType.USER));

        // lsns walks the same chain with NS_GET_PARENT: each link's parent is the next one
        Map<Long, long[]> lsns = lsnsRelations("user");
        assertEquals(parent, lsns.get(nested)[0], "lsns PNS of the nested user namespace");
        assertEquals(init, lsns.get(parent)[0], "lsns PNS of the outer user namespace");

        // the nested PID namespace was made after the nested user namespace: that one owns it
        NamespaceView.Entry pid = v.get(NsType.PID).orElseThrow();
        assertEquals(nested, pid.ownerUserNs());
        assertEquals(List.of(inode(sleep, "pid"), inode(HOST, "pid")), v.pidChain());
        assertEquals(lsnsRelations("pid").get(pid.inode())[1], pid.ownerUserNs(), "lsns ONS of the nested PID namespace");
        // each unshare moved itself into the user namespace it made, before forking: the outer one with sh,
        // the inner one with sleep
        assertEquals(List.of(inner), v.get(NsType.USER).orElseThrow().sharedWith());
        NamespaceView outerView = inspector.namespaces(sh);
        assertEquals(List.of(parent, init), outerView.userChain());
        assertEquals(List.of((int) outer.pid()), outerView.get(NsType.USER).orElseThrow().sharedWith());
        // the initial user namespace owns the host's net namespace, which the nested processes still share
        assertEquals(init, v.get(NsType.NET).orElseThrow().ownerUserNs());
    }

    @Test
    void gidAndUidMapsOfAUserNamespaceAreRead() throws Exception {
        // --map-user/--map-group: root outside is 1000 inside, one ID each
        Process p = start("unshare", "--user", "--map-user=1000", "--map-group=1001", "--fork", "sleep", "60");
        int sleep = UnshareInspectionTest.waitForChildRunning(p.toHandle(), "sleep");
        pids.addAll(List.of(sleep, (int) p.pid()));

        CapabilityView c = inspector.capabilities(sleep);
        assertEquals(List.of(new CapabilityView.IdMapping(1000, 0, 1)), c.uidMap());
        assertEquals(List.of(new CapabilityView.IdMapping(1001, 0, 1)), c.gidMap());
        assertEquals(Files.readString(Path.of("/proc/" + sleep + "/gid_map")).trim().split("\\s+")[0], "1001");
        // the status file shows the IDs as the reader's (the host's) namespace sees them
        assertEquals(0, c.uid().effective());
        assertEquals(0, c.gid().effective());
        assertFalse(c.uidMap().getFirst().isIdentity());
        assertTrue(inspector.capabilities((int) ProcessHandle.current().pid()).gidMap().getFirst().isIdentity());
    }

    @Test
    void timeNamespaceOfAForkedChildIsItsOwn() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/time")), "this kernel has no time namespaces");
        Process p = start("unshare", "--time", "--fork", "sleep", "60");
        int sleep = UnshareInspectionTest.waitForChildRunning(p.toHandle(), "sleep");
        pids.addAll(List.of(sleep, (int) p.pid()));

        NamespaceView v = inspector.namespaces(sleep);
        long time = inode(sleep, "time");
        assertNotEquals(inode(HOST, "time"), time);
        assertEquals(time, v.inode(NsType.TIME));
        assertFalse(v.isHost(NsType.TIME));
        assertEquals(List.of(NsType.TIME), v.isolatedTypes());
        assertEquals(time, v.timeForChildren());
        assertEquals(inode(sleep, "time_for_children"), v.timeForChildren());
        // unshare itself, which called unshare(CLONE_NEWTIME) and then fork(2) but never execve(2), stays in the
        // host's time namespace: only its children are born in the new one (time_namespaces(7))
        NamespaceView parent = inspector.namespaces((int) p.pid());
        assertTrue(parent.isHost(NsType.TIME));
        assertEquals(time, parent.timeForChildren());
        boolean lsnsSees = false;
        for (JsonNode n : Commands.lsns(sleep)) {
            if (n.get("type").asText().equals("time")) {
                assertEquals(n.get("ns").asLong(), v.inode(NsType.TIME));
                lsnsSees = true;
            }
        }
        assertTrue(lsnsSees, "lsns lists the time namespace of PID " + sleep);
    }

    @Test
    void withoutForkExecMovesTheProcessIntoTheTimeNamespaceItsChildrenWouldGet() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/self/ns/time")), "this kernel has no time namespaces");
        // unshare(CLONE_NEWTIME) moves only time_for_children (the caller stays, as unshare --fork's parent shows
        // above), but execve(2) switches the caller into it since Linux 5.11: so sleep, exec'd by unshare, is in it
        Process p = start("unshare", "--time", "sleep", "60");
        int pid = (int) p.pid();
        pids.add(pid);
        waitForComm(pid, "sleep");

        NamespaceView v = inspector.namespaces(pid);
        long time = inode(pid, "time");
        assertNotEquals(inode(HOST, "time"), time);
        assertEquals(time, v.inode(NsType.TIME));
        assertFalse(v.isHost(NsType.TIME));
        assertEquals(List.of(NsType.TIME), v.isolatedTypes());
        assertEquals(time, v.timeForChildren());
    }
}
