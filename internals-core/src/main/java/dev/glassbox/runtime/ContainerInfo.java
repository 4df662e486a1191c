package dev.glassbox.runtime;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime sees it now: its configuration and its state, the latter read
 * from the kernel (is the init alive, same start time? is the cgroup frozen?) and from the
 * exit status the shim recorded.
 *
 * @param pid        the init's PID on the host, 0 when not running
 * @param exitCode   Docker's exit code (128+signal when killed), meaningful when EXITED
 * @param paths      by the keys below: the overlay's dirs, the log, the cgroup
 */
public record ContainerInfo(
        String id,
        String name,
        ContainerConfig config,
        ContainerState state,
        int pid,
        int shimPid,
        int exitCode,
        boolean oomKilled,
        String error,
        Instant startedAt,
        Instant finishedAt,
        String hostname,
        Map<String, String> paths) {

    /** Keys of {@link #paths}: the container layer, overlayfs's work dir, the merged root, */
    public static final String UPPER = "upper", WORK = "work", MERGED = "merged";
    /** the layers under it (overlayfs's lowerdir: colon-separated, top first, the init layer first), */
    public static final String LOWER = "lower";
    /** the container's log file and its cgroup (while it runs). */
    public static final String LOG = "log", CGROUP = "cgroup";

    public String shortId() { return id.substring(0, 12); }

    public boolean running() { return state == ContainerState.RUNNING || state == ContainerState.PAUSED; }

    public Path logPath() { return Path.of(paths.get(LOG)); }
}
