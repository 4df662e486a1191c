package dev.glassbox.engine;

import dev.glassbox.sys.Syscalls;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the CLI calls first: use the engine if it answers; else, as root, start it as a daemon
 * (the same java, the same class path) and wait until it answers.
 */
public final class EngineLauncher {
    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private EngineLauncher() {}

    /** A client of a running engine, starting one first when none answers. */
    public static EngineClient ensureRunning(EnginePaths paths, Syscalls sys) {
        return ensureRunning(paths, () -> sys);
    }

    /**
     * The same, with the kernel asked only when no engine answers: linking the first FFM call
     * costs a command line tens of milliseconds it need not pay when the engine is up.
     */
    public static EngineClient ensureRunning(EnginePaths paths, java.util.function.Supplier<Syscalls> sys) {
        if (Files.exists(paths.socket())) {
            EngineClient c = EngineClient.connect(paths.socket());
            if (c.ping()) {
                if (!olderBuild(paths) || sys.get().geteuid() != 0) return c;
                c.close();
                // its jars were rewritten under it by a rebuild: it may lack what this command asks
                // for, or fail to load a class it has not loaded yet
                System.err.println("glassbox: the engine runs an older build of Glassbox; restarting it (containers keep running)");
                List<String> options = running(paths).map(EngineLauncher::propertiesOf).orElse(List.of());
                stop(paths, Duration.ofSeconds(30));
                start(paths, options);
                return EngineClient.connect(paths.socket());
            }
            c.close();
        }
        if (sys.get().geteuid() != 0) {
            throw new EngineException(0, "the engine is not running and starting it needs root: run with sudo");
        }
        start(paths, List.of());
        return EngineClient.connect(paths.socket());
    }

    /** The -D options a running engine was started with (its backend, bridge, cgroup parent), to start the next one alike. */
    static List<String> propertiesOf(ProcessHandle engine) {
        List<String> out = new ArrayList<>();
        for (String a : engine.info().arguments().orElse(new String[0])) {
            if (a.equals("-cp")) break;
            if (a.startsWith("-D")) out.add(a);
        }
        return out;
    }

    /** The engine that answers was started from another build than ours (see {@link BuildStamp}). */
    static boolean olderBuild(EnginePaths paths) {
        String engine = BuildStamp.ofEngine(paths);
        return engine != null && !engine.equals(BuildStamp.current());
    }

    /**
     * Starts the engine as a daemon and waits (at most ~10 s) until it answers {@code /_ping}.
     * Its output goes to {@code <runDir>/engine.log}, its stdin is /dev/null.
     *
     * @param jvmOptions extra java options (tests pass {@code -Dglassbox.engine.backend=...})
     */
    public static long start(EnginePaths paths, List<String> jvmOptions) {
        try {
            Files.createDirectories(paths.runDir());
        } catch (IOException e) {
            throw new EngineException(0, "cannot create " + paths.runDir() + ": " + e.getMessage(), e);
        }
        Path log = paths.logFile();
        Process p;
        try {
            p = new ProcessBuilder(command(paths, jvmOptions))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new EngineException(0, "cannot start the engine: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (EngineClient c = EngineClient.connect(paths.socket())) {
            while (true) {
                if (Files.exists(paths.socket()) && c.ping()) return p.pid();
                if (!p.isAlive()) {
                    throw new EngineException(0, "the engine exited at start (code " + p.exitValue() + "): see " + log);
                }
                if (System.nanoTime() > deadline) {
                    p.destroy();
                    throw new EngineException(0, "the engine did not answer within " + START_TIMEOUT.toSeconds()
                            + " s: see " + log);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(0, "interrupted while the engine was starting", e);
        }
    }

    /** java --enable-native-access=ALL-UNNAMED [options] -cp CP dev.glassbox.engine.EngineMain --lib L --run R */
    static List<String> command(EnginePaths paths, List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        // C1 only: a start runs many paths a few times each, and C2 kept the second core compiling for
        // thousands of starts; with C1 alone a warm start took 12.8 ms instead of 15.2, at half the CPU
        cmd.add("-XX:TieredStopAtLevel=1");
        String backend = System.getProperty(EngineMain.BACKEND_PROPERTY);
        if (backend != null) cmd.add("-D" + EngineMain.BACKEND_PROPERTY + "=" + backend);
        for (String p : List.of(EngineMain.BRIDGE_PROPERTY, EngineMain.CGROUP_PARENT_PROPERTY)) {
            String v = System.getProperty(p);
            if (v != null) cmd.add("-D" + p + "=" + v);
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EngineMain.class.getName());
        cmd.add("--lib");
        cmd.add(paths.libDir().toString());
        cmd.add("--run");
        cmd.add(paths.runDir().toString());
        return cmd;
    }

    /** The engine's pid from its pid file, when that process is alive. */
    public static Optional<ProcessHandle> running(EnginePaths paths) {
        try {
            String s = Files.readString(paths.pidFile(), StandardCharsets.US_ASCII).strip();
            return ProcessHandle.of(Long.parseLong(s)).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends SIGTERM to the engine and waits until it has gone. Containers keep running.
     *
     * @return false when no engine was running
     */
    public static boolean stop(EnginePaths paths, Duration timeout) {
        Optional<ProcessHandle> engine = running(paths);
        if (engine.isEmpty()) return false;
        ProcessHandle h = engine.get();
        h.destroy(); // SIGTERM: the engine's shutdown hook closes the socket and the backend
        try {
            h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new EngineException(0, "the engine (pid " + h.pid() + ") did not stop within " + timeout.toSeconds()
                    + " s: see " + paths.logFile());
        } catch (Exception e) {
            throw new EngineException(0, "waiting for the engine to stop: " + e.getMessage(), e);
        }
        return true;
    }
}
