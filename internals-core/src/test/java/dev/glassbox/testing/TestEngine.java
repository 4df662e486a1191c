package dev.glassbox.testing;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EngineMain;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.net.Rtnl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A real engine for one test: its own root, default bridge and cgroup parent (random names: other
 * test runs share this machine), stopped and cleaned up by {@link #close}, even after a failure.
 */
public final class TestEngine implements AutoCloseable {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbl" + tag;
    private final String cgroupParent = "glassbox-test-" + tag;
    private final EnginePaths paths;
    private final EngineClient client;

    public TestEngine(Path root) {
        paths = EnginePaths.under(root);
        EngineLauncher.start(paths, List.of("-D" + EngineMain.BRIDGE_PROPERTY + "=" + bridge,
                "-D" + EngineMain.CGROUP_PARENT_PROPERTY + "=" + cgroupParent));
        client = EngineClient.connect(paths.socket());
    }

    public EngineClient client() { return client; }

    public EnginePaths paths() { return paths; }

    /** A TCP port nobody listens on now, for {@code -p PORT:80}. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            for (var c : client.containers(true)) client.remove(c.id(), true);
        } catch (RuntimeException ignored) {
            // the engine is going anyway
        }
        client.close();
        try {
            EngineLauncher.stop(paths, Duration.ofSeconds(20));
        } finally {
            try (Rtnl rtnl = Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
            }
            try {
                CgroupParents.remove(cgroupParent);
            } catch (IOException e) {
                System.err.println("TestEngine: cannot remove cgroup parent " + cgroupParent + ": " + e.getMessage());
            }
        }
    }
}
