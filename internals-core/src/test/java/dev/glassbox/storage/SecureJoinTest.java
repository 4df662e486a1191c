package dev.glassbox.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths resolved as the container sees them: links and {@code ..} never leave the root. */
class SecureJoinTest {
    @TempDir Path tmp;

    private Path root() throws IOException {
        return Files.createDirectories(tmp.resolve("root/etc"));
    }

    @Test
    void anAbsoluteLinkIsFollowedFromTheContainersRoot() throws Exception {
        Path root = root().getParent();
        Files.createSymbolicLink(root.resolve("host"), tmp);
        assertEquals(root.resolve(tmp.toString().substring(1)).resolve("x"), SecureJoin.resolve(root, "/host/x"));
        Files.createSymbolicLink(root.resolve("passwd"), Path.of("/etc/passwd"));
        assertEquals(root.resolve("etc/passwd"), SecureJoin.resolve(root, "/passwd"));
    }

    @Test
    void dotDotStopsAtTheRootInPathsAndInRelativeLinks() throws Exception {
        Path root = root().getParent();
        assertEquals(root.resolve("etc/passwd"), SecureJoin.resolve(root, "/../../../etc/passwd"));
        assertEquals(root, SecureJoin.resolve(root, "/.."));
        Files.createSymbolicLink(root.resolve("etc/up"), Path.of("../../../../../../../../etc/shadow"));
        assertEquals(root.resolve("etc/shadow"), SecureJoin.resolve(root, "/etc/up"));
        Files.createSymbolicLink(root.resolve("etc/sibling"), Path.of("../srv"));
        assertEquals(root.resolve("srv/file"), SecureJoin.resolve(root, "etc/sibling/file"));
    }

    @Test
    void linksToLinksAreFollowedAndALoopIsAnError() throws Exception {
        Path root = root().getParent();
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("/etc"));
        assertEquals(root.resolve("etc/hosts"), SecureJoin.resolve(root, "/a/hosts"));
        Files.createSymbolicLink(root.resolve("loop1"), Path.of("loop2"));
        Files.createSymbolicLink(root.resolve("loop2"), Path.of("/loop1"));
        IOException e = assertThrows(IOException.class, () -> SecureJoin.resolve(root, "/loop1/x"));
        assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
    }

    @Test
    void everyResultIsUnderTheRoot() throws Exception {
        Path root = root().getParent();
        Files.createSymbolicLink(root.resolve("dot"), Path.of("."));
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../../../../.."));
        for (String p : new String[] {"/", "", "..", "/dot/../..", "/rel", "/rel/..", "rel/dot/rel/tmp", "/etc/../../x"}) {
            Path r = SecureJoin.resolve(root, p);
            assertTrue(r.normalize().startsWith(root), p + " -> " + r);
        }
    }
}
