package dev.glassbox.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.step.StepReport;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * An engine that records calls and plays a fixed list of steps; a step can be made to block.
 * {@link #client()} is the {@link EngineClient} over it: a proxy, so methods the interface
 * gains later need no change here (they answer "not in the fake").
 */
public class FakeEngine {
    /** The client the app is given. */
    public EngineClient client() {
        return (EngineClient) java.lang.reflect.Proxy.newProxyInstance(EngineClient.class.getClassLoader(),
                new Class<?>[] {EngineClient.class}, (proxy, m, args) -> {
                    if (m.getDeclaringClass() == Object.class) return m.invoke(this, args);
                    java.lang.reflect.Method mine;
                    try {
                        mine = FakeEngine.class.getMethod(m.getName(), m.getParameterTypes());
                    } catch (NoSuchMethodException e) {
                        throw new EngineException(501, m.getName() + " is not in the fake engine");
                    }
                    try {
                        return mine.invoke(this, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public static final String ID = "f00dfeed0000" + "a".repeat(52);
    public static final List<String> TITLES = List.of("Prepare the root file system", "Create the cgroup",
            "Clone the namespaces", "Set the hostname", "Exec the command");
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public volatile CreateBody lastBody;
    public volatile int applied;
    public volatile CountDownLatch blockNext;
    public volatile boolean running;

    private void call(String s) {
        calls.add(s);
    }

    public boolean ping() { return true; }

    public JsonNode version() { return DockerJson.MAPPER.createObjectNode().put("Version", "fake"); }

    public List<ContainerSummary> containers(boolean all) {
        if (lastBody == null) return List.of();
        return List.of(new ContainerSummary(ID, List.of("/lab"), "base", "sh", 0, running ? "running" : "created",
                running ? "Up 1 second" : "Created", java.util.Map.of()));
    }

    public String create(CreateBody body, String name) {
        call("create " + body.image());
        lastBody = body;
        return ID;
    }

    public void start(String ref) { call("start"); running = true; }

    public void startForAttach(String ref) { start(ref); }
    public void stop(String ref, Integer t) { call("stop"); running = false; }
    public void kill(String ref, String signal) { call("kill"); running = false; }
    public void pause(String ref) { call("pause"); }
    public void unpause(String ref) { call("unpause"); }
    public int await(String ref) { return 0; }
    public void remove(String ref, boolean force) { call("rm"); lastBody = null; }

    public JsonNode inspect(String ref) {
        if (lastBody == null) throw new EngineException(404, "No such container: " + ref);
        ObjectNode n = DockerJson.MAPPER.createObjectNode().put("Id", ID).put("Name", "/lab");
        n.putObject("State").put("Pid", running ? 4242 : 0).put("Status", running ? "running" : "created");
        n.putObject("HostConfig").put("Memory", lastBody.hostConfig().memory() == null ? 0 : lastBody.hostConfig().memory());
        n.putObject("Config").put("Tty", false);
        return n;
    }

    public void logs(String ref, boolean follow, String tail, OutputStream out) { }
    public JsonNode top(String ref) { return DockerJson.MAPPER.createObjectNode(); }
    public String execCreate(String ref, ExecRequest request) { return "exec1"; }
    public Attach execStart(String execId, boolean detach, OutputStream out) { return null; }
    public JsonNode execInspect(String execId) { return DockerJson.MAPPER.createObjectNode(); }
    public int execWait(String execId) { return 0; }
    public JsonNode images() { return DockerJson.MAPPER.createArrayNode(); }
    public JsonNode imageInspect(String ref) { return DockerJson.MAPPER.createObjectNode(); }
    public JsonNode imageHistory(String ref) { return DockerJson.MAPPER.createArrayNode(); }
    public JsonNode removeImage(String ref, boolean force) { return DockerJson.MAPPER.createArrayNode(); }
    public void load(Path archive, Consumer<String> lines) { }
    public String importImage(InputStream tar, String ref, Consumer<String> lines) { return "sha256:0"; }

    public List<String> beginSteps(String ref) {
        call("begin");
        applied = 0;
        return TITLES;
    }

    public List<String> beginSteps(String ref, boolean clientAttaches) { return beginSteps(ref); }

    public StepReport nextStep(String ref) {
        CountDownLatch b = blockNext;
        if (b != null) {
            try {
                b.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int i = ++applied;
        call("next " + i);
        List<String> changes = switch (i) {
            case 3 -> List.of("container init: host PID 4242, PID 1 inside", "uts:   4026531838 -> 4026532999  (new)");
            case 4 -> List.of("hostname in the container: lab");
            default -> List.of("step " + i + " changed something");
        };
        if (i == TITLES.size()) running = true;
        return new StepReport(i, TITLES.size(), "s" + i, TITLES.get(i - 1), "Explanation of step " + i + ".",
                List.of("echo step " + i), changes);
    }

    public void abortSteps(String ref) {
        call("abort");
        applied = 0;
    }

    public Attach attach(String ref) { throw new EngineException(409, "no terminal in the fake"); }

    public void close() { }
}
