package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.step.StepReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the CLI and the app ask the engine, one method per route of {@link EngineServer}.
 * Failures are {@link EngineException}s carrying the engine's one-line message.
 * {@link #connect} gives the HTTP client over the Unix socket; tests pass a fake.
 */
public interface EngineClient extends AutoCloseable {

    /** A client of the engine listening on {@code socket}. Nothing is sent until the first call. */
    static EngineClient connect(Path socket) {
        return new HttpEngineClient(socket);
    }

    /** {@code GET /_ping}: true when the engine answers. */
    boolean ping();

    /** {@code GET /version}: Version, ApiVersion, Os, Arch, KernelVersion, Pid. */
    JsonNode version();

    List<ContainerSummary> containers(boolean all);

    /** {@code POST /containers/create?name=}; returns the new container's id. */
    String create(CreateBody body, String name);

    void start(String ref);

    /** {@code timeoutSeconds} null: the engine's default (10 s). */
    void stop(String ref, Integer timeoutSeconds);

    /** {@code signal} as docker kill -s takes it (SIGTERM, TERM, 15); null for SIGKILL. */
    void kill(String ref, String signal);

    void pause(String ref);

    void unpause(String ref);

    /** {@code POST /containers/{id}/wait}: blocks until the container stops; its exit code. */
    int await(String ref);

    void remove(String ref, boolean force);

    /** Docker's inspect JSON of one container. */
    JsonNode inspect(String ref);

    /** Copies the container's output to {@code out}; with {@code follow}, until it stops. {@code tail}: "all" or a count. */
    void logs(String ref, boolean follow, String tail, OutputStream out);

    /** {@code GET /containers/{id}/top}: {"Titles": [...], "Processes": [[...]]}. */
    JsonNode top(String ref);

    /** {@code POST /containers/{id}/exec}; returns the exec id. */
    String execCreate(String ref, ExecRequest request);

    /**
     * {@code POST /exec/{id}/start}. With a terminal or stdin, returns where to take it from;
     * otherwise streams the output to {@code out} until the process ends and returns null.
     * Detached: returns null at once.
     */
    Attach execStart(String execId, boolean detach, OutputStream out);

    JsonNode execInspect(String execId);

    /** Blocks until the exec's process ends; its exit code. */
    int execWait(String execId);

    /** {@code GET /images/json} */
    JsonNode images();

    JsonNode imageInspect(String ref);

    JsonNode imageHistory(String ref);

    /** {@code DELETE /images/{name}}: [{"Untagged": ...}, {"Deleted": ...}]. */
    JsonNode removeImage(String ref, boolean force);

    /** {@code POST /images/load}: each line of the engine's answer goes to {@code lines} ("Loaded image: base:latest"). */
    void load(Path archive, Consumer<String> lines);

    /** {@code POST /images/create?fromSrc=-}: {@code ref} may be null; returns the image id. */
    String importImage(InputStream tar, String ref, Consumer<String> lines);

    /** {@code POST /glassbox/containers/{id}/steps}: begins a step-by-step start; the steps' titles. */
    List<String> beginSteps(String ref);

    /** Applies the next step. */
    StepReport nextStep(String ref);

    void abortSteps(String ref);

    /** Where the container's terminal or stdin can be taken from (see {@link Fds#take}). */
    Attach attach(String ref);

    @Override
    void close();
}
