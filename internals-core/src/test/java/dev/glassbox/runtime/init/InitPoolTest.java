package dev.glassbox.runtime.init;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.sys.Syscalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The glassbox-init kept waiting for the next container: one at a time, replaced when asked, ended at close. */
class InitPoolTest {
    private final Syscalls sys = Syscalls.linux();
    @TempDir Path dir;

    private static InitStage takeSoon(InitPool pool) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            InitStage s = pool.take();
            if (s != null) return s;
            Thread.sleep(10);
        }
        return null;
    }

    @Test
    void oneWaitsAndTheNextComesOnlyWhenAskedAndCloseEndsTheOneLeft() throws Exception {
        Path bin = InitBinary.extract(dir.resolve("bin"));
        int leftPid = 0;
        try (InitPool pool = new InitPool(sys, bin)) {
            Thread.sleep(50);
            assertNull(pool.take(), "none before the first prepare");
            pool.prepare();
            InitStage first = takeSoon(pool);
            assertNotNull(first);
            assertNull(pool.take(), "the next comes only with prepare");
            pool.prepare();
            InitStage second = takeSoon(pool);
            assertNotNull(second);
            assertNotEquals(first.shimPid(), second.shimPid());
            for (InitStage s : List.of(first, second)) {
                s.close(); // a taken one is the taker's to end
                sys.waitpid(s.shimPid(), 0);
            }
            pool.prepare();
            for (int i = 0; i < 500 && leftPid == 0; i++) {
                leftPid = waitingPid(pool);
                Thread.sleep(10);
            }
            assertTrue(leftPid > 0 && Files.exists(Path.of("/proc/" + leftPid)), "one waits");
        }
        assertFalse(Files.exists(Path.of("/proc/" + leftPid)), "close ended and reaped the one left waiting");
    }

    /** The waiting one's PID, 0 when none waits yet. */
    private static int waitingPid(InitPool pool) throws Exception {
        var f = InitPool.class.getDeclaredField("waiting");
        f.setAccessible(true);
        synchronized (pool) {
            InitStage s = (InitStage) f.get(pool);
            return s == null ? 0 : s.shimPid();
        }
    }
}
