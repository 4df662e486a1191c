package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EngineMain;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.net.Rtnl;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code glassbox build}, {@code save} and {@code load} through a real engine on a temporary root,
 * as root: the build runs in the engine (its RUN in the engine's runtime), the CLI only sends the
 * context. The engine's default bridge and cgroup parent are the test's own; the engine, its
 * bridge, its cgroup parent and the root are removed at the end, even on failure.
 */
@RootOnly
class CliBuildEndToEndTest {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbb" + tag;
    private final String cgroupParent = "glassbox-test-" + tag;
    private Path root;

    record Result(int code, String out, String err) {}

    private Result glassbox(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        Main m = new Main(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, System::getenv);
        int code = m.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String ok(String... args) {
        Result r = glassbox(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
        return r.out();
    }

    @Test
    void aDockerfileBuiltInTheEngineRunsIsCachedOnRebuildAndSurvivesSaveAndLoad() throws Exception {
        root = Files.createTempDirectory("glassbox-build-e2e");
        EnginePaths paths = EnginePaths.under(root);
        try {
            Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
            Path tar = root.resolve("rootfs.tar");
            assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
            EngineLauncher.start(paths, List.of("-D" + EngineMain.BRIDGE_PROPERTY + "=" + bridge,
                    "-D" + EngineMain.CGROUP_PARENT_PROPERTY + "=" + cgroupParent));
            ok("import", tar.toString(), "busybox:latest");

            Path context = Files.createDirectories(root.resolve("context"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM busybox:latest
                    RUN echo made-by-run-$(echo ok) > /made.txt
                    CMD ["cat", "/made.txt"]
                    """);
            String first = ok("build", "--network", "none", "-t", "t1", context.toString());
            assertTrue(first.contains("Step 2/3 : RUN"), first);
            assertEquals("made-by-run-ok\n", ok("run", "--rm", "--network", "none", "t1"));

            String again = ok("build", "--network", "none", "-t", "t1", context.toString());
            assertTrue(again.contains(" ---> CACHED"), again);

            Path saved = root.resolve("t1.tar");
            ok("save", "-o", saved.toString(), "t1");
            assertTrue(Files.size(saved) > 0);
            ok("rmi", "t1");
            assertFalse(ok("images").contains("t1"), "t1 is gone before the load");
            assertTrue(ok("load", "-i", saved.toString()).contains("Loaded image: t1:latest"));
            assertEquals("made-by-run-ok\n", ok("run", "--rm", "--network", "none", "t1"));
            assertEquals("", ok("ps", "-aq"), "no build container is left behind");
        } finally {
            try {
                if (Files.exists(paths.socket())) {
                    for (String id : glassbox("ps", "-aq", "--no-trunc").out().lines().filter(l -> !l.isBlank()).toList()) {
                        glassbox("rm", "-f", id);
                    }
                }
                EngineLauncher.stop(paths, Duration.ofSeconds(15));
            } finally {
                try (Rtnl rtnl = Rtnl.open()) {
                    rtnl.deleteLinkIfExists(bridge);
                }
                dev.glassbox.testing.CgroupParents.remove(cgroupParent);
                BusyboxRootfs.delete(root);
            }
        }
        assertFalse(Files.exists(root), "the temp root is gone");
    }
}
