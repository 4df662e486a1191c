package dev.glassbox.engine;

import dev.glassbox.sys.Native;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The engine process: {@code java dev.glassbox.engine.EngineMain [--root DIR]}. Runs as root,
 * leaves the terminal's session so it outlives it, writes its pid file, opens the runtime and
 * the image store and serves the API until SIGTERM. Stopping it leaves containers running:
 * their shims are their parents, and a new engine finds them again from their state.
 */
public final class EngineMain {
    /** Which {@link Backend.Factory} to open instead of the real {@link RuntimeBackend}; tests name a fake. */
    public static final String BACKEND_PROPERTY = "glassbox.engine.backend";
    /**
     * The default network's bridge device ({@code --bridge NAME}, else this property, else
     * {@code GLASSBOX_BRIDGE}, else glassbox0): test engines name their own, never glassbox0.
     */
    public static final String BRIDGE_PROPERTY = "glassbox.engine.bridge";
    /** The cgroup under which containers' cgroups are made ({@code --cgroup-parent NAME}; default glassbox). */
    public static final String CGROUP_PARENT_PROPERTY = "glassbox.engine.cgroup-parent";

    private EngineMain() {}

    public static void main(String[] args) {
        EnginePaths paths;
        try {
            paths = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("glassbox engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        int rc = run(paths);
        if (rc != 0) System.exit(rc);
    }

    /**
     * {@code --root DIR}, or {@code --lib DIR --run DIR} (what the launcher passes), else the system
     * places. {@code --bridge NAME} and {@code --cgroup-parent NAME} are kept as the system
     * properties {@link #BRIDGE_PROPERTY} and {@link #CGROUP_PARENT_PROPERTY} the backend reads.
     */
    static EnginePaths parse(String[] args) {
        Path root = null, lib = null, run = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && List.of("--root", "--lib", "--run", "--bridge", "--cgroup-parent").contains(a)) {
                throw new IllegalArgumentException(a + (a.equals("--bridge") || a.equals("--cgroup-parent") ? " needs a name" : " needs a directory"));
            }
            switch (a) {
                case "--root" -> root = Path.of(args[++i]);
                case "--lib" -> lib = Path.of(args[++i]);
                case "--run" -> run = Path.of(args[++i]);
                case "--bridge" -> System.setProperty(BRIDGE_PROPERTY, bridgeName(args[++i]));
                case "--cgroup-parent" -> System.setProperty(CGROUP_PARENT_PROPERTY, args[++i]);
                default -> throw new IllegalArgumentException("unknown argument \"" + a
                        + "\": use --root DIR, --bridge NAME or --cgroup-parent NAME");
            }
        }
        EnginePaths p = EnginePaths.of(root);
        return new EnginePaths(lib != null ? lib.toAbsolutePath() : p.libDir(), run != null ? run.toAbsolutePath() : p.runDir());
    }

    /** A Linux interface name: 1 to 15 characters, no slash, colon or space (IFNAMSIZ). */
    static String bridgeName(String name) {
        if (name == null || !name.matches("[a-zA-Z0-9_.-]{1,15}")) {
            throw new IllegalArgumentException("invalid bridge name \"" + name + "\": use 1 to 15 letters, digits, _ . -");
        }
        return name;
    }

    /** The default network's bridge device this engine uses. */
    static String defaultBridge() {
        String p = System.getProperty(BRIDGE_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv("GLASSBOX_BRIDGE");
        return p == null || p.isBlank() ? dev.glassbox.net.BridgeNetwork.DEFAULT_BRIDGE : bridgeName(p);
    }

    /** The cgroup parent this engine uses. */
    static String cgroupParent() {
        String p = System.getProperty(CGROUP_PARENT_PROPERTY);
        if (p == null || p.isBlank()) p = System.getenv("GLASSBOX_CGROUP_PARENT");
        return p == null || p.isBlank() ? "glassbox" : p;
    }

    static int run(EnginePaths paths) {
        Native.requireNativeAccess();
        Syscalls sys = Syscalls.linux();
        if (sys.geteuid() != 0) {
            System.err.println("glassbox engine: the engine must run as root (it makes namespaces, mounts and cgroups): run it with sudo");
            return 1;
        }
        try {
            sys.setsid(); // our own session: closing the terminal that started us sends us no SIGHUP
        } catch (SysException alreadyLeader) {
            // started as a session or group leader (e.g. from a shell's job): already detached enough
        }
        Backend backend = null;
        EngineServer server = null;
        try {
            Files.createDirectories(paths.libDir());
            Files.createDirectories(paths.runDir());
            if (Files.exists(paths.socket())) {
                try (EngineClient other = EngineClient.connect(paths.socket())) {
                    if (other.ping()) {
                        System.err.println("glassbox engine: an engine already answers on " + paths.socket());
                        return 1;
                    }
                }
            }
            BuildStamp.write(paths); // before the socket answers: a client never sees the last engine's
            backend = openBackend(paths, sys);
            server = new EngineServer(backend.containers(), backend.images(), backend.networks(), backend.builds(), paths.socket(),
                    paths.libDir().resolve("tmp"));
            server.start();
            writePidFile(paths.pidFile());
        } catch (Exception e) {
            EngineServer.log("the engine could not start: " + e);
            e.printStackTrace();
            System.err.println("glassbox engine: could not start: " + e.getMessage());
            if (server != null) server.close();
            if (backend != null) backend.close();
            return 1;
        }
        EngineServer.log("glassbox engine " + EngineServer.VERSION + " (pid " + ProcessHandle.current().pid()
                + ") serving on " + paths.socket());

        CountDownLatch stopped = new CountDownLatch(1);
        EngineServer s = server;
        Backend b = backend;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            EngineServer.log("stopping (containers keep running)");
            s.close();
            b.close();
            try {
                Files.deleteIfExists(paths.pidFile());
            } catch (IOException ignored) {
                // a stale pid file names a dead pid: the launcher checks
            }
            stopped.countDown();
        }, "engine-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static Backend openBackend(EnginePaths paths, Syscalls sys) throws Exception {
        String name = System.getProperty(BACKEND_PROPERTY);
        if (name == null) return new RuntimeBackend().open(paths, sys);
        Class<?> type;
        try {
            type = Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("backend " + name + " is not on the class path", e);
        }
        Backend.Factory f = (Backend.Factory) type.getDeclaredConstructor().newInstance();
        return f.open(paths, sys);
    }

    /** Written atomically: a reader sees the whole pid or no file. */
    static void writePidFile(Path pidFile) throws IOException {
        Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
        Files.writeString(tmp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, pidFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
