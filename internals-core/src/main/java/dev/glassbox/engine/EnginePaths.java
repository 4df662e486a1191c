package dev.glassbox.engine;

import java.nio.file.Path;

/**
 * Where the engine keeps things. Images and containers live under {@code libDir}
 * ({@code /var/lib/glassbox}); the socket, the pid file, the engine log and the running state
 * under {@code runDir} ({@code /run/glassbox}, a tmpfs: gone at reboot, as running containers are).
 */
public record EnginePaths(Path libDir, Path runDir) {

    /** The system-wide places, as dockerd's {@code /var/lib/docker} and {@code /run/docker}. */
    public static EnginePaths system() {
        return new EnginePaths(Path.of("/var/lib/glassbox"), Path.of("/run/glassbox"));
    }

    /** Everything under one directory ({@code --root DIR}): {@code DIR/lib} and {@code DIR/run}. Tests use this. */
    public static EnginePaths under(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return new EnginePaths(r.resolve("lib"), r.resolve("run"));
    }

    /** {@code --root DIR} when given, else the system places. */
    public static EnginePaths of(Path rootOrNull) {
        return rootOrNull == null ? system() : under(rootOrNull);
    }

    /** The API socket, mode 0600: only root may talk to the engine, as with dockerd. */
    public Path socket() { return runDir.resolve("glassbox.sock"); }

    public Path pidFile() { return runDir.resolve("engine.pid"); }

    public Path logFile() { return runDir.resolve("engine.log"); }

    /** The build the engine runs (see {@link BuildStamp}), written at its start. */
    public Path buildFile() { return runDir.resolve("engine.build"); }
}
