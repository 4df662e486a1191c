package dev.glassbox.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ContainerRuntime's rm -rf: the whole tree, never through a symlink, and nothing to do for what is gone. */
class DeleteTreeTest {
    @TempDir Path dir;

    @Test
    void deletesTheTreeButNotWhatASymlinkPointsAt() throws Exception {
        Path outside = Files.writeString(dir.resolve("outside"), "keep");
        Path tree = Files.createDirectories(dir.resolve("c/upper/etc"));
        Files.writeString(tree.resolve("hosts"), "x");
        Files.createSymbolicLink(dir.resolve("c/link"), outside);
        ContainerRuntime.deleteTree(dir.resolve("c"));
        assertFalse(Files.exists(dir.resolve("c")));
        assertTrue(Files.exists(outside));
    }

    @Test
    void whatIsGoneAlreadyIsNoFailure() {
        ContainerRuntime.deleteTree(dir.resolve("never-made"));
        assertFalse(Files.exists(dir.resolve("never-made")));
    }
}
