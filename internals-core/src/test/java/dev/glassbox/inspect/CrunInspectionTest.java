package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.caps.CapSet;
import dev.glassbox.caps.Capability;
import dev.glassbox.testing.RootOnly;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container started by crun, with limits in its config, on a busybox rootfs: the inspectors
 * see its namespaces, capabilities, cgroup and mounts from /proc and /sys alone.
 *
 * <p>crun 1.8.1 sees this machine's empty v2 tree at /sys/fs/cgroup/unified and refuses the
 * hybrid layout; so crun runs in a private mount namespace ({@code unshare -m}) where an empty
 * file hides {@code unified/cgroup.controllers}, and it uses the v1 controllers.
 */
@RootOnly
class CrunInspectionTest {
    static Path dir, bundle;
    static String id;
    static boolean created;
    static int pid;
    final Inspector inspector = new Inspector();

    @BeforeAll
    static void startContainer() throws Exception {
        dir = Files.createTempDirectory("glassbox-crun-").toRealPath();
        bundle = Files.createDirectories(dir.resolve("bundle"));
        Path rootfs = Files.createDirectories(bundle.resolve("rootfs"));
        for (String d : List.of("bin", "proc", "dev", "sys", "etc", "tmp")) Files.createDirectories(rootfs.resolve(d));
        Files.copy(Path.of("/bin/busybox"), rootfs.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep")) Files.createSymbolicLink(rootfs.resolve("bin/" + applet), Path.of("busybox"));
        Files.createFile(dir.resolve("empty"));

        Commands.run("crun", "spec", "--bundle", bundle.toString());
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.putArray("args").add("sleep").add("600");
        process.put("terminal", false);
        ((ObjectNode) config.get("root")).put("readonly", false);
        id = "glassbox-test-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ObjectNode linux = (ObjectNode) config.get("linux");
        linux.put("cgroupsPath", "/" + id);
        ObjectNode resources = linux.putObject("resources");
        resources.putObject("memory").put("limit", 48L << 20);
        resources.putObject("cpu").put("quota", 25000).put("period", 100000);
        resources.putObject("pids").put("limit", 20);
        json.writeValue(bundle.resolve("config.json").toFile(), config);

        Path pidFile = dir.resolve("pid");
        created = true;
        crun("run", "-d", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id);
        pid = Integer.parseInt(Files.readString(pidFile).trim());
    }

    /** {@code crun --root DIR/state ARGS} in a private mount namespace that hides the empty v2 tree from crun. */
    static void crun(String... args) throws Exception {
        List<String> crun = new ArrayList<>(List.of("crun", "--root", dir.resolve("state").toString()));
        crun.addAll(List.of(args));
        String script = "mount --bind " + dir.resolve("empty") + " /sys/fs/cgroup/unified/cgroup.controllers && exec \"$@\"";
        List<String> argv = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", script, "sh"));
        argv.addAll(crun);
        // detached, the container inherits crun's stdio: give it none to hold open
        Process p = new ProcessBuilder(argv).redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("crun.err").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("crun " + args[0] + " failed: " + Files.readString(dir.resolve("crun.err")));
        }
    }

    @AfterAll
    static void removeContainer() throws Exception {
        try {
            if (created) {
                try {
                    crun("delete", "-f", id);
                } catch (AssertionError neverStarted) {
                    // nothing to delete
                }
            }
        } finally {
            // crun removes its cgroup; should it not, remove ours (and only ours)
            for (String c : TestCgroupV1.CONTROLLERS) {
                Path left = Path.of("/sys/fs/cgroup", c, id);
                if (Files.isDirectory(left)) Files.delete(left);
            }
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void namespacesAreTheContainersOwnAndEqualLsns() {
        NamespaceView v = inspector.namespaces(pid);
        for (NsType t : List.of(NsType.PID, NsType.NET, NsType.IPC, NsType.UTS, NsType.MNT)) {
            assertFalse(v.isHost(t), t + " should be the container's own");
        }
        for (var n : Commands.lsns(pid)) {
            assertEquals(n.get("ns").asLong(), v.inode(NsType.ofFileName(n.get("type").asText())));
        }
    }

    @Test
    void capabilitiesAreCrunsDefaultThree() {
        CapabilityView c = inspector.capabilities(pid);
        CapSet three = CapSet.of(Capability.CAP_AUDIT_WRITE, Capability.CAP_KILL, Capability.CAP_NET_BIND_SERVICE);
        assertEquals(three, c.bounding());
        assertEquals(three, c.effective());
        String capsh = Commands.run("capsh", "--decode=" + c.bounding().hex()).trim();
        assertEquals(capsh.substring(capsh.indexOf('=') + 1), c.bounding().toString());
    }

    @Test
    void cgroupShowsThePathAndTheLimitsOfItsConfig() {
        CgroupView v = CgroupView.reader().read(pid, ProcFs.live());
        assertEquals("/" + id, v.pathOf("memory").orElseThrow());
        assertEquals("/" + id, v.pathOf("pids").orElseThrow());
        CgroupView.Node n = v.cgroup();
        assertEquals(48L << 20, n.limits().memoryBytes());
        assertEquals(25000L, n.limits().cpuQuotaMicros());
        assertEquals(100000L, n.limits().cpuPeriodMicros());
        assertEquals(20L, n.limits().pidsMax());
        assertEquals(1L, n.usage().pids());
        assertEquals(List.of(pid), n.pids());
        assertEquals("/", v.parent().path());
    }

    @Test
    void mountsEqualFindmnt() throws Exception {
        MountView m = inspector.mounts(pid);
        var findmnt = new ObjectMapper().readTree(Commands.run("findmnt", "-J", "-l", "--task", Integer.toString(pid),
                "-o", "TARGET,FSTYPE"));
        List<String> theirs = new ArrayList<>();
        for (var n : findmnt.get("filesystems")) theirs.add(n.get("target").asText() + " " + n.get("fstype").asText());
        assertEquals(theirs, m.mounts().stream().map(i -> i.mountPoint() + " " + i.fsType()).toList());
        assertTrue(theirs.contains("/proc proc"), theirs.toString());
    }

    @Test
    void itsNetworkNamespaceHoldsOnlyLoopbackAndTheFullSnapshotHasEveryView() {
        Snapshot s = inspector.withExtraView(CgroupView.reader()).withExtraView(NetworkView.reader()).snapshot(pid);
        NetworkView net = s.view("net", NetworkView.class).orElseThrow();
        assertEquals(List.of("lo"), net.interfaces().stream().map(NetworkView.Interface::name).toList());
        assertFalse(net.host());
        assertEquals("/" + id, s.view("cgroup", CgroupView.class).orElseThrow().cgroup().path());
    }
}
