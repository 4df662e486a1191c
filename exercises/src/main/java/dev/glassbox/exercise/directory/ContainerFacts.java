package dev.glassbox.exercise.directory;

import java.util.List;
import java.util.Map;

/**
 * What the grader needs to know about one container, whoever runs it (Glassbox, Docker):
 * the same fields {@code docker inspect} shows, reduced to what checks compare.
 *
 * @param id       the full id
 * @param name     the name without Docker's leading slash
 * @param state    Docker's lower-case state: created, running, paused, exited, dead
 * @param pid      the init's host PID, 0 when not running
 * @param exitCode the exit code of the last run, null when it never ended
 * @param image    the image as the user named it
 * @param config   flat settings as text: cmd, entrypoint, user, tty, openStdin, readOnlyRootfs,
 *                 hostname, autoRemove, privileged, networkMode, memory, ... (absent when unknown)
 * @param mounts   the mounts the engine made (volumes, binds, tmpfs)
 * @param networks network name to the container's IPv4 address on it ("" when none)
 */
public record ContainerFacts(String id, String name, String state, int pid, Integer exitCode, String image,
                             Map<String, String> config, List<MountFacts> mounts, Map<String, String> networks) {
    public ContainerFacts {
        config = Map.copyOf(config);
        mounts = List.copyOf(mounts);
        networks = Map.copyOf(networks);
    }

    public boolean running() { return pid > 0 && (state.equals("running") || state.equals("paused")); }

    /**
     * One mount as the engine describes it.
     *
     * @param type        bind, volume or tmpfs
     * @param source      the host path (the volume's directory for a volume)
     * @param destination the path inside the container
     * @param volumeName  the volume's name, null for binds and tmpfs
     * @param readWrite   false for {@code :ro}
     */
    public record MountFacts(String type, String source, String destination, String volumeName, boolean readWrite) {}
}
