package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code glassbox run -it} as a user types it: the real CLI in its own process on a real
 * pty, talking to a real engine on a temp root. Keys go in through the pty master, the
 * container's terminal output comes back, and the exit code is the shell's.
 */
@RootOnly
class TerminalEndToEndTest {
    private final Syscalls sys = Syscalls.linux();
    private final String tag = Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbt" + tag;
    private final String cgroupParent = "glassbox-test-" + tag;
    private Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("glassbox-tty-test");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        assertEquals(0, cli("import", tar.toString(), "bb").inheritIO().start().waitFor());
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            cli("engine", "stop").inheritIO().start().waitFor();
        } finally {
            try (var rtnl = dev.glassbox.net.Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
            }
            dev.glassbox.testing.CgroupParents.remove(cgroupParent);
            BusyboxRootfs.delete(root);
        }
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                // the engine this CLI starts takes its bridge and cgroup parent from these: the test's own
                "-D" + dev.glassbox.engine.EngineMain.BRIDGE_PROPERTY + "=" + bridge,
                "-D" + dev.glassbox.engine.EngineMain.CGROUP_PARENT_PROPERTY + "=" + cgroupParent,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--root", root.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private ProcessBuilder cli(String... args) {
        return new ProcessBuilder(command(args));
    }

    @Test
    void runItGivesTheShellARealTerminalAndReturnsItsExitCode() throws Exception {
        Syscalls.Pty pty = sys.openpt();
        int slave = sys.open(pty.slave(), Kernel.O_RDWR | Kernel.O_NOCTTY | Kernel.O_CLOEXEC, 0);
        sys.setWindowSize(pty.master(), 30, 100);
        List<String> cmd = command("run", "-it", "--rm", "--network", "none", "bb", "sh");
        int pid = sys.spawn(cmd.getFirst(), cmd, Map.of("PATH", "/usr/bin:/bin", "TERM", "xterm"), Map.of(0, slave, 1, slave, 2, slave));
        sys.close(slave);
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[4096];
            int n;
            while ((n = sys.read(pty.master(), buf, buf.length)) > 0) {
                synchronized (screen) {
                    screen.write(buf, 0, n);
                }
            }
        });
        try {
            waitFor(screen, "# ", Duration.ofSeconds(60)); // the container's shell prompt
            byte[] keys = "tty; stty size; echo hello-$((6*7)); exit 3\r".getBytes(StandardCharsets.UTF_8);
            sys.writeFully(pty.master(), keys, keys.length);
            int[] status = sys.waitpid(pid, 0);
            reader.join(2000);
            String out;
            synchronized (screen) {
                out = screen.toString(StandardCharsets.UTF_8);
            }
            assertTrue(out.contains("hello-42"), out);
            assertTrue(out.contains("30 100"), "the container's terminal has the user's size: " + out);
            assertTrue(out.contains("\n/dev/pts/0"), "the terminal is in the container's own devpts, as on Docker: " + out);
            assertEquals(3, (status[1] >> 8) & 0xff, out);
        } finally {
            try {
                sys.kill(pid, Kernel.SIGKILL);
            } catch (RuntimeException gone) {
                // it exited
            }
            sys.close(pty.master());
        }
    }

    private static void waitFor(ByteArrayOutputStream screen, String text, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            synchronized (screen) {
                if (screen.toString(StandardCharsets.UTF_8).contains(text)) return;
            }
            Thread.sleep(50);
        }
        synchronized (screen) {
            throw new AssertionError("no \"" + text + "\" on the terminal within " + limit + ": " + screen.toString(StandardCharsets.UTF_8));
        }
    }
}
