package dev.glassbox.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.mount.Change;
import dev.glassbox.mount.Layer;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real overlay mounted by the test: two lower layers, an upper one, and changes made through
 * the merged view so that the kernel itself writes the whiteout and the opaque directory.
 */
@RootOnly
class OverlayInspectionTest {
    @TempDir Path tmp;
    Path lower1, lower2, upper, work, merged;
    boolean mounted;
    OverlayStack stack;

    @BeforeEach
    void mountOverlay() throws Exception {
        Path base = tmp.toRealPath();
        lower1 = Files.createDirectories(base.resolve("lower1"));
        lower2 = Files.createDirectories(base.resolve("lower2"));
        upper = Files.createDirectories(base.resolve("upper"));
        work = Files.createDirectories(base.resolve("work"));
        merged = Files.createDirectories(base.resolve("merged"));
        Files.writeString(lower2.resolve("only2.txt"), "from lower2");
        Files.writeString(lower2.resolve("shadowed.txt"), "lower2's");
        Files.writeString(lower1.resolve("shadowed.txt"), "lower1's");
        Files.writeString(lower1.resolve("base.txt"), "image");
        Files.writeString(lower1.resolve("gone.txt"), "to delete");
        Files.createDirectories(lower1.resolve("dir"));
        Files.writeString(lower1.resolve("dir/x"), "hidden by the opaque dir");
        Files.createDirectories(lower2.resolve("etc"));
        Files.writeString(lower2.resolve("etc/keep"), "untouched");

        Commands.run("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower1 + ":" + lower2 + ",upperdir=" + upper + ",workdir=" + work, merged.toString());
        mounted = true;

        // changes through the merged view: overlay writes the whiteout, the opaque mark and the copy-up
        Files.delete(merged.resolve("gone.txt"));
        Files.delete(merged.resolve("dir/x"));
        Files.delete(merged.resolve("dir"));
        Files.createDirectory(merged.resolve("dir"));
        Files.writeString(merged.resolve("dir/new"), "new in the opaque dir");
        Files.writeString(merged.resolve("new.txt"), "created");
        Files.writeString(merged.resolve("base.txt"), "changed");

        MountView m = new Inspector().mounts((int) ProcessHandle.current().pid());
        stack = m.overlayAt(merged.toString()).orElseThrow(() -> new AssertionError("no overlay at " + merged + " in " + m.mounts()));
    }

    @AfterEach
    void unmount() {
        if (mounted) Commands.run("umount", merged.toString());
    }

    @Test
    void stackListsTheDirectoriesAsTheMountGaveThem() {
        assertEquals(List.of(lower1.toString(), lower2.toString()), stack.lowerDirs());
        assertEquals(upper.toString(), stack.upperDir());
        assertEquals(work.toString(), stack.workDir());
        assertTrue(stack.merged().endsWith("/root" + merged), stack.merged());
    }

    @Test
    void eachPathComesFromTheTopmostLayerThatHasIt() {
        assertEquals("upper", origin("/new.txt"));
        assertEquals("upper", origin("/base.txt")); // copied up when written
        assertEquals("lower1", origin("/shadowed.txt"));
        assertEquals("lower2", origin("/only2.txt"));
        assertEquals("lower2", origin("/etc/keep"));
        assertEquals("upper", origin("/dir/new"));
        assertEquals("upper", origin("/dir"));
    }

    @Test
    void deletedPathsComeFromNoLayer() {
        assertEquals("none", origin("/gone.txt")); // whiteout
        assertEquals("none", origin("/dir/x")); // under an opaque directory
        assertEquals("none", origin("/never/was"));
        // and the merged view agrees
        assertTrue(Files.notExists(merged.resolve("gone.txt")));
        assertTrue(Files.notExists(merged.resolve("dir/x")));
    }

    @Test
    void upperDirHoldsOneWhiteoutAndOneOpaqueDirectory() {
        UpperDirReport r = stack.scanUpper();
        assertEquals(List.of("/gone.txt"), r.whiteouts());
        assertEquals(List.of("/dir"), r.opaqueDirs());
    }

    @Test
    void diffListsAddedChangedAndDeletedLikeDockerDiff() {
        List<String> diff = stack.scanUpper().changes().stream().map(Change::toString).toList();
        assertEquals(List.of("C /base.txt", "C /dir", "A /dir/new", "D /dir/x", "D /gone.txt", "A /new.txt"), diff);
    }

    private String origin(String path) {
        Optional<Layer> l = stack.origin(path);
        return l.map(Layer::name).orElse("none");
    }
}
