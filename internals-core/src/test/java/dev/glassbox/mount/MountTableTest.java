package dev.glassbox.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.inspect.ProcFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private final MountTable docker = MountTable.read(ProcFixture.resource("mountinfo-docker.txt"));

    @Test
    void readsEveryFieldOfAMountinfoLine() {
        MountInfo root = docker.root().orElseThrow();
        assertEquals(1208, root.mountId());
        assertEquals(1038, root.parentId());
        assertEquals("0:124", root.device());
        assertEquals("/", root.root());
        assertEquals(List.of("rw", "relatime"), root.mountOptions());
        assertEquals(List.of("master:359"), root.optionalFields());
        assertEquals("overlay", root.fsType());
        assertEquals("overlay", root.source());
        assertEquals("/var/lib/docker/overlay2/abc/diff", root.superOption("upperdir").orElseThrow());
    }

    @Test
    void bindMountOfAFileShowsItsRootInTheSourceFileSystem() {
        MountInfo resolv = docker.at("/etc/resolv.conf").orElseThrow();
        assertEquals("/var/lib/docker/containers/abc/resolv.conf", resolv.root());
        assertEquals("/dev/vda1", resolv.source());
        assertEquals("254:1", resolv.device());
    }

    @Test
    void undoesOctalEscapes() {
        assertEquals("/home/user/my dir", docker.at("/data").orElseThrow().root());
        assertEquals("a\tb\\c", MountInfo.unescape("a\\011b\\134c"));
    }

    @Test
    void decodesPropagation() {
        assertEquals("private,slave", docker.root().orElseThrow().propagation().kind());
        assertEquals(359, docker.root().orElseThrow().propagation().masterGroup());
        Propagation data = docker.at("/data").orElseThrow().propagation();
        assertEquals("shared,slave", data.kind());
        assertEquals("shared:1 master:2", data.toString());
        assertTrue(docker.at("/proc").orElseThrow().propagation().isPrivate());
        assertEquals("private", docker.at("/proc").orElseThrow().propagation().toString());
        assertTrue(docker.at("/mnt/unb").orElseThrow().propagation().unbindable());
    }

    @Test
    void findsChildrenAndOverlays() {
        assertEquals(List.of("/dev/pts"), docker.children(1210).stream().map(MountInfo::mountPoint).toList());
        assertEquals(2, docker.overlays().size());
        assertTrue(docker.at("/sys").orElseThrow().readOnly());
    }

    @Test
    void overlayStackListsLowerDirsTopFirst() {
        OverlayStack s = OverlayStack.from(docker.root().orElseThrow(), "/proc/42/root").orElseThrow();
        assertEquals(List.of("/var/lib/docker/overlay2/l/ABC", "/var/lib/docker/overlay2/l/DEF"), s.lowerDirs());
        assertEquals("/var/lib/docker/overlay2/abc/diff", s.upperDir());
        assertEquals("/var/lib/docker/overlay2/abc/work", s.workDir());
        assertEquals("/proc/42/root", s.merged());
        assertEquals(List.of("upper", "lower1", "lower2"), s.layers().stream().map(Layer::name).toList());
        assertFalse(s.userXattr());
    }

    @Test
    void overlayStackReadsAppendedLowerDirsAndDataDirs() {
        OverlayStack s = OverlayStack.from(docker.at("/mnt/ro").orElseThrow(), "/x").orElseThrow();
        assertEquals(List.of("/l/top", "/l/bottom"), s.lowerDirs());
        assertEquals(List.of("/l/data"), s.dataDirs());
        assertNull(s.upperDir());
        assertEquals(List.of("lower1", "lower2"), s.layers().stream().map(Layer::name).toList());
    }

    @Test
    void lowerDirListHonoursEscapedColonsAndDataLayers() {
        assertEquals(List.of("/a:b", "/c"), OverlayStack.splitColons("/a\\:b:/c"));
        MountInfo m = MountInfo.parse("1 0 0:1 / /m rw - overlay overlay rw,lowerdir=/a:/b::/d");
        OverlayStack s = OverlayStack.from(m, "/m").orElseThrow();
        assertEquals(List.of("/a", "/b"), s.lowerDirs());
        assertEquals(List.of("/d"), s.dataDirs());
    }

    @Test
    void relativeLowerDirsAsDockerWritesThemAreResolvedBesideTheUpperDir() {
        MountInfo m = MountInfo.parse("1 0 0:1 / / rw - overlay overlay rw,lowerdir=l/ABC:l/DEF,"
                + "upperdir=/var/lib/docker/overlay2/abc/diff,workdir=/var/lib/docker/overlay2/abc/work");
        assertEquals(List.of("/var/lib/docker/overlay2/l/ABC", "/var/lib/docker/overlay2/l/DEF"),
                OverlayStack.from(m, "/").orElseThrow().lowerDirs());
    }

    @Test
    void notAnOverlayHasNoStack() {
        assertTrue(OverlayStack.from(docker.at("/proc").orElseThrow(), "/x").isEmpty());
    }

    @Test
    void rejectsALineThatIsNotMountinfo() {
        var e = assertThrows(IllegalArgumentException.class, () -> MountInfo.parse("proc /proc proc rw 0 0"));
        assertTrue(e.getMessage().startsWith("not a mountinfo line"));
    }
}
