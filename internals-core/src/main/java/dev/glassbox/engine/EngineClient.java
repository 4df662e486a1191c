package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.step.StepReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    /**
     * Loads and initialises, on a thread of its own, what the first request of {@link #connect}'s
     * client needs, for a caller with other work meanwhile (the command line parses its
     * arguments): the JDK's Unix socket classes, which seed a SecureRandom as they initialise,
     * and the JSON factory. About 20 ms of a cold JVM, off the path to the first byte sent.
     */
    static void prepareInBackground() {
        Thread t = new Thread(UnixHttp::prepare, "engine-client-prepare");
        t.setDaemon(true);
        t.start();
    }

    /** {@code GET /_ping}: true when the engine answers. */
    boolean ping();

    /** {@code GET /version}: Version, ApiVersion, Os, Arch, KernelVersion, Pid. */
    JsonNode version();

    List<ContainerSummary> containers(boolean all);

    /** {@code GET /containers/json?all=&size=1}: with each container's SizeRw and SizeRootFs. */
    List<ContainerSummary> containers(boolean all, boolean size);

    /**
     * {@code GET /containers/json?filters=}: only the containers every filter key matches (one of
     * its values), as {@code docker ps -f KEY=VALUE}; see the engine's {@code ContainerFilter}.
     */
    List<ContainerSummary> containers(boolean all, boolean size, Map<String, List<String>> filters);

    /** {@code POST /containers/create?name=}; returns the new container's id. */
    String create(CreateBody body, String name);

    void start(String ref);

    /**
     * {@code POST /containers/{id}/start?attach=1}: a start for a client that attaches next, whose
     * terminal output waits in the pty for it, and which, --rm, is removed once the client's wait
     * has its exit code (see {@code ContainerService.start(ref, true)}).
     */
    default void startForAttach(String ref) { start(ref); }

    /** {@code timeoutSeconds} null: the engine's default (10 s). */
    void stop(String ref, Integer timeoutSeconds);

    /** {@code signal} as docker kill -s takes it (SIGTERM, TERM, 15); null for SIGKILL. */
    void kill(String ref, String signal);

    void pause(String ref);

    void unpause(String ref);

    /** {@code POST /containers/{id}/wait}: blocks until the container stops; its exit code. */
    int await(String ref);

    void remove(String ref, boolean force);

    /** {@code DELETE /containers/{id}?force=&v=}: with {@code volumes}, its anonymous volumes too (rm -v). */
    void remove(String ref, boolean force, boolean volumes);

    /** {@code POST /containers/prune}: {"ContainersDeleted": [...], "SpaceReclaimed": n}. */
    JsonNode pruneContainers();

    /** {@code GET /containers/{id}/changes}: [{"Path": "/tmp", "Kind": 0 (changed) | 1 (added) | 2 (deleted)}]. */
    JsonNode changes(String ref);

    /**
     * {@code HEAD /containers/{id}/archive?path=}: what is at {@code path} in the container,
     * Docker's stat {name, size, mode (Go's FileMode bits), mtime, linkTarget}; a 404 when nothing is.
     */
    JsonNode statPath(String ref, String path);

    /** {@code GET /containers/{id}/archive?path=}: the path as a tar, written to {@code tar}; returns its stat. */
    JsonNode copyFrom(String ref, String path, OutputStream tar);

    /** {@code PUT /containers/{id}/archive?path=DIR}: the tar extracted into DIR, which must exist. */
    void copyTo(String ref, String dir, InputStream tar);

    /** {@code GET /networks}: Docker's network objects. */
    JsonNode networks();

    /** {@code GET /networks/{id}}: by name, id or unique id prefix. */
    JsonNode network(String ref);

    /** {@code POST /networks/create}; {@code subnet}, {@code gateway} may be null. Returns the id. */
    String createNetwork(String name, String subnet, String gateway);

    void removeNetwork(String ref);

    void connect(String network, String container);

    void disconnect(String network, String container, boolean force);

    /** {@code POST /networks/prune}: {"NetworksDeleted": [...]}. */
    JsonNode pruneNetworks();

    /** {@code GET /volumes}: {"Volumes": [...]}. */
    JsonNode volumes();

    JsonNode volume(String name);

    /** {@code POST /volumes/create}; {@code name} null: an anonymous volume. */
    JsonNode createVolume(String name, java.util.Map<String, String> labels);

    void removeVolume(String name, boolean force);

    /** {@code POST /volumes/prune}: {"VolumesDeleted": [...], "SpaceReclaimed": n}; {@code all}: named ones too. */
    JsonNode pruneVolumes(boolean all);

    /** {@code POST /images/prune}: {"ImagesDeleted": [{"Untagged"|"Deleted": ...}], "SpaceReclaimed": n}. */
    JsonNode pruneImages(boolean all);

    /** {@code GET /system/df}: Images, Containers (with SizeRw), Volumes (with UsageData), BuildCache, LayersSize. */
    JsonNode systemDf();

    /**
     * {@code POST /build/prune}: {"CachesDeleted": [...], "SpaceReclaimed": n}. By default
     * nothing is deleted: a client of an engine that cannot build has no build cache to clear.
     */
    default JsonNode pruneBuildCache() {
        return DockerJson.MAPPER.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("CachesDeleted",
                DockerJson.MAPPER.createArrayNode()).put("SpaceReclaimed", 0);
    }

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

    /**
     * {@code POST /build?t=&dockerfile=&buildargs={json}&nocache=1&networkmode=&labels={json}}, the body
     * {@code contextTar} (see {@link dev.glassbox.image.build.ContextArchive#write}); {@code request.context()}
     * is not sent. The build's {@code stream} lines go to {@code out} as they come. Returns the image id;
     * a failed build throws {@link dev.glassbox.image.build.BuildException} with the failed RUN's code.
     */
    default String build(Path contextTar, dev.glassbox.image.build.BuildRequest request, dev.glassbox.image.build.BuildOutput out) {
        throw new EngineException(501, "this engine client cannot build");
    }

    /** {@code POST /images/create?fromImage=&tag=[&platform=]}; a failed pull throws {@link dev.glassbox.image.ImageException}. */
    default void pull(String ref, String platform, dev.glassbox.image.registry.TransferOutput out) {
        throw new EngineException(501, "this engine client cannot pull");
    }

    /** {@code POST /images/{name}/push?tag=}; a failed push throws {@link dev.glassbox.image.ImageException}. */
    default void push(String ref, dev.glassbox.image.registry.TransferOutput out) {
        throw new EngineException(501, "this engine client cannot push");
    }

    /** {@code GET /images/get?names=..}: Docker's save archive written to {@code out}. */
    default void save(List<String> refs, OutputStream out) {
        throw new EngineException(501, "this engine client cannot save");
    }

    /** {@code POST /images/{name}/tag?repo=&tag=}. */
    default void tag(String source, String target) {
        throw new EngineException(501, "this engine client cannot tag");
    }

    /** {@code POST /glassbox/containers/{id}/steps}: begins a step-by-step start; the steps' titles. */
    List<String> beginSteps(String ref);

    /** {@link #beginSteps}, for a client that attaches after the last step ({@code run --step -it}). */
    default List<String> beginSteps(String ref, boolean clientAttaches) { return beginSteps(ref); }

    /** Applies the next step. */
    StepReport nextStep(String ref);

    void abortSteps(String ref);

    /** Where the container's terminal or stdin can be taken from (see {@link Fds#take}). */
    Attach attach(String ref);

    @Override
    void close();
}
