package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.caps.CapSet;
import dev.glassbox.runtime.step.StepReport;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real engine process (the real backend) on a temporary root, started the way the CLI starts
 * it ({@link EngineLauncher#ensureRunning} when none runs), with its own bridge and cgroup parent:
 * what {@code run --step} reports for a real container, and a SIGKILLed engine that, started
 * again, still knows its containers. Ends only the engine it started (by PID) and the containers
 * it made; removes the root, the cgroup parent and the bridge at the end.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealEngineTest {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbr" + tag;
    private final String cgroupParent = "glassbox-test-" + tag;
    private Path root;
    private EnginePaths paths;
    private EngineClient client;

    private List<String> engineOptions() {
        return List.of("-D" + EngineMain.BRIDGE_PROPERTY + "=" + bridge, "-D" + EngineMain.CGROUP_PARENT_PROPERTY + "=" + cgroupParent);
    }

    @BeforeAll
    void theCliPathStartsTheEngineWhenNoneRuns() throws Exception {
        root = Files.createTempDirectory("glassbox-real-engine");
        paths = EnginePaths.under(root);
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());

        assertTrue(EngineLauncher.running(paths).isEmpty(), "no engine on a fresh root");
        // the CLI's own path (Main calls ensureRunning): the launched engine takes these from our properties
        String oldBridge = System.getProperty(EngineMain.BRIDGE_PROPERTY), oldParent = System.getProperty(EngineMain.CGROUP_PARENT_PROPERTY);
        System.setProperty(EngineMain.BRIDGE_PROPERTY, bridge);
        System.setProperty(EngineMain.CGROUP_PARENT_PROPERTY, cgroupParent);
        try {
            client = EngineLauncher.ensureRunning(paths, Syscalls.linux());
        } finally {
            restore(EngineMain.BRIDGE_PROPERTY, oldBridge);
            restore(EngineMain.CGROUP_PARENT_PROPERTY, oldParent);
        }
        long pid = EngineLauncher.running(paths).orElseThrow(() -> new AssertionError("ensureRunning started no engine")).pid();
        assertNotEquals(ProcessHandle.current().pid(), pid);
        assertEquals(pid, client.version().get("Pid").asLong(), "the client talks to the engine it started");
        try (EngineClient again = EngineLauncher.ensureRunning(paths, Syscalls.linux())) {
            assertEquals(pid, again.version().get("Pid").asLong(), "a second call uses the running engine");
        }
        try (InputStream in = Files.newInputStream(tar)) {
            client.importImage(in, "busybox:latest", line -> {});
        }
    }

    private static void restore(String key, String old) {
        if (old == null) System.clearProperty(key); else System.setProperty(key, old);
    }

    @AfterAll
    void removeEverything() throws Exception {
        try {
            if (EngineLauncher.running(paths).isEmpty() && Files.exists(paths.libDir())) {
                EngineLauncher.start(paths, engineOptions()); // a failed test killed it: clean up through it
            }
            if (Files.exists(paths.socket())) {
                if (client == null) client = EngineClient.connect(paths.socket());
                for (var c : client.containers(true)) client.remove(c.id(), true);
                client.close();
            }
            EngineLauncher.stop(paths, Duration.ofSeconds(15));
        } finally {
            try (var rtnl = dev.glassbox.net.Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
            }
            dev.glassbox.testing.CgroupParents.remove(cgroupParent);
            BusyboxRootfs.delete(root);
        }
    }

    private String create(List<String> cmd, Long memory, Long pids) {
        CreateBody.HostConfig hc = new CreateBody.HostConfig(memory, null, null, pids, null, null, null, null, "none", null, null,
                null, null, null, null);
        return client.create(new CreateBody("busybox", cmd, null, null, null, null, null, null, null, null, hc), null);
    }

    private static final Pattern NS_LINE = Pattern.compile("(\\w+):\\s+(\\S+) -> (\\S+)\\s+\\((new|shared with the host)\\)");

    private static String inode(String procPath) throws IOException {
        String link = Files.readSymbolicLink(Path.of(procPath)).toString();
        return link.substring(link.indexOf('[') + 1, link.length() - 1);
    }

    private static String status(String pid, String key) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith(key + ":"))
                .findFirst().orElseThrow().substring(key.length() + 1).trim();
    }

    @Test
    void stepModeReportsWhatTheRealStepsChanged() throws Exception {
        String id = create(List.of("sleep", "60"), 64L * 1024 * 1024, 50L);
        List<String> titles = client.beginSteps(id);
        Map<String, StepReport> reports = new LinkedHashMap<>();
        for (int i = 0; i < titles.size(); i++) {
            StepReport r = client.nextStep(id);
            assertEquals(i + 1, r.index());
            assertEquals(titles.get(i), r.title());
            reports.put(r.id(), r);
        }
        JsonNode state = client.inspect(id).get("State");
        assertTrue(state.get("Running").asBoolean(), state.toString());
        String pid = state.get("Pid").asText();

        // namespaces: each new one's inode before (the engine's, the host's) and after (the container's PID 1's)
        List<String> ns = reports.get("namespaces").changes();
        assertTrue(ns.contains("container init: host PID " + pid + ", PID 1 inside"), ns.toString());
        Map<String, String[]> byType = new LinkedHashMap<>();
        for (String line : ns) {
            Matcher m = NS_LINE.matcher(line.strip());
            if (m.matches()) byType.put(m.group(1), new String[]{m.group(2), m.group(3), m.group(4)});
        }
        for (String t : List.of("pid", "ipc", "uts", "net", "mnt")) {
            String[] b = byType.get(t);
            assertTrue(b != null, t + " in " + ns);
            assertEquals(inode("/proc/self/ns/" + t), b[0], t + " before is the host's");
            assertEquals(inode("/proc/" + pid + "/ns/" + t), b[1], t + " after is the container's");
            assertEquals("new", b[2], t);
        }
        assertEquals("shared with the host", byType.get("user")[2], "no user namespace, as Docker");

        // the new cgroup, its paths and limits, as the kernel has them
        List<String> cg = reports.get("cgroup").changes();
        assertTrue(cg.contains("memory limit: 67108864 bytes"), cg.toString());
        assertTrue(cg.contains("pids limit: 50"), cg.toString());
        List<Path> created = cg.stream().filter(l -> l.startsWith("created ")).map(l -> Path.of(l.substring(8))).toList();
        assertFalse(created.isEmpty(), cg.toString());
        String procCgroup = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        boolean sawMemory = false, sawPids = false;
        for (Path dir : created) {
            assertTrue(dir.endsWith(Path.of(cgroupParent, id)), dir.toString());
            assertTrue(Files.isDirectory(dir), dir.toString());
            if (Files.exists(dir.resolve("memory.limit_in_bytes"))) {
                assertEquals("67108864", Files.readString(dir.resolve("memory.limit_in_bytes")).strip());
                sawMemory = true;
            }
            if (Files.exists(dir.resolve("memory.max"))) {
                assertEquals("67108864", Files.readString(dir.resolve("memory.max")).strip());
                sawMemory = true;
            }
            if (Files.exists(dir.resolve("pids.max"))) {
                assertEquals("50", Files.readString(dir.resolve("pids.max")).strip());
                sawPids = true;
            }
            assertTrue(Files.readString(dir.resolve("cgroup.procs")).lines().toList().contains(pid), "PID 1 is in " + dir);
        }
        assertTrue(sawMemory && sawPids, "a memory and a pids cgroup among " + created + "; /proc/PID/cgroup: " + procCgroup);
        assertTrue(reports.get("cgroup-join").changes().stream().anyMatch(l -> l.contains("joined " + cgroupParent + "/" + id)),
                reports.get("cgroup-join").changes().toString());

        // mounts added in the container's mount namespace
        List<String> mounts = reports.get("mounts").changes();
        for (String m : List.of("/proc (proc)", "/dev (tmpfs)", "/dev/pts (devpts)", "/dev/shm (tmpfs)", "/sys (sysfs)")) {
            assertTrue(mounts.stream().anyMatch(l -> l.startsWith("+ ") && l.endsWith("/merged" + m)), m + " added: " + mounts);
        }
        assertTrue(mounts.stream().allMatch(l -> l.startsWith("+ ")), "nothing removed: " + mounts);

        // capability sets before (the engine's, root's whole set) and after (Docker's default, as PID 1 has them)
        List<String> caps = reports.get("capabilities").changes();
        Map<String, String[]> sets = new LinkedHashMap<>();
        for (String l : caps) {
            Matcher m = Pattern.compile("(Cap\\w+): (\\S+) -> (\\S+)").matcher(l);
            if (m.matches()) sets.put(m.group(1), new String[]{m.group(2), m.group(3)});
        }
        String self = String.valueOf(ProcessHandle.current().pid());
        for (String set : List.of("CapBnd", "CapEff")) {
            String[] ba = sets.get(set);
            assertTrue(ba != null, set + " in " + caps);
            assertEquals(CapSet.parseHex(status(self, "CapBnd")), CapSet.parseHex(ba[0]), set + " before: root's whole set");
            assertEquals(CapSet.DOCKER_DEFAULT, CapSet.parseHex(ba[1]), set + " after: Docker's default");
            assertEquals(CapSet.parseHex(status(pid, set)), CapSet.parseHex(ba[1]), set + " is what PID 1 has");
        }
        assertTrue(caps.contains("NoNewPrivs: 1"), caps.toString());
        client.remove(id, true);
    }

    /** The course: "use docker inspect to locate the files". GraphDriver.Data names the overlay the kernel has. */
    @Test
    void inspectLocatesTheContainersLayersAsTheKernelMountedThem() throws Exception {
        String id = create(List.of("sleep", "60"), null, null);
        client.start(id);
        JsonNode data = client.inspect(id).get("GraphDriver").get("Data");
        String merged = data.get("MergedDir").asText(), upper = data.get("UpperDir").asText();
        String work = data.get("WorkDir").asText(), lower = data.get("LowerDir").asText();
        String overlay = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals(merged)).findFirst()
                .orElseThrow(() -> new AssertionError("no mount at MergedDir \"" + merged + "\""));
        assertTrue(overlay.contains(" - overlay "), overlay);
        for (String option : List.of("lowerdir=" + lower, "upperdir=" + upper, "workdir=" + work)) {
            assertTrue(overlay.contains(option), option + " in " + overlay);
        }
        assertTrue(Files.isDirectory(Path.of(upper)) && upper.startsWith(root.toString()), upper);
        client.remove(id, true);
    }

    @Test
    void aSigkilledEngineStartedAgainListsRunningAndExitedContainers() throws Exception {
        String running = create(List.of("sleep", "300"), null, null);
        client.start(running);
        String exiting = create(List.of("sh", "-c", "sleep 1; exit 7"), null, null);
        client.start(exiting);
        String runningPid = client.inspect(running).get("State").get("Pid").asText();
        long exitingPid = client.inspect(exiting).get("State").get("Pid").asLong();

        ProcessHandle engine = EngineLauncher.running(paths).orElseThrow();
        assertEquals(engine.pid(), client.version().get("Pid").asLong(), "the pid file names the engine we talk to");
        client.close();
        client = null;
        assertTrue(engine.destroyForcibly(), "SIGKILL the engine");
        engine.onExit().get(10, TimeUnit.SECONDS);
        // meanwhile the second container exits: only its shim sees it
        Instant end = Instant.now().plusSeconds(10);
        while (ProcessHandle.of(exitingPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(Instant.now().isBefore(end), "the container exits while no engine runs");
            Thread.sleep(50);
        }
        assertTrue(Files.isDirectory(Path.of("/proc", runningPid)), "the container outlives its engine");

        long second = EngineLauncher.start(paths, engineOptions());
        assertNotEquals(engine.pid(), second);
        client = EngineClient.connect(paths.socket());
        Map<String, String> states = new LinkedHashMap<>();
        Map<String, String> statuses = new LinkedHashMap<>();
        for (var c : client.containers(true)) {
            states.put(c.id(), c.state());
            statuses.put(c.id(), c.status());
        }
        assertEquals("running", states.get(running), states.toString());
        assertEquals("exited", states.get(exiting), states.toString());
        assertTrue(statuses.get(exiting).startsWith("Exited (7)"), statuses.get(exiting));
        assertTrue(statuses.get(running).startsWith("Up"), statuses.get(running));
        assertEquals(List.of(running), client.containers(false).stream().map(ContainerSummary::id).toList());
        JsonNode r = client.inspect(running).get("State"), x = client.inspect(exiting).get("State");
        assertEquals(runningPid, r.get("Pid").asText(), "the same process");
        assertEquals(7, x.get("ExitCode").asInt());
        assertEquals("exited", x.get("Status").asText());
        // the new engine controls the container it found
        client.kill(running, "KILL");
        assertEquals(137, client.await(running));
        List<String> ids = new ArrayList<>(List.of(running, exiting));
        for (String id : ids) client.remove(id, true);
        assertTrue(client.containers(true).isEmpty());
    }
}
