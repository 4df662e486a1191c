package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.caps.CapSet;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.step.StepFailedException;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Whole containers on the real kernel, as root, on a busybox image imported into a temp store. */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerRuntimeTest {
    private final Syscalls sys = Syscalls.linux();
    private Path root;
    private ImageStore images;
    private ContainerRuntime runtime;
    private final String cgroupParent = "glassbox-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final String bridge = "gbtest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));

    @BeforeAll
    void importBusybox() throws Exception {
        root = Files.createTempDirectory("glassbox-runtime-test");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Path tar = root.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        assertEquals(0, p.waitFor());
        images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        runtime = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge);
    }

    @AfterEach
    void removeContainers() {
        for (ContainerInfo c : runtime.list(true)) runtime.remove(c.id(), true);
    }

    @AfterAll
    void cleanUp() throws IOException {
        runtime.close();
        try (var rtnl = dev.glassbox.net.Rtnl.open()) {
            rtnl.deleteLinkIfExists(bridge);
        }
        dev.glassbox.testing.CgroupParents.remove(cgroupParent);
        BusyboxRootfs.delete(root);
    }

    /** Most tests need no network: --network none keeps them off the host's links. */
    private ContainerConfig config(String... cmd) {
        return ContainerConfig.builder("busybox").cmd(List.of(cmd)).networkMode("none").build();
    }

    private String log(ContainerInfo c) throws IOException {
        return Files.readString(runtime.logFile(c.id()));
    }

    private ContainerInfo runToEnd(ContainerConfig config) throws Exception {
        ContainerInfo c = runtime.create(config);
        runtime.start(c.id());
        runtime.await(c.id());
        return runtime.inspect(c.id());
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void theContainerHasItsOwnHostnamePidOneAndProcesses() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", "hostname; echo pid=$$; ps -o pid,comm; true").toBuilder().hostname("box").build());
        String out = log(c);
        assertEquals(ContainerState.EXITED, c.state());
        assertEquals(0, c.exitCode());
        assertTrue(out.startsWith("box\npid=1\n"), out);
        // only the container's processes: sh (1) and ps
        List<String> psLines = out.lines().skip(3).toList();
        assertEquals(2, psLines.size(), out);
        assertFalse(out.contains("java"), out);
    }

    @Test
    void theEnvironmentIsTheImagesPlusDashEAndDockersDefaults() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", "echo $FOO $HOSTNAME $HOME; echo $PATH").toBuilder()
                .env(List.of("FOO=bar")).hostname("envbox").build());
        assertEquals("bar envbox /root\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n", log(c));
    }

    @Test
    void exitCodeIsTheCommandsAndMissingCommandIs127() throws Exception {
        assertEquals(3, runToEnd(config("sh", "-c", "exit 3")).exitCode());
        ContainerInfo c = runtime.create(config("no-such-command"));
        ContainerException e = assertThrows(ContainerException.class, () -> runtime.start(c.id()));
        assertTrue(e.getMessage().contains("executable file not found"), e.getMessage());
        assertEquals(127, runtime.inspect(c.id()).exitCode());
        ContainerInfo d = runtime.create(config("/etc/image-file"));
        assertThrows(ContainerException.class, () -> runtime.start(d.id()));
        assertEquals(126, runtime.inspect(d.id()).exitCode());
    }

    @Test
    void rootIsTheOverlayAndWritesLandInTheUpperDir() throws Exception {
        ContainerInfo c = runtime.create(config("sh", "-c", "echo new > /new-file; rm /etc/image-file; mkdir -p /data; sleep 30"));
        runtime.start(c.id());
        ContainerInfo running = runtime.inspect(c.id());
        assertEquals(ContainerState.RUNNING, running.state());
        String rootMount = Files.readAllLines(Path.of("/proc/" + running.pid() + "/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].equals("/")).findFirst().orElseThrow();
        assertTrue(rootMount.contains(" - overlay overlay "), rootMount);
        assertTrue(rootMount.contains("upperdir=" + running.paths().get("upper")), rootMount);
        Path upper = Path.of(running.paths().get("upper"));
        eventually(() -> Files.exists(upper.resolve("new-file")), "the new file is in the upper dir");
        eventually(() -> Files.exists(upper.resolve("etc/image-file"), LinkOption.NOFOLLOW_LINKS), "the whiteout exists");
        PosixFileAttributes wh = Files.readAttributes(upper.resolve("etc/image-file"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(wh.isOther(), "a deleted image file becomes a character device 0/0 (whiteout)");
        // the layers below are unchanged: first the init layer, with only its empty mount points, then the image's
        List<String> lowers = List.of(running.paths().get("lower").split(":"));
        try (var initLayer = Files.walk(Path.of(lowers.getFirst()))) {
            assertEquals(List.of("", "dev", "etc", "etc/hostname", "etc/hosts", "etc/resolv.conf", "proc", "sys"),
                    initLayer.map(p -> Path.of(lowers.getFirst()).relativize(p).toString()).sorted().toList());
        }
        for (String lower : lowers.subList(1, lowers.size())) {
            assertTrue(Files.exists(Path.of(lower, "etc/image-file")) || !Files.exists(Path.of(lower, "etc")));
            assertFalse(Files.exists(Path.of(lower, "new-file")));
        }
        assertFalse(Files.exists(upper.resolve("etc/hosts")), "the mount points are the init layer's, not copied up into the container's");
        runtime.stop(c.id(), 1);
    }

    /** The container's output as key=value lines (a key given twice keeps the last); "mnt" lines are its mountinfo. */
    private static java.util.Map<String, String> facts(String out) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String l : out.lines().toList()) {
            int eq = l.indexOf('=');
            if (eq > 0 && !l.startsWith("mnt ")) m.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return m;
    }

    /** mount point -> "fstype options" (the per-mount options, field 6), from "mnt " lines of mountinfo. */
    private static java.util.Map<String, String> mountsIn(String out) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String l : out.lines().filter(x -> x.startsWith("mnt ")).toList()) {
            String line = l.substring(4);
            String[] f = line.split(" ");
            String type = line.substring(line.indexOf(" - ") + 3).split(" ")[0];
            m.put(f[4], type + " " + f[5]);
        }
        return m;
    }

    private static String hostNs(String type) throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/" + type)).toString();
    }

    private static final String PRINT_FACTS = String.join("; ",
            "echo pwd=$(pwd)", "echo uid=$(id -u)", "echo gid=$(id -g)", "echo greeting=$GREETING",
            "echo nnp=$(grep NoNewPrivs /proc/self/status | tr -dc 0-9)",
            "for t in pid ipc uts net mnt; do echo ns_$t=$(readlink /proc/self/ns/$t); done",
            "for d in null zero full random urandom tty; do echo dev_$d=$(stat -c '%F %t,%T' /dev/$d); done",
            "for p in kcore keys timer_list; do echo masked_$p=$(stat -c '%F %t,%T' /proc/$p 2>/dev/null); done",
            "touch /rootfile 2>/dev/null && echo root=rw || echo root=ro",
            "touch /tmp/tmpfile 2>/dev/null && echo tmp=rw || echo tmp=ro",
            "touch /dev/shm/shmfile 2>/dev/null && echo shm=rw || echo shm=ro",
            "(echo glassbox > /proc/sys/kernel/hostname) 2>/dev/null && echo procsys=rw || echo procsys=ro",
            "sed 's/^/mnt /' /proc/self/mountinfo");

    @Test
    void readOnlyWorkdirEnvDevicesMaskedPathsAndNoNewPrivsInARealContainer() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", PRINT_FACTS).toBuilder().readOnlyRootfs(true).workingDir("/srv/app")
                .env(List.of("GREETING=hello there")).build());
        String out = log(c);
        var f = facts(out);
        var mounts = mountsIn(out);
        assertEquals(0, c.exitCode(), out);
        assertEquals("/srv/app", f.get("pwd"), "-w: the command starts there (created when missing)");
        assertEquals("hello there", f.get("greeting"), "-e");
        assertEquals("0", f.get("uid"));
        assertEquals("1", f.get("nnp"), "no_new_privs is set");
        for (String t : List.of("pid", "ipc", "uts", "net", "mnt")) {
            assertFalse(hostNs(t).equals(f.get("ns_" + t)), t + " namespace is the container's own: " + f.get("ns_" + t));
        }
        // --read-only: as Docker, only the root file system is read-only (/tmp is part of it); /dev/shm stays writable
        assertEquals("ro", f.get("root"), out);
        assertEquals("ro", f.get("tmp"), out);
        assertEquals("rw", f.get("shm"), out);
        assertTrue(mounts.get("/").contains(" ro"), mounts.get("/"));
        java.util.Map<String, String> nodes = java.util.Map.of("null", "1,3", "zero", "1,5", "full", "1,7", "random", "1,8",
                "urandom", "1,9", "tty", "5,0");
        nodes.forEach((n, dev) -> assertEquals("character special file " + dev, f.get("dev_" + n), "/dev/" + n));
        assertTrue(mounts.getOrDefault("/dev/pts", "").startsWith("devpts "), "/dev/pts: " + mounts.get("/dev/pts"));
        assertTrue(mounts.getOrDefault("/dev/shm", "").startsWith("tmpfs "), "/dev/shm: " + mounts.get("/dev/shm"));
        assertTrue(mounts.getOrDefault("/sys", "").matches("sysfs ro(,.*)?"), "/sys read-only: " + mounts.get("/sys"));
        // Docker's masked paths: files covered by /dev/null, directories by an empty read-only tmpfs
        for (String p : List.of("kcore", "keys", "timer_list")) {
            if (Files.exists(Path.of("/proc", p))) assertEquals("character special file 1,3", f.get("masked_" + p), "/proc/" + p + " is /dev/null");
        }
        for (String p : List.of("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/proc/acpi", "/proc/scsi")) {
            if (Files.exists(Path.of(p))) assertTrue(mounts.containsKey(p), p + " is masked: " + mounts.keySet());
        }
        for (String p : List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus")) {
            if (Files.exists(Path.of(p))) assertTrue(mounts.getOrDefault(p, "").matches("\\S+ ro(,.*)?"), p + " read-only: " + mounts.get(p));
        }
        assertEquals("ro", f.get("procsys"), "a write to /proc/sys fails");
    }

    @Test
    void hostPidIpcUtsNamespacesAndUserInARealContainer() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", PRINT_FACTS).toBuilder().pidMode("host").ipcMode("host").utsMode("host")
                .user("1000:1001").build());
        String out = log(c);
        var f = facts(out);
        assertEquals(0, c.exitCode(), out);
        for (String t : List.of("pid", "ipc", "uts")) assertEquals(hostNs(t), f.get("ns_" + t), "--" + t + " host");
        for (String t : List.of("net", "mnt")) assertFalse(hostNs(t).equals(f.get("ns_" + t)), t + " is still the container's own");
        assertEquals("1000", f.get("uid"), "-u uid:gid");
        assertEquals("1001", f.get("gid"), "-u uid:gid");
        assertEquals("/", f.get("pwd"));
        assertEquals("1", f.get("nnp"));
    }

    @Test
    void privilegedHasNoNoNewPrivsAndNothingMasked() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", PRINT_FACTS).toBuilder().privileged(true).build());
        String out = log(c);
        var f = facts(out);
        assertEquals("0", f.get("nnp"), out);
        assertFalse(mountsIn(out).containsKey("/proc/keys"), "--privileged masks nothing");
        assertEquals("rw", f.get("root"));
    }

    @Test
    void capEffIsDockersDefaultAndPrivilegedHasTheWholeBoundingSet() throws Exception {
        ContainerInfo c = runToEnd(config("grep", "CapEff", "/proc/self/status"));
        assertEquals(CapSet.DOCKER_DEFAULT, CapSet.parseHex(log(c).split("\\s+")[1].trim()));
        ContainerInfo p = runToEnd(config("grep", "CapEff", "/proc/self/status").toBuilder().privileged(true).build());
        String hostBounding = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().split("\\s+")[1];
        assertEquals(CapSet.parseHex(hostBounding), CapSet.parseHex(log(p).split("\\s+")[1].trim()));
    }

    @Test
    void capAddAndDropChangeTheSet() throws Exception {
        ContainerConfig cfg = config("grep", "CapEff", "/proc/self/status").toBuilder().capAdd(List.of("NET_ADMIN")).capDrop(List.of("CHOWN")).build();
        CapSet got = CapSet.parseHex(log(runToEnd(cfg)).split("\\s+")[1].trim());
        assertEquals(CapSet.DOCKER_DEFAULT.union(CapSet.parseNames(List.of("NET_ADMIN"))).minus(CapSet.parseNames(List.of("CHOWN"))), got);
    }

    @Test
    void capDropAllThenAddKeepsOnlyTheAddedInTheBoundingSet() throws Exception {
        ContainerInfo c = runToEnd(config("grep", "CapBnd", "/proc/self/status").toBuilder().user("65534")
                .capDrop(List.of("ALL")).capAdd(List.of("NET_BIND_SERVICE")).build());
        assertEquals(CapSet.parseNames(List.of("NET_BIND_SERVICE")), CapSet.parseHex(log(c).split("\\s+")[1].trim()));
    }

    @Test
    void capDropAllThenAddKeepsOnlyTheAdded() {
        assertEquals(CapSet.parseNames(List.of("CHOWN")), Resolved.tweak(List.of("CHOWN"), List.of("ALL")));
        assertEquals(CapSet.allOnThisKernel().minus(CapSet.parseNames(List.of("SYS_ADMIN"))),
                Resolved.tweak(List.of("ALL"), List.of("SYS_ADMIN")));
    }

    @Test
    void aMemoryHogIsOomKilledUnderItsLimit() throws Exception {
        ContainerConfig cfg = config("sh", "-c", "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done").toBuilder().memory(32L * 1024 * 1024).build();
        ContainerInfo c = runToEnd(cfg);
        assertTrue(c.oomKilled(), "OOMKilled");
        assertEquals(137, c.exitCode());
    }

    @Test
    void theContainerSeesItsOwnLimitsUnderSysFsCgroupReadOnly() throws Exception {
        // v2: memory.max at the root; v1 and hybrid: one directory per controller
        ContainerConfig cfg = config("sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                + " cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max;"
                + " touch /sys/fs/cgroup/x 2>/dev/null || echo read-only").toBuilder().memory(48L * 1024 * 1024).pidsLimit(33L).build();
        assertEquals(List.of("50331648", "33", "read-only"), log(runToEnd(cfg)).lines().toList());
    }

    @Test
    void theInitIsInItsCgroupInEveryHierarchyBeforeItExecs() throws Exception {
        ContainerInfo c = runtime.create(config("sleep", "60").toBuilder().memory(64L * 1024 * 1024).pidsLimit(50L).build());
        ContainerService.StepSession s = runtime.startStepByStep(c.id());
        List<String> joined = null;
        while (s.hasNext()) {
            var report = s.next();
            if (report.id().equals("cgroup-join")) joined = report.changes();
        }
        int pid = runtime.inspect(c.id()).pid();
        String own = "/" + cgroupParent + "/" + c.id();
        List<String> lines = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"));
        boolean v1 = Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        // v1: the init moved itself (echo 0 > tasks); v2, and the unified tree of a hybrid host: born there (clone3)
        for (String controller : v1 ? List.of("memory", "pids") : List.<String>of()) {
            assertTrue(lines.stream().anyMatch(l -> l.split(":")[1].equals(controller) && l.endsWith(own)), controller + ": " + lines);
        }
        boolean v2Tree = !v1 || Files.isDirectory(Path.of("/sys/fs/cgroup/unified"));
        if (v2Tree) {
            assertTrue(lines.contains("0::" + own), "the v2 tree: " + lines);
            assertTrue(joined.stream().anyMatch(l -> l.contains("born in") && l.contains("CLONE_INTO_CGROUP")), joined.toString());
        }
        if (v1) assertTrue(joined.stream().anyMatch(l -> l.contains("moved itself into") && l.contains("echo 0 > tasks")), joined.toString());
    }

    @Test
    void aForkLoopStopsAtThePidsLimit() throws Exception {
        ContainerConfig cfg = config("sh", "-c", "i=0; while [ $i -lt 40 ]; do sleep 30 & i=$((i+1)); done; echo all started")
                .toBuilder().pidsLimit(10L).build();
        ContainerInfo c = runToEnd(cfg);
        assertTrue(log(c).contains("can't fork"), log(c));
        assertFalse(log(c).contains("all started"), log(c));
    }

    @Test
    void stopPauseKillAndExecWorkOnARunningContainer() throws Exception {
        ContainerInfo c = runtime.create(config("sleep", "60"));
        runtime.start(c.id());
        runtime.pause(c.id());
        assertEquals(ContainerState.PAUSED, runtime.inspect(c.id()).state());
        runtime.unpause(c.id());
        assertEquals(ContainerState.RUNNING, runtime.inspect(c.id()).state());

        ContainerService.ExecHandle exec = runtime.exec(c.id(),
                new ContainerService.ExecRequest(List.of("sh", "-c", "hostname; echo $$; cat /proc/1/cmdline; echo; cat /proc/self/cgroup"),
                        false, false, null, null, null, false));
        assertEquals(0, exec.await());
        String out = Files.readString(exec.output()).replace('\0', ' ');
        assertTrue(out.contains("sleep 60"), out);
        // in the container's cgroup, seen from its cgroup namespace: its root, in every hierarchy Glassbox made it one
        List<String> cgroups = out.lines().filter(l -> l.matches("\\d+:[^:]*:.*")).toList();
        boolean v1 = Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        for (String controller : v1 ? List.of("memory", "pids") : List.<String>of()) {
            assertTrue(cgroups.stream().anyMatch(l -> l.split(":")[1].equals(controller) && l.endsWith(":/")), controller + ": " + out);
        }
        if (!v1 || Files.isDirectory(Path.of("/sys/fs/cgroup/unified"))) assertTrue(cgroups.contains("0::/"), out);

        List<List<String>> top = runtime.top(c.id());
        assertEquals(Top.TITLES, top.get(0));
        assertTrue(top.stream().anyMatch(r -> r.get(5).equals("sleep 60")), top.toString());

        runtime.kill(c.id(), Kernel.SIGKILL);
        assertEquals(137, runtime.await(c.id()));
    }

    @Test
    void rmLeavesNoMountCgroupProcessOrState() throws Exception {
        List<String> mountinfoBefore = mountinfo(null);
        Set<String> cgroupsBefore = cgroupDirs(null);
        ContainerInfo c = runtime.create(config("sleep", "60").toBuilder().memory(64L * 1024 * 1024).pidsLimit(100L).build());
        runtime.start(c.id());
        ContainerInfo running = runtime.inspect(c.id());
        Set<String> cgroupsRunning = cgroupDirs(c.id());
        boolean v1 = Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        List<String> expected = (v1 ? List.of("memory", "pids") : List.of("")).stream()
                .map(ctl -> Path.of("/sys/fs/cgroup", ctl, cgroupParent, c.id()).toString()).toList();
        assertTrue(cgroupsRunning.containsAll(expected), "the container's cgroups while it runs: " + cgroupsRunning);
        assertTrue(mountinfo(c.id()).size() > mountinfoBefore.size(), "the container's overlay is mounted");
        assertThrows(ContainerException.class, () -> runtime.remove(c.id(), false));
        runtime.remove(c.id(), true);
        assertEquals(mountinfoBefore, mountinfo(c.id()), "mountinfo entries under the test root or naming the container");
        assertEquals(cgroupsBefore, cgroupDirs(c.id()), "cgroup directories (every hierarchy) of the test's parent or the container");
        assertFalse(Files.exists(Path.of("/proc/" + running.pid())), "process gone");
        assertFalse(Files.exists(root.resolve("lib/containers").resolve(c.id())), "container layer removed");
        assertFalse(Files.exists(root.resolve("run/containers").resolve(c.id())), "run state removed");
    }

    @Test
    void aRunRmContainerIsKeptForItsClientsWaitWithItsOutputThenGoes() throws Exception {
        ContainerInfo c = runtime.create(config("sh", "-c", "echo last words").toBuilder().autoRemove(true).build());
        runtime.start(c.id(), true); // an attached client: run --rm without -d
        eventually(() -> !runtime.inspect(c.id()).running(), "it ends");
        assertEquals("last words\n", log(c), "kept after its exit, with its output, for the client that follows it");
        assertEquals(0, runtime.await(c.id()));
        assertFalse(runtime.list(true).stream().anyMatch(i -> i.id().equals(c.id())), "gone once the wait has its exit code");
        assertThrows(ContainerException.class, () -> runtime.inspect(c.id()));
    }

    @Test
    void aRunRmContainerWithoutAClientGoesAtItsExit() throws Exception {
        ContainerInfo rm = runtime.create(config("sleep", "30").toBuilder().autoRemove(true).build());
        runtime.start(rm.id()); // run -d --rm
        runtime.kill(rm.id(), 9);
        eventually(() -> runtime.list(true).stream().noneMatch(i -> i.id().equals(rm.id())), "removed at its exit, no wait asked");
    }

    @Test
    void aRunRmContainerThatEndedWhileItsEngineWasGoneIsRemovedAtTheNextStart() throws Exception {
        ContainerInfo c = runtime.create(config("true").toBuilder().autoRemove(true).build());
        runtime.start(c.id(), true);
        eventually(() -> !runtime.inspect(c.id()).running(), "it ends, kept for a wait that never comes (the engine stops)");
        assertEquals(0, runtime.inspect(c.id()).exitCode(), "its end, from memory");
        try (ContainerRuntime next = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge)) {
            assertFalse(next.list(true).stream().anyMatch(i -> i.id().equals(c.id())), "the next engine removes it");
        }
    }

    /**
     * The overlay's file system is released (and flushed) after its unmount, by the remover: a
     * restart at once mounts the same layer again, with what the last run wrote in it.
     */
    @Test
    void aStoppedContainerStartedAgainAtOnceFindsWhatItWrote() throws Exception {
        ContainerInfo c = runToEnd(config("sh", "-c", "echo run >> /counted; wc -l < /counted"));
        for (int i = 0; i < 3; i++) {
            runtime.start(c.id());
            runtime.await(c.id());
        }
        assertEquals("1\n2\n3\n4\n", log(c));
        assertFalse(Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.contains(c.id())), "no mount of it left");
        assertEquals("run\nrun\nrun\nrun\n", Files.readString(root.resolve("lib/containers").resolve(c.id()).resolve("upper/counted")));
    }

    /** The cgroup parent stays between containers (made and removed in every hierarchy it was a part of each run), and goes at close. */
    @Test
    void theCgroupParentStaysBetweenContainersAndGoesWhenTheRuntimeCloses() throws Exception {
        String parent = cgroupParent + "-own";
        Path lib = root.resolve("lib-own"), run = root.resolve("run-own");
        ImageStore own = new ImageStore(lib);
        own.importRootfs(root.resolve("rootfs.tar"), "busybox:latest", Progress.NONE);
        List<Path> dirs;
        try (ContainerRuntime rt = new ContainerRuntime(sys, lib, run, own, parent, bridge)) {
            ContainerInfo c = rt.create(config("true"));
            rt.start(c.id());
            rt.await(c.id());
            rt.remove(c.id(), true);
            dirs = Files.list(Path.of("/sys/fs/cgroup")).map(h -> h.resolve(parent)).filter(Files::isDirectory).toList();
            if (dirs.isEmpty()) dirs = List.of(Path.of("/sys/fs/cgroup", parent)); // pure v2: the parent is right under the root
            assertTrue(dirs.stream().allMatch(Files::isDirectory), "kept for the next container: " + dirs);
        } finally {
            dev.glassbox.testing.CgroupParents.remove(parent); // whatever happens, nothing of ours stays
            BusyboxRootfs.delete(lib);
        }
        assertTrue(dirs.stream().noneMatch(Files::exists), "removed at close: " + dirs);
    }

    /**
     * A client said it attaches to a -t container's terminal, but its shim ended before the client
     * could take the terminal from it (a short command): what the command wrote goes to the log.
     */
    @Test
    void aTerminalsOutputThatAnAttachedClientNeverTookIsInTheLog() throws Exception {
        ContainerInfo c = runtime.create(config("sh", "-c", "sleep 0.3; echo quick").toBuilder().tty(true).build());
        runtime.start(c.id(), true);
        assertTrue(runtime.attach(c.id()) != null, "attached (the client then fails to take the terminal)");
        runtime.await(c.id());
        assertEquals("quick\r\n", log(c));
        runtime.remove(c.id(), true);
    }

    /** create does not fsync its config: after a power cut one may be empty or cut short, and goes. */
    @Test
    void aContainerWhoseConfigDidNotSurviveACrashIsRemovedAtTheNextStart() throws Exception {
        ContainerInfo kept = runtime.create(config("true"));
        Path empty = Files.createDirectories(root.resolve("lib/containers/" + "e".repeat(64)));
        Files.createFile(empty.resolve("config.json"));
        Path cut = Files.createDirectories(root.resolve("lib/containers/" + "c".repeat(64)));
        Files.writeString(cut.resolve("config.json"), "{\"Id\": \"cccc");
        try (ContainerRuntime next = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge)) {
            assertEquals(List.of(kept.id()), next.list(true).stream().map(ContainerInfo::id).toList(), "the others are listed, these are not");
        }
        assertFalse(Files.exists(empty), "removed");
        assertFalse(Files.exists(cut), "removed");
        assertFalse(Files.exists(root.resolve("lib/removing").resolve(empty.getFileName())), "deleted before the engine's close returned");
    }

    @Test
    void aRunRmContainerWhoseClientNeverWaitsGoesAfterAWhile() throws Exception {
        runtime.unclaimedRemovalAfter(Duration.ofMillis(300));
        try {
            ContainerInfo c = runtime.create(config("true").toBuilder().autoRemove(true).build());
            runtime.start(c.id(), true);
            eventually(() -> runtime.list(true).stream().noneMatch(i -> i.id().equals(c.id())), "removed with no wait (its client was killed)");
        } finally {
            runtime.unclaimedRemovalAfter(Duration.ofSeconds(10));
        }
    }

    private static boolean isEmptyDir(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aRemovedContainersFilesGoInTheBackgroundAndWhatACrashLeftGoesAtTheNextStart() throws Exception {
        ContainerInfo c = runToEnd(config("true"));
        assertFalse(Files.exists(root.resolve("run/containers").resolve(c.id())), "its run state gone as it ended");
        eventually(() -> isEmptyDir(root.resolve("run/removing")), "its run directory deleted");
        runtime.remove(c.id(), true);
        assertFalse(Files.exists(root.resolve("lib/containers").resolve(c.id())), "gone from the containers at once");
        assertFalse(runtime.list(true).stream().anyMatch(i -> i.id().equals(c.id())), "gone from the list at once");
        eventually(() -> !Files.exists(root.resolve("lib/removing").resolve(c.id())), "its files deleted");
        Path left = Files.createDirectories(root.resolve("lib/removing/left-by-a-crash/upper/etc"));
        Files.writeString(left.resolve("hosts"), "127.0.0.1 localhost\n");
        try (ContainerRuntime next = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge)) {
            assertTrue(next.list(true).isEmpty());
        } // close waits for the deletions it queued
        assertFalse(Files.exists(root.resolve("lib/removing/left-by-a-crash")), "a crashed engine's leftovers deleted");
    }

    /** Whole lines of /proc/self/mountinfo whose mount point is under the test's root or that name {@code id}. */
    private List<String> mountinfo(String id) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.split(" ")[4].startsWith(root.toString()) || (id != null && l.contains(id))).toList();
    }

    /**
     * Directories of every mounted cgroup hierarchy (each v1 controller, name=systemd, the v2 or
     * unified tree) under this test's cgroup parent or whose name has {@code id}. Other programs
     * change the rest of the trees meanwhile; a directory that vanishes mid-walk is skipped.
     */
    private Set<String> cgroupDirs(String id) throws IOException {
        Set<String> out = new java.util.TreeSet<>();
        List<Path> hierarchies = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(" - cgroup ") || l.contains(" - cgroup2 ")).map(l -> Path.of(l.split(" ")[4])).toList();
        assertFalse(hierarchies.isEmpty(), "no cgroup hierarchy mounted");
        for (Path h : hierarchies) {
            Files.walkFileTree(h, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    String rel = h.relativize(dir).toString();
                    // the parent itself stays between containers (the runtime removes it at its close)
                    boolean parentItself = dir.getFileName() != null && dir.getFileName().toString().equals(cgroupParent);
                    if ((rel.contains(cgroupParent) && !parentItself) || (id != null && rel.contains(id))) out.add(dir.toString());
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        }
        return out;
    }

    @Test
    void aFailureAtAnyStepUndoesEveryEarlierStep() throws Exception {
        Set<String> mountsBefore = mountPoints();
        ContainerInfo c = runtime.create(config("sleep", "60").toBuilder().memory(64L * 1024 * 1024).networkMode("bridge")
                .ports(List.of("127.0.0.1::80")).volumes(List.of("/data")).tmpfs(List.of("/scratch")).build());
        List<String> ids = List.of("rootfs", "cgroup", "init", "namespaces", "cgroup-join", "network", "ports", "hostname",
                "mounts", "volumes", "pivot_root", "masked-paths", "capabilities", "exec");
        try {
            for (String failAt : ids) {
                assertUndoneAfterAFailureAt(failAt, c, mountsBefore);
            }
        } finally {
            runtime.injectFailures(null); // the other tests share this runtime
        }
        runtime.start(c.id());
        assertEquals(ContainerState.RUNNING, runtime.inspect(c.id()).state());
    }

    private void assertUndoneAfterAFailureAt(String failAt, ContainerInfo c, Set<String> mountsBefore) throws Exception {
        Set<Long> childrenBefore = children();
        runtime.injectFailures(id -> id.equals(failAt));
        StepFailedException e = assertThrows(StepFailedException.class, () -> runtime.start(c.id()), failAt);
        assertEquals(failAt, e.stepId());
        assertEquals(ContainerState.CREATED, runtime.inspect(c.id()).state(), failAt);
        assertEquals(mountsBefore, mountPoints(), "mounts after a failure at " + failAt);
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory", cgroupParent, c.id())), "cgroup after a failure at " + failAt);
        assertEquals(childrenBefore, children(), "processes after a failure at " + failAt);
        assertTrue(runtime.networks().ipam().pools().stream().allMatch(p -> p.leases().isEmpty()), "lease after a failure at " + failAt);
        try (var rtnl = dev.glassbox.net.Rtnl.open()) {
            assertTrue(rtnl.link(runtime.networks().get("bridge").hostVethName(c.id())).isEmpty(), "veth after a failure at " + failAt);
        }
    }

    @Test
    void badInputIsRefusedWithOneClearLine() {
        ContainerException unknown = assertThrows(ContainerException.class, () -> runtime.create(ContainerConfig.of("nosuchimage", List.of("sh"))));
        assertEquals(404, unknown.status());
        assertThrows(ContainerException.class, () -> runtime.create(config("sh").toBuilder().name("bad name!").build()));
        runtime.create(config("sh").toBuilder().name("web").build());
        ContainerException dup = assertThrows(ContainerException.class, () -> runtime.create(config("sh").toBuilder().name("web").build()));
        assertEquals(409, dup.status());
        ContainerException small = assertThrows(ContainerException.class, () -> runtime.create(config("sh").toBuilder().memory(1024L).build()));
        assertTrue(small.getMessage().contains("Minimum memory limit allowed is 6MB"));
        ContainerException nocmd = assertThrows(ContainerException.class, () -> runtime.create(ContainerConfig.of("busybox", null)));
        assertTrue(nocmd.getMessage().startsWith("No command specified"), nocmd.getMessage());
        assertThrows(ContainerException.class, () -> runtime.create(config("sh").toBuilder().capAdd(List.of("NOPE")).build()));
        for (String m : List.of(unknown.getMessage(), dup.getMessage(), small.getMessage())) assertFalse(m.contains("\n"), m);
        assertEquals(1, runtime.list(true).size());
    }

    @Test
    void aRestartedRuntimeFindsRunningContainersAndTheirExitStatus() throws Exception {
        ContainerInfo c = runtime.create(config("sh", "-c", "sleep 1; exit 7"));
        runtime.start(c.id());
        ContainerRuntime second = new ContainerRuntime(sys, root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge);
        try {
            assertEquals(ContainerState.RUNNING, second.inspect(c.id()).state());
            assertEquals(7, second.await(c.id()));
            assertEquals(7, second.inspect(c.id()).exitCode());
        } finally {
            second.close();
        }
    }

    /** Mount points under this test's root (other programs may mount elsewhere meanwhile). */
    private Set<String> mountPoints() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().map(l -> l.split(" ")[4])
                .filter(m -> m.startsWith(root.toString())).collect(Collectors.toSet());
    }

    /** Our child processes, but not a glassbox-init waiting for the next container (glassbox-init -): that one is the engine's. */
    private static Set<Long> children() {
        try (Stream<ProcessHandle> s = ProcessHandle.current().children()) {
            return s.filter(p -> !waitingInit(p.pid())).map(ProcessHandle::pid).collect(Collectors.toSet());
        }
    }

    private static boolean waitingInit(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).equals("glassbox-init\0-\0");
        } catch (IOException e) {
            return false; // gone
        }
    }
}
