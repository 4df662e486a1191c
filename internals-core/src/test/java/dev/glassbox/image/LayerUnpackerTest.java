package dev.glassbox.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
    @TempDir
    Path tmp;
    Path outside;
    Path layer;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createTempDirectory("glassbox-outside-");
        layer = tmp.resolve("layer");
    }

    @AfterEach
    void tearDown() throws IOException {
        Trees.deleteRecursively(outside);
    }

    private LayerUnpacker.Result unpack(byte[] tar) {
        return LayerUnpacker.unpack(new ByteArrayInputStream(tar), layer, "layer.tar", Progress.NONE);
    }

    private void assertRefused(byte[] tar, String expectedInMessage) {
        ImageException e = assertThrows(ImageException.class, () -> unpack(tar));
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
        assertTrue(e.getMessage().contains("in layer.tar"), e.getMessage());
        assertTrue(e.getMessage().endsWith("nothing was imported"), e.getMessage());
        assertFalse(Files.exists(layer, LinkOption.NOFOLLOW_LINKS), "a refused layer leaves no directory");
    }

    @Test
    void entryClimbingOutWithDotDotIsRefusedAndLeavesNothing() {
        assertRefused(TestTars.tar().file("ok", "fine").file("../x", "evil").bytes(),
                "unsafe archive entry \"../x\" in layer.tar: it points outside the layer");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void dotDotHiddenInsideAPathIsRefusedToo() {
        assertRefused(TestTars.tar().dir("a", 0755).file("a/../../etc-passwd", "evil").bytes(), "points outside the layer");
        assertFalse(Files.exists(tmp.resolve("etc-passwd")));
    }

    @Test
    void absoluteNameIsWrittenInsideTheLayerAsDockerDoes() throws IOException {
        String name = "glassbox-abs-" + UUID.randomUUID();
        unpack(TestTars.tar().file("/" + name, "inside").bytes());
        assertEquals("inside", Files.readString(layer.resolve(name)));
        assertFalse(Files.exists(Path.of("/" + name)));
    }

    @Test
    void writingThroughASymlinkAnEarlierEntryMadeIsRefused() {
        assertRefused(TestTars.tar().symlink("a", outside.toString()).file("a/evil", "evil").bytes(),
                "its parent \"a\" is a symbolic link");
        assertFalse(Files.exists(outside.resolve("evil")));
    }

    @Test
    void relativeSymlinkUpAndOutIsAlsoNeverFollowed() {
        assertRefused(TestTars.tar().dir("d", 0755).symlink("d/up", "../../../../../../" + outside).file("d/up/evil", "x").bytes(),
                "is a symbolic link");
        assertFalse(Files.exists(outside.resolve("evil")));
    }

    @Test
    void hardlinkOutsideTheLayerIsRefused() {
        assertRefused(TestTars.tar().hardlink("passwd", "../../etc/passwd").bytes(),
                "it is a hardlink to \"../../etc/passwd\", outside the layer");
    }

    @Test
    void hardlinkThroughASymlinkedDirectoryIsRefused() throws IOException {
        Files.writeString(outside.resolve("secret"), "host secret");
        assertRefused(TestTars.tar().symlink("d", outside.toString()).hardlink("x", "d/secret").bytes(), "is a symbolic link");
        assertEquals(1, (int) Files.getAttribute(outside.resolve("secret"), "unix:nlink"));
    }

    @Test
    void absoluteHardlinkNamesAnEntryOfTheLayer() throws IOException {
        unpack(TestTars.tar().dir("etc", 0755).file("etc/passwd", "root:x:0:0::/root:/bin/sh\n").hardlink("pw", "/etc/passwd").bytes());
        assertEquals(Files.getAttribute(layer.resolve("etc/passwd"), "unix:ino"), Files.getAttribute(layer.resolve("pw"), "unix:ino"));
    }

    @Test
    void directoryLaterReplacedByASymlinkNeverLetsItsModeReachTheTarget() throws IOException {
        Files.setPosixFilePermissions(outside, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        unpack(TestTars.tar().dir("d", 0777).dir("a", 0700).dir("a/b", 0777).symlink("d", outside.toString())
                .symlink("a", outside.toString()).bytes());
        assertEquals(0755, (int) Files.getAttribute(outside, "unix:mode") & 07777);
        assertTrue(Files.isSymbolicLink(layer.resolve("d")));
    }

    @Test
    void fileReplacingASymlinkReplacesTheLinkNotItsTarget() throws IOException {
        Files.writeString(outside.resolve("target"), "host");
        unpack(TestTars.tar().symlink("f", outside.resolve("target").toString()).file("f", "layer").bytes());
        assertEquals("host", Files.readString(outside.resolve("target")));
        assertEquals("layer", Files.readString(layer.resolve("f")));
        assertFalse(Files.isSymbolicLink(layer.resolve("f")));
    }

    @Test
    void modesSymlinksTimesAndDiffIdAreKept() throws IOException {
        byte[] tar = TestTars.tar().dir("bin", 0755).file("bin/tool", "#!/bin/sh\n", 04755).symlink("bin/alias", "tool")
                .dir("ro", 0555).file("ro/file", "x", 0444).dir("tmp", 01777).fifo("pipe").bytes();
        LayerUnpacker.Result r = unpack(TestTars.gzip(tar));
        assertEquals(TestTars.sha256(tar), r.diffId(), "the diff id is the digest of the uncompressed tar");
        assertEquals(04755, (int) Files.getAttribute(layer.resolve("bin/tool"), "unix:mode") & 07777);
        assertEquals("tool", Files.readSymbolicLink(layer.resolve("bin/alias")).toString());
        assertEquals(0555, (int) Files.getAttribute(layer.resolve("ro"), "unix:mode") & 07777);
        assertEquals(01777, (int) Files.getAttribute(layer.resolve("tmp"), "unix:mode") & 07777);
        assertEquals(1_700_000_000L, Files.getLastModifiedTime(layer.resolve("ro/file")).toInstant().getEpochSecond());
        assertEquals(1_700_000_000L, Files.getLastModifiedTime(layer.resolve("ro")).toInstant().getEpochSecond());
        assertEquals(010000, (int) Files.getAttribute(layer.resolve("pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000);
    }

    @Test
    void notATarFailsWithAClearMessage() {
        ImageException e = assertThrows(ImageException.class, () -> unpack("just some text, not a tar".getBytes()));
        assertEquals("layer.tar is not a tar archive (plain, gzip or bzip2); nothing was imported", e.getMessage());
        assertFalse(Files.exists(layer));
    }

    @Test
    @RootOnly
    void ownersAndDeviceNodesAreKeptAsRoot() throws IOException {
        unpack(TestTars.tar().fileOwned("owned", "x", 0600, 1000, 1001).charDevice("null", 1, 3).bytes());
        assertEquals(1000, (int) Files.getAttribute(layer.resolve("owned"), "unix:uid"));
        assertEquals(1001, (int) Files.getAttribute(layer.resolve("owned"), "unix:gid"));
        assertEquals(FileCalls.makedev(1, 3), (long) Files.getAttribute(layer.resolve("null"), "unix:rdev"));
    }

    @Test
    @RootOnly
    void whiteoutsBecomeOverlayWhiteoutsAndOpaqueDirectories() throws IOException {
        unpack(TestTars.tar().dir("etc", 0755).file("etc/.wh.motd", "").dir("app", 0755).file("app/.wh..wh..opq", "")
                .file("app/new", "n").file(".wh.gone", "").bytes());
        for (Path w : new Path[] {layer.resolve("etc/motd"), layer.resolve("gone")}) {
            int mode = (int) Files.getAttribute(w, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            assertEquals(FileCalls.S_IFCHR, mode & 0170000, w + " is a character device");
            assertEquals(0L, (long) Files.getAttribute(w, "unix:rdev", LinkOption.NOFOLLOW_LINKS), w + " is device 0/0");
        }
        assertFalse(Files.exists(layer.resolve("etc/.wh.motd")));
        assertFalse(Files.exists(layer.resolve("app/.wh..wh..opq")));
        assertArrayEquals(new byte[] {'y'}, FileCalls.lgetxattr(layer.resolve("app"), "trusted.overlay.opaque").orElseThrow());
        assertTrue(FileCalls.lgetxattr(layer.resolve("etc"), "trusted.overlay.opaque").isEmpty());
        assertEquals("n", Files.readString(layer.resolve("app/new")));
    }
}
