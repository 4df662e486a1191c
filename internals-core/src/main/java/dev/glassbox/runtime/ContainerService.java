package dev.glassbox.runtime;

import dev.glassbox.runtime.step.StepReport;
import java.nio.file.Path;
import java.util.List;

/**
 * What the engine offers its clients (the CLI and the app) about containers: Docker's verbs.
 * Implemented by {@link ContainerRuntime}; the HTTP API of the engine maps onto it.
 * References ({@code ref}) are a name, a full id or a unique id prefix.
 */
public interface ContainerService {
    /** docker create: validates, resolves the image, prepares the container layer. */
    ContainerInfo create(ContainerConfig request);

    /** docker start: runs every step. An exec failure still starts (and ends) the container, with 126/127. */
    ContainerInfo start(String ref);

    /** Like start, but one step at a time: the caller drives the returned session. */
    StepSession startStepByStep(String ref);

    /**
     * Start for a client that attaches next ({@code run} without {@code -d}, {@code start -a}): a
     * terminal's output waits in the pty for that client instead of going to the log, so it sees
     * every byte from the first (Docker's client attaches before it starts, for the same reason);
     * a --rm container is kept after its exit until a wait has its code, then removed (Docker's
     * client waits for {@code condition=removed}), so the client can read its log to the end.
     */
    default void start(String ref, boolean clientAttaches) { start(ref); }

    /** {@link #startStepByStep(String)}, for a client that attaches after the last step. */
    default StepSession startStepByStep(String ref, boolean clientAttaches) { return startStepByStep(ref); }

    List<ContainerInfo> list(boolean all);

    ContainerInfo inspect(String ref);

    /** docker stop: SIGTERM, then SIGKILL after {@code timeoutSeconds}. */
    ContainerInfo stop(String ref, int timeoutSeconds);

    /** docker kill -s */
    void kill(String ref, int signal);

    /** docker rm [-f]: removes the container layer, cgroup, mounts and state. */
    void remove(String ref, boolean force);

    /** docker rm [-f] [-v]: and with {@code anonymousVolumes}, its anonymous volumes. */
    void remove(String ref, boolean force, boolean anonymousVolumes);

    /** The volumes (volume create|ls|inspect). */
    dev.glassbox.storage.Volumes volumes();

    /** docker volume rm [-f]: refused while a container uses it, unless forced. */
    void removeVolume(String name, boolean force);

    /** docker volume prune [-a]: unused anonymous volumes (all unused with {@code all}); their names. */
    List<String> pruneVolumes(boolean all);

    /** docker diff */
    List<dev.glassbox.mount.Change> diff(String ref);

    /** docker cp CONTAINER:PATH: the file or directory as a tar stream. */
    void copyOut(String ref, String path, java.io.OutputStream tar) throws java.io.IOException;

    /** docker cp ... CONTAINER:DIR: a tar stream extracted into the directory. */
    void copyIn(String ref, String dir, java.io.InputStream tar) throws java.io.IOException;

    /** docker ps -s: the container layer's size in bytes. */
    long size(String ref);

    void pause(String ref);

    void unpause(String ref);

    /** docker wait: blocks until the container is not running; returns its exit code. */
    int await(String ref) throws InterruptedException;

    /**
     * Waits at most {@code millis} for the container to stop running; true when it is not
     * running (any more). A log follower sleeps in this between reads, so that it ends as soon as
     * the container has, not up to a poll interval later.
     */
    default boolean awaitStopped(String ref, long millis) throws InterruptedException {
        if (!inspect(ref).running()) return true;
        Thread.sleep(millis);
        return !inspect(ref).running();
    }

    /** The file that holds the container's output (stdout and stderr, or the terminal's). */
    Path logFile(String ref);

    /** docker top: the container's processes, as ps would list them (host PIDs). */
    List<List<String>> top(String ref);

    /**
     * Where a client can take the container's terminal (or stdin pipe) from: the shim keeps
     * it, and a root client duplicates it with pidfd_getfd(2). Null when the container has
     * neither (not -t, not -i).
     */
    Attach attach(String ref);

    /** docker exec: a process started in the container's namespaces and cgroup. */
    ExecHandle exec(String ref, ExecRequest request);

    /** The bridge networks (network create|ls|inspect|rm). */
    Networks networks();

    /** docker network connect: attach a running container to one more network. */
    void connect(String ref, String network);

    /** docker network disconnect */
    void disconnect(String ref, String network);

    /** docker port: the container's published ports. */
    List<PortMapping> ports(String ref);

    /** A descriptor in the shim's fd table: {@code pidfd_getfd(pidfd_open(shimPid), fd)}. */
    record Attach(int shimPid, int fd, boolean tty) {}

    /** What to run with docker exec. */
    record ExecRequest(List<String> cmd, boolean tty, boolean interactive, List<String> env, String user,
                       String workingDir, boolean privileged) {}

    /**
     * A running exec: output goes to {@code output} (a file) unless tty/interactive, where
     * {@code attach} tells where to take the terminal from.
     */
    interface ExecHandle {
        String id();

        int pid();

        Attach attach();

        Path output();

        /** Blocks until the process ends; its exit code. */
        int await() throws InterruptedException;
    }

    /** A container being started one step at a time. */
    interface StepSession {
        String containerId();

        /** Titles of every step, in order. */
        List<String> titles();

        boolean hasNext();

        /** Applies the next step. On failure, every earlier step is undone, and it throws. */
        StepReport next();

        /** Undoes everything applied so far; the container stays created. */
        void abort();
    }
}
