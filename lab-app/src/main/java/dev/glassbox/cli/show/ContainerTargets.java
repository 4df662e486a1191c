package dev.glassbox.cli.show;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.engine.EnginePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Turns what the user typed after {@code glassbox show VIEW} into a PID: a Glassbox container
 * (name or ID, asked of the engine when it runs; never started for this), a Docker container
 * when {@code /var/run/docker.sock} answers (read-only {@code GET /containers/{id}/json}), or a
 * plain PID. The inspectors then read /proc for that PID whoever started it.
 */
public final class ContainerTargets implements ShowCommand.TargetResolver {
    /** Where Docker's engine listens. */
    public static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");

    /** A source of container PIDs: empty when it does not know the name, a failure when it knows it but cannot give a PID. */
    @FunctionalInterface
    public interface Lookup {
        OptionalInt pid(String ref);
    }

    private final Lookup glassbox;
    private final Lookup docker;

    public ContainerTargets(Lookup glassbox, Lookup docker) {
        this.glassbox = glassbox;
        this.docker = docker;
    }

    /** The engine under {@code root} (null: the system's) and Docker's socket. */
    public static ContainerTargets forRoot(Path root) {
        Path socket = EnginePaths.of(root).socket();
        return new ContainerTargets(engine(socket, EngineClient::connect), docker(DOCKER_SOCKET));
    }

    @Override
    public int pid(String target) {
        String ref = target.trim();
        OptionalInt pid = glassbox.pid(ref);
        if (pid.isEmpty()) pid = docker.pid(ref);
        if (pid.isPresent()) return pid.getAsInt();
        try {
            return ShowCommand.PIDS_ONLY.pid(ref);
        } catch (IllegalArgumentException notANumber) {
            throw new IllegalArgumentException("no container or process \"" + ref
                    + "\": give a container's name or ID (glassbox ps, docker ps) or a PID (ps -e)");
        }
    }

    /** The Glassbox engine at {@code socket}, when its socket exists and it answers. */
    public static Lookup engine(Path socket, Function<Path, EngineClient> connect) {
        return ref -> {
            if (!Files.exists(socket)) return OptionalInt.empty();
            try (EngineClient c = connect.apply(socket)) {
                return pidOf(c.inspect(ref), ref, "glassbox start");
            } catch (EngineException e) {
                if (e.status() == 404 || e.status() == 0) return OptionalInt.empty(); // not one of its containers, or no engine
                throw new IllegalArgumentException("asking the engine for \"" + ref + "\" failed: " + e.getMessage());
            }
        };
    }

    /** Docker's engine at {@code socket}: {@code GET /containers/REF/json}, nothing else. */
    public static Lookup docker(Path socket) {
        // a class of its own, so that Jetty's client is loaded only when Docker's socket is there
        return ref -> Files.exists(socket) ? DockerLookup.pid(socket, ref) : OptionalInt.empty();
    }

    /** State.Pid of a Docker-shaped inspect answer; a stopped container has none to show. */
    static OptionalInt pidOf(JsonNode inspect, String ref, String start) {
        int pid = inspect.path("State").path("Pid").asInt(0);
        if (pid > 0) return OptionalInt.of(pid);
        throw new IllegalArgumentException("container \"" + ref + "\" is not running, so it has no processes to show ("
                + start + " " + ref + ")");
    }
}
