package dev.glassbox.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * glassbox-init's protocol with a real init (no namespaces: any user can run it): a batch runs
 * its commands in order and stops at the first failure, which names that command; a tolerated
 * failure lets the rest run; a batch beyond one datagram is split; exec follows a batch in the
 * same turn.
 */
class InitStageTest {
    private final Syscalls sys = Syscalls.linux();
    @TempDir Path dir;
    private InitStage init;

    @BeforeEach
    void cloneAnInit() {
        init = InitStage.spawn(sys, InitBinary.extract(dir.resolve("bin")), dir.resolve("exit"), Map.of(0, 0, 1, 1, 2, 2), "glassbox-init");
        init.clone(0);
    }

    @AfterEach
    void reap() {
        try {
            init.call("exit", "0");
        } catch (SysException gone) {
            // it exec'd or exited already
        }
        init.close();
        try {
            sys.waitpid(init.shimPid(), 0);
        } catch (SysException e) {
            if (e.errno() != Errno.ECHILD) throw e; // the test reaped it
        }
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void aBatchRunsInOrderAndStopsAtTheFirstFailureWhichNamesItsCommand() {
        InitStage.Batch b = init.batch();
        b.call("mkdir", path("a"), "755");
        b.call("mkdir", path("missing/b"), "755");
        b.call("mkdir", path("c"), "755");
        SysException e = assertThrows(SysException.class, b::run);
        assertEquals(Errno.ENOENT, e.errno());
        assertEquals("mkdir", e.call());
        assertTrue(e.getMessage().contains(path("missing/b")), e.getMessage());
        assertTrue(Files.isDirectory(dir.resolve("a")), "the command before it ran");
        assertFalse(Files.exists(dir.resolve("c")), "the command after it did not");
    }

    @Test
    void aToleratedFailureLetsTheRestRun() {
        init.batch()
                .callTolerating(Errno.ENOENT, "mkdir", path("missing/x"), "755")
                .call("mkdir", path("y"), "755")
                .run();
        assertTrue(Files.isDirectory(dir.resolve("y")));
    }

    @Test
    void aBatchLargerThanOneDatagramIsSentInParts() throws Exception {
        InitStage.Batch b = init.batch();
        String longName = "d".repeat(200);
        for (int i = 0; i < 1000; i++) b.call("mkdir", path(longName + i), "755");
        b.run(); // about 250 KiB of commands: four datagrams of at most 64 KiB
        try (var list = Files.list(dir)) {
            assertEquals(1000, list.filter(p -> p.getFileName().toString().startsWith(longName)).count());
        }
    }

    @Test
    void execFollowsABatchInTheSameTurn() throws Exception {
        InitStage.Batch b = init.batch().call("chdir", dir.toString());
        init.exec(b, "/bin/sh", List.of("sh", "-c", "pwd > out"), List.of("PATH=/usr/bin:/bin"));
        sys.waitpid(init.shimPid(), 0);
        assertEquals(dir.toString(), Files.readString(dir.resolve("out")).strip());
        assertEquals("0", Files.readString(dir.resolve("exit")).strip());
    }

    @Test
    void aFailureBeforeExecIsThatCommandsAndAMissingProgramIs127() {
        InitStage.Batch b = init.batch().call("chdir", path("nowhere"));
        SysException e = assertThrows(SysException.class, () -> init.exec(b, "/bin/true", List.of("true"), List.of()));
        assertEquals("chdir", e.call());
        InitStage.ExecFailed missing = assertThrows(InitStage.ExecFailed.class,
                () -> init.exec("/no/such/program", List.of("program"), List.of()));
        assertEquals(127, missing.exitCode());
    }

    @Test
    @RootOnly
    void maskCoversAFileWithDevNullADirectoryWithAnEmptyReadOnlyTmpfsAndSkipsWhatIsMissing() throws Exception {
        Files.writeString(dir.resolve("secret"), "host data");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/key"), "k");
        InitStage own = InitStage.spawn(sys, InitBinary.extract(dir.resolve("bin2")), dir.resolve("exit2"), Map.of(0, 0, 1, 1, 2, 2), "glassbox-init");
        try {
            int pid = own.clone(Kernel.CLONE_NEWNS); // its own mount table: the host's stays as it is
            own.batch()
                    .call("mount", "", "/", "", "0x" + Long.toHexString(Kernel.MS_REC | Kernel.MS_PRIVATE), "")
                    .call("mask", path("secret"))
                    .call("mask", path("secrets"))
                    .call("mask", path("not-in-this-kernel"))
                    .run();
            Path seen = Path.of("/proc/" + pid + "/root").resolve(dir.toString().substring(1));
            assertEquals("", Files.readString(seen.resolve("secret")), "/dev/null over the file");
            try (var list = Files.list(seen.resolve("secrets"))) {
                assertEquals(0, list.count(), "an empty tmpfs over the directory");
            }
            assertThrows(IOException.class, () -> Files.writeString(seen.resolve("secrets/new"), "x"), "read-only");
            assertFalse(Files.exists(seen.resolve("not-in-this-kernel")), "a missing path is left missing");
            assertEquals("host data", Files.readString(dir.resolve("secret")), "the host's view is unchanged");
            assertTrue(Files.exists(dir.resolve("secrets/key")));
        } finally {
            own.call("exit", "0");
            own.close();
            sys.waitpid(own.shimPid(), 0);
        }
    }

    @Test
    void aGlassboxInitStartedAheadOfTimeTakesTheContainersStdioAndExitFileWhenAdopted() throws Exception {
        InitStage waiting = InitStage.spawnWaiting(sys, InitBinary.extract(dir.resolve("bin3")), "glassbox-init");
        int out = sys.open(path("out"), Kernel.O_WRONLY | Kernel.O_CREAT | Kernel.O_CLOEXEC, 0644);
        try {
            SysException early = assertThrows(SysException.class, () -> waiting.clone(0));
            assertTrue(early.getMessage().contains("adopt comes first"), early.getMessage());
            waiting.adopt(dir.resolve("exit3"), Map.of(0, 0, 1, out, 2, out));
            assertThrows(SysException.class, () -> waiting.adopt(dir.resolve("again"), Map.of(0, 0, 1, out, 2, out)), "only once");
            waiting.clone(0);
            waiting.exec("/bin/sh", List.of("sh", "-c", "echo from the container; exit 3"), List.of("PATH=/usr/bin:/bin"));
            sys.waitpid(waiting.shimPid(), 0);
        } finally {
            sys.close(out);
            waiting.close();
        }
        assertEquals("from the container\n", Files.readString(dir.resolve("out")), "its stdout is the one adopt gave");
        assertEquals(String.valueOf(3 << 8), Files.readString(dir.resolve("exit3")).strip(), "its end is in the adopted exit file");
    }

    @Test
    void aWaitingGlassboxInitWhoseEngineGoesAwayEnds() throws Exception {
        InitStage waiting = InitStage.spawnWaiting(sys, InitBinary.extract(dir.resolve("bin4")), "glassbox-init");
        waiting.close(); // the engine's end of the control socket
        int[] status = sys.waitpid(waiting.shimPid(), 0);
        assertEquals(125, (status[1] >> 8) & 0xff);
    }
}
