package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.caps.CapSet;
import dev.glassbox.caps.Capability;
import dev.glassbox.mount.Change;
import dev.glassbox.mount.Layer;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.testing.RootOnly;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A container started by another runtime, runc, on a busybox rootfs mounted as an overlay:
 * the inspectors see it from /proc alone, knowing nothing of runc. Its spec has a one-rule
 * seccomp profile, so the container runs with a seccomp filter.
 */
@RootOnly
class RuncInspectionTest {
    static Path dir, lower, upper, merged;
    static String id;
    static boolean mounted, created;
    static int pid;
    final Inspector inspector = new Inspector();

    @BeforeAll
    static void startContainer() throws Exception {
        dir = Files.createTempDirectory("glassbox-runc-").toRealPath();
        lower = Files.createDirectories(dir.resolve("rootfs"));
        for (String d : List.of("bin", "proc", "dev", "sys", "etc", "tmp")) Files.createDirectories(lower.resolve(d));
        Files.copy(Path.of("/bin/busybox"), lower.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep", "rm", "echo")) {
            Files.createSymbolicLink(lower.resolve("bin/" + applet), Path.of("busybox"));
        }
        Files.writeString(lower.resolve("etc/motd"), "welcome\n");
        upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path bundle = Files.createDirectories(dir.resolve("bundle"));
        merged = Files.createDirectories(bundle.resolve("rootfs"));
        Commands.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
        mounted = true;

        Commands.run("runc", "spec", "--bundle", bundle.toString());
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(bundle.resolve("config.json").toFile());
        ObjectNode process = (ObjectNode) config.get("process");
        process.putArray("args").add("sleep").add("60");
        process.put("terminal", false);
        ((ObjectNode) config.get("root")).put("readonly", false);
        // runc spec has no seccomp profile; a one-rule one makes runc load one BPF filter (runc is built with libseccomp)
        ObjectNode seccomp = ((ObjectNode) config.get("linux")).putObject("seccomp");
        seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
        seccomp.putArray("syscalls").addObject().put("action", "SCMP_ACT_ERRNO").putArray("names").add("kexec_load");
        json.writeValue(bundle.resolve("config.json").toFile(), config);

        id = "glassbox-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path pidFile = dir.resolve("pid");
        // detached and without a terminal, the container inherits runc's stdio: give it none to hold open
        Process run = new ProcessBuilder(runc("run", "-d", "--bundle", bundle.toString(), "--pid-file", pidFile.toString(), id))
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("runc.err").toFile()).start();
        created = true;
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new AssertionError("runc run failed: " + Files.readString(dir.resolve("runc.err")));
        }
        pid = Integer.parseInt(Files.readString(pidFile).trim());
    }

    static String[] runc(String... args) {
        List<String> argv = new ArrayList<>(List.of("runc", "--root", dir.resolve("state").toString()));
        argv.addAll(List.of(args));
        return argv.toArray(String[]::new);
    }

    @AfterAll
    static void removeContainer() throws Exception {
        try {
            if (created) {
                try {
                    Commands.run(runc("kill", id, "KILL"));
                } catch (AssertionError alreadyStopped) {
                    // delete -f below stops it anyway
                }
                Commands.run(runc("delete", "-f", id));
            }
        } finally {
            if (mounted) Commands.run("umount", merged.toString());
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void containerHasItsOwnNamespacesExceptThoseRuncLeavesShared() {
        NamespaceView v = inspector.namespaces(pid);
        for (NsType t : List.of(NsType.PID, NsType.NET, NsType.IPC, NsType.UTS, NsType.MNT)) {
            assertTrue(!v.isHost(t), t + " should be the container's own");
        }
        assertTrue(v.isHost(NsType.USER));
        assertEquals(2, v.pidChain().size());
        for (var n : Commands.lsns(pid)) {
            assertEquals(n.get("ns").asLong(), v.inode(NsType.ofFileName(n.get("type").asText())));
        }
    }

    @Test
    void capabilitiesAreRuncsDefaultThreeWithNoNewPrivs() {
        CapabilityView c = inspector.capabilities(pid);
        CapSet runcDefault = CapSet.of(Capability.CAP_AUDIT_WRITE, Capability.CAP_KILL, Capability.CAP_NET_BIND_SERVICE);
        assertEquals(runcDefault, c.bounding());
        assertEquals(runcDefault, c.effective());
        assertTrue(c.vsDocker().bounding().missing().has(Capability.CAP_CHOWN));
        assertTrue(c.vsDocker().bounding().extra().isEmpty());
        assertTrue(c.vsHost().effective().missing().has(Capability.CAP_SYS_ADMIN));
        assertTrue(c.noNewPrivs());
        String capsh = Commands.run("capsh", "--decode=" + c.bounding().hex()).trim();
        assertEquals(capsh.substring(capsh.indexOf('=') + 1), c.bounding().toString());
    }

    @Test
    void seccompIsInFilterModeWithTheFiltersProcStatusCounts() throws Exception {
        CapabilityView c = inspector.capabilities(pid);
        java.util.Map<String, String> status = status(pid);
        assertEquals("2", status.get("Seccomp"), "SECCOMP_MODE_FILTER in /proc/PID/status");
        assertEquals(CapabilityView.Seccomp.FILTER, c.seccomp());
        assertEquals(Integer.valueOf(status.get("Seccomp_filters")), c.seccompFilters());
        assertTrue(c.seccompFilters() >= 1, "runc loaded the profile: " + c.seccompFilters());
        // and this JVM, whatever its own (none here; a CI container may give it one): the numbers of its status
        int self = (int) ProcessHandle.current().pid();
        CapabilityView mine = inspector.capabilities(self);
        assertEquals(status(self).get("Seccomp"), Integer.toString(mine.seccomp().ordinal()));
        assertEquals(Integer.valueOf(status(self).get("Seccomp_filters")), mine.seccompFilters());
    }

    /** /proc/PID/status as the reference: key -> value. */
    static java.util.Map<String, String> status(int pid) throws Exception {
        java.util.Map<String, String> status = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2) status.put(kv[0], kv[1].trim());
        }
        return status;
    }

    @Test
    void processTreeShowsSleepAsPid1OfTheContainer() {
        ProcessView p = inspector.processes(pid);
        ProcessView.Proc init = p.processes().getFirst();
        assertEquals(pid, init.hostPid());
        assertEquals(1, init.innerPid());
        assertEquals(List.of("sleep", "60"), init.cmdline());
    }

    @Test
    void rootIsTheOverlayTheTestMountedAndChangesShowInItsLayers() throws Exception {
        MountView m = inspector.mounts(pid);
        OverlayStack root = m.rootOverlay();
        assertNotNull(root, "root of the container should be an overlay: " + m.table().root());
        assertEquals(List.of(lower.toString()), root.lowerDirs());
        assertEquals(upper.toString(), root.upperDir());
        assertEquals("/proc/" + pid + "/root", root.merged());

        Commands.run(runc("exec", id, "sh", "-c", "echo hi > /hello && rm /etc/motd"));
        assertEquals("upper", root.origin("/hello").map(Layer::name).orElse("none"));
        assertEquals("lower1", root.origin("/bin/busybox").map(Layer::name).orElse("none"));
        assertTrue(root.origin("/etc/motd").isEmpty());
        assertTrue(Files.exists(Path.of(root.merged(), "hello")), "the merged view is reachable through /proc/PID/root");
        List<String> diff = root.scanUpper().changes().stream().map(Change::toString).toList();
        assertTrue(diff.containsAll(List.of("C /etc", "D /etc/motd", "A /hello")), diff.toString());
    }

    @Test
    void mountTableEqualsFindmntForTheContainer() throws Exception {
        MountView m = inspector.mounts(pid);
        var findmnt = new ObjectMapper().readTree(Commands.run("findmnt", "-J", "-l", "--task", Integer.toString(pid),
                "-o", "TARGET,FSTYPE"));
        List<String> theirs = new ArrayList<>();
        for (var n : findmnt.get("filesystems")) theirs.add(n.get("target").asText() + " " + n.get("fstype").asText());
        assertEquals(theirs, m.mounts().stream().map(i -> i.mountPoint() + " " + i.fsType()).toList());
    }
}
