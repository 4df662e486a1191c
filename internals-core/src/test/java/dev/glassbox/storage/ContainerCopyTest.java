package dev.glassbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker cp's known escapes, on a directory standing for a container's root beside a "host"
 * directory holding a secret: links in the container naming host paths (absolute, or
 * relative with enough {@code ..}), tars with {@code ..} names or a link followed by a file
 * under it, and a container swapping a directory for a link while the copy runs.
 */
class ContainerCopyTest {
    private static final String SECRET = "the host's secret\n";
    @TempDir Path tmp;
    private Path root;
    private Path host;
    /** Where a host path lands when resolved inside the root. */
    private Path mirror;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("secret.txt"), SECRET);
        Files.createDirectories(root.resolve("etc"));
        mirror = root.resolve(host.toString().substring(1));
        String up = "../".repeat(20);
        Files.createSymbolicLink(root.resolve("abs"), host);                                       // /abs -> /tmp/.../host
        Files.createSymbolicLink(root.resolve("absfile"), host.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of(up + host.toString().substring(1))); // ../../..  /tmp/.../host
        Files.createSymbolicLink(root.resolve("etc/upfile"), Path.of(up + host.toString().substring(1) + "/secret.txt"));
    }

    private Map<String, String> out(String path) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ContainerCopy.copyOut(root, path, bytes);
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e.isSymbolicLink() ? "-> " + e.getLinkName() : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private void assertHostUntouched() throws IOException {
        try (var s = Files.list(host)) {
            assertEquals(List.of(host.resolve("secret.txt")), s.toList(), "nothing was written in the host directory");
        }
        assertEquals(SECRET, Files.readString(host.resolve("secret.txt")));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(host, root), s.sorted().toList(), "nothing was written beside the root");
        }
    }

    @Test
    void copyingOutThroughALinkToAHostPathFailsWhenTheContainerHasNoSuchFile() {
        for (String p : List.of("/absfile", "/abs/secret.txt", "/etc/upfile", "/etc/up/secret.txt", "/abs", "/etc/up")) {
            assertThrows(NoSuchFileException.class, () -> out(p), p);
        }
    }

    @Test
    void copyingOutThroughALinkToAHostPathReadsTheContainersOwnFile() throws Exception {
        Files.createDirectories(mirror);
        Files.writeString(mirror.resolve("secret.txt"), "the container's own\n");
        // the entry is named after the file the link leads to (inside the container)
        assertEquals(Map.of("secret.txt", "the container's own\n"), out("/absfile"));
        assertEquals(Map.of("secret.txt", "the container's own\n"), out("/abs/secret.txt"));
        assertEquals(Map.of("secret.txt", "the container's own\n"), out("/etc/upfile"));
        assertEquals(Map.of("secret.txt", "the container's own\n"), out("/etc/up/secret.txt"));
        assertEquals("the container's own\n", out("/etc/up").get("host/secret.txt"));
    }

    @Test
    void linksInsideACopiedDirectoryAreCopiedAsLinksNotFollowed() throws Exception {
        Map<String, String> etc = out("/etc");
        assertEquals("-> " + "../".repeat(20) + host.toString().substring(1), etc.get("etc/up"));
        assertTrue(etc.get("etc/upfile").startsWith("-> "), etc.toString());
        Map<String, String> all = out("/");
        assertEquals("-> " + host, all.get("./abs"), all.toString());
        assertFalse(all.containsValue(SECRET), all.toString());
    }

    @Test
    void copyingInThroughALinkToAHostPathWritesInsideTheRoot() throws Exception {
        // the directory the link names does not exist in the container: refused
        assertThrows(java.nio.file.NotDirectoryException.class, () -> ContainerCopy.copyIn(root, "/abs", tar(file("evil.txt", "x"))));
        assertHostUntouched();
        Files.createDirectories(mirror);
        ContainerCopy.copyIn(root, "/abs", tar(file("evil.txt", "x")));
        ContainerCopy.copyIn(root, "/etc/up", tar(file("evil2.txt", "y")));
        assertHostUntouched();
        assertEquals("x", Files.readString(mirror.resolve("evil.txt")));
        assertEquals("y", Files.readString(mirror.resolve("evil2.txt")));
        // a file named by a link is replaced by the file, the host file it names is not written
        ContainerCopy.copyIn(root, "/", tar(file("absfile", "over")));
        assertHostUntouched();
        assertEquals("over", Files.readString(root.resolve("absfile")));
    }

    @Test
    void aTarWithDotDotNamesOrALinkThenAFileUnderItStaysInside() throws Exception {
        Files.createDirectories(root.resolve("srv/in"));
        ContainerCopy.copyIn(root, "/srv/in", tar(
                file("../../../../../../../../escaped.txt", "1"),
                file("a/../../../../../../escaped2.txt", "2"),
                link("dot", "."),
                file("dot/../../../../dot-escape.txt", "3")));
        assertHostUntouched();
        assertEquals("1", Files.readString(root.resolve("escaped.txt")), "'..' stops at the container's root");
        assertEquals("2", Files.readString(root.resolve("escaped2.txt")));
        assertEquals("3", Files.readString(root.resolve("dot-escape.txt")));

        // a link to a host directory, then a file under it: the link leads nowhere in the container, so the file is refused
        assertThrows(NoSuchFileException.class, () -> ContainerCopy.copyIn(root, "/srv/in",
                tar(link("lnk", host.toString()), file("lnk/planted.txt", "4"))));
        assertThrows(NoSuchFileException.class, () -> ContainerCopy.copyIn(root, "/srv/in",
                tar(link("rlnk", "../".repeat(20) + host.toString().substring(1)), file("rlnk/planted.txt", "5"))));
        assertHostUntouched();
        // and where the container has that directory, the file lands in the container's
        Files.createDirectories(mirror);
        ContainerCopy.copyIn(root, "/srv/in", tar(link("lnk", host.toString()), file("lnk/planted.txt", "4"),
                link("rlnk", "../".repeat(20) + host.toString().substring(1)), file("rlnk/planted2.txt", "5")));
        assertHostUntouched();
        assertEquals("4", Files.readString(mirror.resolve("planted.txt")));
        assertEquals("5", Files.readString(mirror.resolve("planted2.txt")));
        assertTrue(Files.isSymbolicLink(root.resolve("srv/in/lnk")), "the link itself is kept, as written");
    }

    /** renameat2(2) with RENAME_EXCHANGE: swaps two names atomically, even a directory and a symlink. */
    private static final java.lang.invoke.MethodHandle RENAMEAT2 = dev.glassbox.sys.Native.call("renameat2",
            java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT,
                    java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                    java.lang.foreign.ValueLayout.JAVA_INT));

    private static void exchange(Path a, Path b) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            int rc = (int) RENAMEAT2.invokeExact(-100, arena.allocateFrom(a.toString()), -100, arena.allocateFrom(b.toString()), 2);
            if (rc != 0) throw new IllegalStateException("renameat2(RENAME_EXCHANGE) failed on " + a + " and " + b);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Test
    void aDirectorySwappedForALinkWhileCopyingNeverRedirectsTheCopy() throws Exception {
        // what a running container's process can do at any moment: swap a directory for a link to the host, atomically
        // and over and over, to win the race between a path's check and its use (CVE-2018-15664 against docker cp)
        Path d = Files.createDirectories(root.resolve("d"));
        Files.writeString(d.resolve("secret.txt"), "the container's own\n");
        Path swap = Files.createSymbolicLink(root.resolve("d-swap"), host);
        AtomicBoolean stop = new AtomicBoolean();
        Thread swapper = Thread.ofPlatform().start(() -> {
            while (!stop.get()) exchange(d, swap);
        });
        int copiedIn = 0, copiedOut = 0;
        try {
            long end = System.nanoTime() + 700_000_000L;
            while (System.nanoTime() < end) {
                try {
                    ContainerCopy.copyIn(root, "/d", tar(file("raced.txt", "r")));
                    copiedIn++;
                } catch (IOException refused) {
                    // /d was the link at that instant: it leads nowhere inside the container
                }
                try {
                    Map<String, String> got = out("/d");
                    assertFalse(got.containsValue(SECRET), got.toString());
                    copiedOut++;
                } catch (IOException refused) {
                    // likewise
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertHostUntouched();
        assertTrue(copiedIn > 0 && copiedOut > 0, "some copies went through: " + copiedIn + " in, " + copiedOut + " out");
    }

    // ---------------------------------------------------------------------- tars

    private record Entry(String name, String content, String link) {}

    private static Entry file(String name, String content) {
        return new Entry(name, content, null);
    }

    private static Entry link(String name, String target) {
        return new Entry(name, null, target);
    }

    private static ByteArrayInputStream tar(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bytes)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry en : entries) {
                TarArchiveEntry e;
                if (en.link() != null) {
                    e = new TarArchiveEntry(en.name(), TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(en.link());
                    t.putArchiveEntry(e);
                } else {
                    byte[] data = en.content().getBytes(StandardCharsets.UTF_8);
                    e = new TarArchiveEntry(en.name());
                    e.setSize(data.length);
                    e.setMode(0644);
                    t.putArchiveEntry(e);
                    t.write(data);
                }
                t.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
