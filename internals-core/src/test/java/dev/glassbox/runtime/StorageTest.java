package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.mount.Change;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Where a container's data lives: container layer, bind mounts, volumes, tmpfs; diff and cp. */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageTest {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private Path root;
    private Path outside;
    private Path secrets;
    private ContainerRuntime runtime;

    @BeforeAll
    void setUp() throws Exception {
        root = Files.createTempDirectory("glassbox-storage-test");
        outside = Files.createTempDirectory("glassbox-outside");
        secrets = Files.createTempDirectory("glassbox-secrets");
        Files.writeString(secrets.resolve("secret.txt"), "the host's secret\n");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("srv/data"));
        Files.writeString(rootfs.resolve("srv/data/seed.txt"), "seeded by the image\n");
        // a trap: an absolute symlink in the image pointing at a host directory
        Files.createSymbolicLink(rootfs.resolve("escape"), outside);
        // and links to a host file, absolute and relative with enough ../ to climb out of any root
        Files.createSymbolicLink(rootfs.resolve("secret-abs"), secrets.resolve("secret.txt"));
        Files.createSymbolicLink(rootfs.resolve("etc/secret-rel"), Path.of("../".repeat(20) + secrets.toString().substring(1) + "/secret.txt"));
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        ImageStore images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        runtime = new ContainerRuntime(Syscalls.linux(), root.resolve("lib"), root.resolve("run"), images, "glassbox-test-" + tag, "gbts" + tag);
    }

    @AfterEach
    void removeContainers() {
        for (ContainerInfo c : runtime.list(true)) runtime.remove(c.id(), true, true);
        for (var v : runtime.volumes().list()) runtime.removeVolume(v.name(), true);
    }

    @AfterAll
    void tearDown() throws IOException {
        runtime.close();
        BusyboxRootfs.delete(root);
        BusyboxRootfs.delete(outside);
        BusyboxRootfs.delete(secrets);
    }

    private ContainerConfig.Builder config(String... cmd) {
        return ContainerConfig.builder("busybox").cmd(List.of(cmd)).networkMode("none");
    }

    private ContainerInfo run(ContainerConfig cfg) throws InterruptedException {
        ContainerInfo c = runtime.create(cfg);
        runtime.start(c.id());
        runtime.await(c.id());
        return runtime.inspect(c.id());
    }

    private String log(ContainerInfo c) throws IOException {
        return Files.readString(runtime.logFile(c.id()));
    }

    @Test
    void aBindMountShowsHostFilesAndReadOnlyRefusesWrites() throws Exception {
        Path host = Files.createDirectories(root.resolve("bind-" + tag));
        Files.writeString(host.resolve("hello.txt"), "from the host\n");
        ContainerInfo rw = run(config("sh", "-c", "cat /data/hello.txt; echo back > /data/back.txt").volumes(List.of(host + ":/data")).build());
        assertEquals("from the host\n", log(rw));
        assertEquals("back\n", Files.readString(host.resolve("back.txt")));

        ContainerInfo ro = run(config("sh", "-c", "echo x > /data/nope.txt").volumes(List.of(host + ":/data:ro")).build());
        assertNotEquals(0, ro.exitCode());
        assertTrue(log(ro).contains("Read-only file system"), log(ro));
        assertFalse(Files.exists(host.resolve("nope.txt")));
    }

    @Test
    void aNamedVolumeOutlivesItsContainerAndIsSeededFromTheImage() throws Exception {
        ContainerInfo writer = run(config("sh", "-c", "cat /srv/data/seed.txt; echo kept > /srv/data/note.txt")
                .volumes(List.of("vol" + tag + ":/srv/data")).build());
        assertEquals("seeded by the image\n", log(writer));
        runtime.remove(writer.id(), false, true);
        ContainerInfo reader = run(config("cat", "/srv/data/note.txt").mounts(List.of("type=volume,src=vol" + tag + ",dst=/srv/data")).build());
        assertEquals("kept\n", log(reader));
        ContainerException inUse = assertThrows(ContainerException.class, () -> runtime.removeVolume("vol" + tag, false));
        assertEquals(409, inUse.status());
    }

    @Test
    void anAnonymousVolumeGoesWithRmV() throws Exception {
        ContainerInfo c = run(config("sh", "-c", "echo x > /cache/x").volumes(List.of("/cache")).build());
        String volume = c.config().storage().getFirst().source();
        assertTrue(runtime.volumes().get(volume).isPresent());
        runtime.remove(c.id(), false, true);
        assertTrue(runtime.volumes().get(volume).isEmpty());

        // a plain rm keeps it, as Docker does: data outlives the container until rm -v or volume rm
        ContainerInfo kept = run(config("sh", "-c", "echo y > /cache/y").volumes(List.of("/cache")).build());
        String keptVolume = kept.config().storage().getFirst().source();
        runtime.remove(kept.id(), false, false);
        assertTrue(runtime.volumes().get(keptVolume).isPresent(), "rm without -v keeps the anonymous volume");
        assertEquals("y\n", Files.readString(runtime.volumes().get(keptVolume).orElseThrow().mountpoint().resolve("y")));
        runtime.removeVolume(keptVolume, false);
    }

    @Test
    void tmpfsIsInRamAndItsSizeIsEnforced() throws Exception {
        ContainerInfo c = run(config("sh", "-c", "grep ' /scratch ' /proc/mounts; dd if=/dev/zero of=/scratch/big bs=1024 count=2048")
                .tmpfs(List.of("/scratch:size=1m")).build());
        assertTrue(log(c).contains("tmpfs /scratch tmpfs"), log(c));
        assertTrue(log(c).contains("No space left on device"), log(c));
        assertNotEquals(0, c.exitCode());
        // nothing of it reached the container layer
        assertFalse(Files.exists(Path.of(c.paths().get("upper"), "scratch", "big")));
    }

    @Test
    void tmpfsTakesDockersMountOptionsAndItsDataIsGoneAfterARestart() throws Exception {
        // Docker's own example: flag words are mount(2) flags, size and mode tmpfs's data
        ContainerInfo c = run(config("sh", "-c", "grep ' /run ' /proc/self/mountinfo; grep ' /x ' /proc/self/mountinfo;"
                + " cat /run/was 2>/dev/null || echo first; echo here > /run/was")
                .tmpfs(List.of("/run:rw,noexec,nosuid,size=65536k", "/x:exec,mode=700,sync")).build());
        List<String> lines = log(c).lines().toList();
        assertEquals(0, c.exitCode(), log(c));
        assertTrue(lines.get(0).matches(".* /run rw,nosuid,nodev,noexec,relatime .* tmpfs tmpfs rw,size=65536k.*"), lines.get(0));
        assertTrue(lines.get(1).matches(".* /x rw,nosuid,nodev,relatime .* tmpfs tmpfs rw,sync,mode=700"), lines.get(1)); // exec: no noexec
        assertEquals("first", lines.get(2));
        // in RAM: a stop and a start bring an empty tmpfs back
        runtime.start(c.id());
        runtime.await(c.id());
        assertEquals("first", log(c).lines().toList().get(5), log(c));
    }

    @Test
    void volumesFromSharesTheOtherContainersVolumes() throws Exception {
        ContainerInfo owner = run(config("sh", "-c", "echo shared > /shared/file").volumes(List.of("/shared")).name("owner" + tag).build());
        ContainerInfo user = run(config("cat", "/shared/file").volumesFrom(List.of("owner" + tag + ":ro")).build());
        assertEquals("shared\n", log(user));
        assertTrue(user.config().storage().getFirst().readOnly());
        assertEquals(owner.config().storage().getFirst().source(), user.config().storage().getFirst().source());
    }

    @Test
    void theContainerLayerSurvivesAStopButNotARemove() throws Exception {
        ContainerInfo c = run(config("sh", "-c", "cat /kept 2>/dev/null; echo layer > /kept").build());
        runtime.start(c.id());
        runtime.await(c.id());
        assertEquals("layer\n", log(c));
        runtime.remove(c.id(), false);
        ContainerInfo fresh = run(config("sh", "-c", "cat /kept").build());
        assertNotEquals(0, fresh.exitCode());
    }

    @Test
    void diffListsAddedChangedAndDeletedFiles() throws Exception {
        ContainerInfo c = run(config("sh", "-c", "echo new > /tmp/new; rm /etc/image-file; echo more >> /etc/passwd").build());
        Set<String> changes = runtime.diff(c.id()).stream().map(Change::toString).collect(Collectors.toSet());
        assertTrue(changes.contains("A /tmp/new"), changes.toString());
        assertTrue(changes.contains("D /etc/image-file"), changes.toString());
        assertTrue(changes.contains("C /etc/passwd"), changes.toString());
        assertTrue(runtime.size(c.id()) > 0);
    }

    @Test
    void mountsAndCopiesNeverFollowAnImageSymlinkOutOfTheRoot() throws Exception {
        // the mount lands where the symlink leads inside the container: /tmp/glassbox-outside.../x, in its own root
        ContainerInfo c = run(config("sh", "-c", "grep '/x tmpfs' /proc/mounts && touch /escape/x/inside").tmpfs(List.of("/escape/x")).build());
        assertEquals(0, c.exitCode(), log(c));
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing was made in the host directory the image's symlink names");
        }
        // cp into the container through the same symlink stays inside the container
        runtime.copyIn(c.id(), "/escape", tar("evil.txt", "x"));
        try (var s = Files.list(outside)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void cpOutThroughALinkToAHostFileReadsTheContainersFileOrFailsStoppedOrRunning() throws Exception {
        ContainerInfo stopped = run(config("true").build());
        for (String p : List.of("/secret-abs", "/etc/secret-rel")) {
            assertThrows(java.nio.file.NoSuchFileException.class, () -> runtime.copyOut(stopped.id(), p, new ByteArrayOutputStream()), p);
        }
        // a running container that has a file where the link's target would be inside it: that one is copied
        String inside = secrets.resolve("secret.txt").toString();
        ContainerInfo running = runtime.create(config("sh", "-c", "mkdir -p " + secrets + " && echo the container\\'s > " + inside
                + " && touch /ready && sleep 30").build());
        runtime.start(running.id());
        Path ready = Path.of(runtime.inspect(running.id()).paths().get("upper"), "ready");
        for (int i = 0; i < 100 && !Files.exists(ready); i++) Thread.sleep(50);
        assertTrue(Files.exists(ready), log(running));
        for (String p : List.of("/secret-abs", "/etc/secret-rel")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            runtime.copyOut(running.id(), p, out);
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
                assertEquals("secret.txt", in.getNextEntry().getName());
                assertEquals("the container's\n", new String(in.readAllBytes()), p);
            }
        }
        // copying in through the links replaces the link in the container, never the host's file
        runtime.copyIn(running.id(), "/", tar("secret-abs", "mine\n"));
        runtime.copyIn(running.id(), "/etc", tar("secret-rel", "mine\n"));
        assertEquals("the host's secret\n", Files.readString(secrets.resolve("secret.txt")));
        runtime.kill(running.id(), 9);
        runtime.await(running.id());
        assertEquals("mine\n", Files.readString(Path.of(running.paths().get("upper"), "secret-abs")));
    }

    @Test
    void mountFlagsForAReadOnlyBindAndASizedTmpfs() throws Exception {
        Path host = Files.createDirectories(root.resolve("mount-" + tag));
        Files.writeString(host.resolve("hello.txt"), "from the host\n");
        ContainerInfo ro = run(config("sh", "-c", "cat /data/hello.txt; echo x > /data/nope.txt")
                .mounts(List.of("type=bind,src=" + host + ",dst=/data,readonly")).build());
        assertNotEquals(0, ro.exitCode());
        assertTrue(log(ro).startsWith("from the host\n"), log(ro));
        assertTrue(log(ro).contains("Read-only file system"), log(ro));
        assertFalse(Files.exists(host.resolve("nope.txt")));

        ContainerInfo small = run(config("sh", "-c", "grep ' /fast ' /proc/mounts; dd if=/dev/zero of=/fast/fits bs=1024 count=512 && "
                + "dd if=/dev/zero of=/fast/big bs=1024 count=2048")
                .mounts(List.of("type=tmpfs,dst=/fast,tmpfs-size=1m")).build());
        assertNotEquals(0, small.exitCode(), log(small));
        assertTrue(log(small).matches("(?s)tmpfs /fast tmpfs [^\n]*size=1024k.*"), log(small));
        assertTrue(log(small).contains("No space left on device"), log(small));
        assertFalse(Files.exists(Path.of(small.paths().get("upper"), "fast", "fits")), "the tmpfs is not the container layer");
    }

    /** As docker cp: a running container's volume, bind mount and tmpfs are where the copy goes and comes from. */
    @Test
    void cpOnARunningContainerSeesItsVolumesAndTmpfs() throws Exception {
        Path host = Files.createDirectories(root.resolve("cp-bind-" + tag));
        ContainerInfo c = runtime.create(config("sh", "-c", "echo in ram > /fast/r.txt && touch /ready && sleep 30")
                .volumes(List.of(host + ":/data", "cpvol" + tag + ":/vol")).tmpfs(List.of("/fast")).build());
        runtime.start(c.id());
        Path ready = Path.of(runtime.inspect(c.id()).paths().get("upper"), "ready");
        for (int i = 0; i < 100 && !Files.exists(ready); i++) Thread.sleep(50);
        assertTrue(Files.exists(ready), log(c));
        runtime.copyIn(c.id(), "/data", tar("to-bind.txt", "bound\n"));
        assertEquals("bound\n", Files.readString(host.resolve("to-bind.txt")), "into the bind mount's host directory");
        runtime.copyIn(c.id(), "/vol", tar("to-vol.txt", "kept\n"));
        Path volume = runtime.volumes().get("cpvol" + tag).orElseThrow().mountpoint();
        assertEquals("kept\n", Files.readString(volume.resolve("to-vol.txt")), "into the volume");
        assertFalse(Files.exists(Path.of(c.paths().get("upper"), "vol", "to-vol.txt")), "not into the container layer under it");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.copyOut(c.id(), "/fast/r.txt", out);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals("r.txt", in.getNextEntry().getName());
            assertEquals("in ram\n", new String(in.readAllBytes()), "out of the tmpfs");
        }
        runtime.remove(c.id(), true);
        runtime.volumes().remove("cpvol" + tag);
    }

    @Test
    void cpCopiesBothWaysOnAStoppedContainer() throws Exception {
        ContainerInfo c = run(config("sh", "-c", "mkdir -p /out; echo result > /out/r.txt").build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.copyOut(c.id(), "/out/r.txt", out);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("r.txt", e.getName());
            assertEquals("result\n", new String(in.readAllBytes()));
        }
        runtime.copyIn(c.id(), "/tmp", tar("in.txt", "copied in\n"));
        assertEquals("copied in\n", Files.readString(Path.of(c.paths().get("upper"), "tmp", "in.txt")));
    }

    private static ByteArrayInputStream tar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(content.length());
            e.setMode(0644);
            t.putArchiveEntry(e);
            t.write(content.getBytes());
            t.closeArchiveEntry();
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
