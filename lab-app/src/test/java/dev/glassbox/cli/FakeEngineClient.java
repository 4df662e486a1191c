package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.step.StepReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An engine client that records each call and answers from fields the test sets. */
class FakeEngineClient implements EngineClient {
    static final String ID = "0123456789ab" + "c".repeat(52);
    final List<String> calls = new ArrayList<>();
    CreateBody lastBody;
    ExecRequest lastExec;
    String logs = "";
    int exitCode;
    List<ContainerSummary> containers = List.of();
    JsonNode images = DockerJson.MAPPER.createArrayNode();
    RuntimeException failOn;
    String failRef = "";
    int step;

    private void call(String what, String ref) {
        calls.add(what + (ref == null ? "" : " " + ref));
        if (failOn != null && ref != null && ref.equals(failRef)) throw failOn;
    }

    @Override public boolean ping() { calls.add("ping"); return true; }

    @Override
    public JsonNode version() { return DockerJson.MAPPER.createObjectNode().put("Pid", 77).put("Version", "0.1.0"); }

    @Override public List<ContainerSummary> containers(boolean all) { calls.add("containers " + all); return containers; }

    @Override
    public String create(CreateBody body, String name) {
        call("create", body.image());
        lastBody = body;
        return ID;
    }

    @Override public void start(String ref) { call("start", ref); }
    @Override public void stop(String ref, Integer t) { call("stop" + (t == null ? "" : " -t " + t), ref); }
    @Override public void kill(String ref, String signal) { call("kill" + (signal == null ? "" : " -s " + signal), ref); }
    @Override public void pause(String ref) { call("pause", ref); }
    @Override public void unpause(String ref) { call("unpause", ref); }
    @Override public int await(String ref) { call("wait", ref); return exitCode; }
    @Override public void remove(String ref, boolean force) { call("rm" + (force ? " -f" : ""), ref); }

    @Override
    public JsonNode inspect(String ref) {
        calls.add("inspect " + ref);
        if (ref.equals("pweb")) {
            var n = DockerJson.MAPPER.createObjectNode().put("Id", ID);
            n.putObject("NetworkSettings").set("Ports", ports);
            return n;
        }
        if (ref.equals(ID)) {
            var n = DockerJson.MAPPER.createObjectNode().put("Id", ID);
            n.putObject("State").put("ExitCode", exitCode);
            return n;
        }
        if (!ref.equals("web")) throw new EngineException(404, "No such container: " + ref);
        var n = DockerJson.MAPPER.createObjectNode().put("Id", ID).put("Name", "/web");
        n.putObject("Config").put("Tty", false).put("OpenStdin", false);
        n.putArray("Args");
        return n;
    }

    @Override
    public void logs(String ref, boolean follow, String tail, OutputStream out) {
        call("logs" + (follow ? " -f" : "") + (tail == null ? "" : " --tail " + tail), ref);
        try {
            out.write(logs.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public JsonNode top(String ref) {
        call("top", ref);
        var n = DockerJson.MAPPER.createObjectNode();
        n.putArray("Titles").add("UID").add("PID").add("CMD");
        n.putArray("Processes").addArray().add("root").add("4242").add("sleep 100");
        return n;
    }

    @Override
    public String execCreate(String ref, ExecRequest request) {
        call("exec", ref);
        lastExec = request;
        return "e1";
    }

    @Override
    public Attach execStart(String execId, boolean detach, OutputStream out) {
        call("execStart" + (detach ? " -d" : ""), execId);
        if (!detach) logs(execId, false, null, out);
        return null;
    }

    @Override public JsonNode execInspect(String execId) { return DockerJson.MAPPER.createObjectNode().put("ExitCode", exitCode); }
    @Override public int execWait(String execId) { call("execWait", execId); return exitCode; }
    @Override public JsonNode images() { calls.add("images"); return images; }

    @Override
    public JsonNode imageInspect(String ref) {
        call("imageInspect", ref);
        if (!ref.equals("base")) throw new EngineException(404, "No such image: " + ref);
        return DockerJson.MAPPER.createObjectNode().put("Id", "sha256:ab");
    }

    @Override
    public JsonNode imageHistory(String ref) {
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        a.addObject().put("Id", "sha256:" + "ab".repeat(32)).put("Created", 0).put("CreatedBy", "glassbox base: the host's binaries and their libraries")
                .put("Size", 7_800_000).put("Comment", "");
        return a;
    }

    @Override
    public JsonNode removeImage(String ref, boolean force) {
        call("rmi" + (force ? " -f" : ""), ref);
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        a.addObject().put("Untagged", ref + ":latest");
        a.addObject().put("Deleted", "sha256:ab");
        return a;
    }

    @Override
    public void load(Path archive, Consumer<String> lines) {
        call("load", archive.getFileName().toString());
        lines.accept("Loading layer");
        lines.accept("Loaded image: alpine:3.19");
    }

    @Override
    public String importImage(InputStream tar, String ref, Consumer<String> lines) {
        try {
            call("import " + new String(tar.readAllBytes(), StandardCharsets.UTF_8), ref);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "sha256:" + "cd".repeat(32);
    }

    @Override
    public List<String> beginSteps(String ref) {
        call("steps", ref);
        return List.of("Clone the namespaces", "Exec the command");
    }

    @Override
    public StepReport nextStep(String ref) {
        call("next", ref);
        step++;
        return new StepReport(step, 2, "s" + step, step == 1 ? "Clone the namespaces" : "Exec the command",
                "The init stage calls clone(2) with CLONE_NEWPID and the other flags, so the new process is PID 1 in a new PID namespace and sees only its own children there.",
                List.of("unshare --pid --fork --mount-proc sh"), List.of("pid ns: 4026531836 -> 4026532201"));
    }

    @Override public void abortSteps(String ref) { call("abort", ref); }

    // ---- networks, volumes, storage

    JsonNode networks = DockerJson.MAPPER.createArrayNode();
    JsonNode volumes = DockerJson.MAPPER.createObjectNode().putArray("Volumes");
    JsonNode df = DockerJson.MAPPER.createObjectNode();
    JsonNode ports = DockerJson.MAPPER.createObjectNode();
    JsonNode pruned = DockerJson.MAPPER.createObjectNode();
    JsonNode changes = DockerJson.MAPPER.createArrayNode();
    /** Container path to its stat; what copyFrom writes and what copyTo received. */
    final java.util.Map<String, JsonNode> stats = new java.util.HashMap<>();
    byte[] archive = new byte[0];
    final java.util.Map<String, byte[]> copiedTo = new java.util.LinkedHashMap<>();

    @Override
    public List<ContainerSummary> containers(boolean all, boolean size) { calls.add("containers " + all + " size"); return containers; }

    @Override
    public List<ContainerSummary> containers(boolean all, boolean size, java.util.Map<String, List<String>> filters) {
        calls.add("containers " + all + (size ? " size" : "") + (filters.isEmpty() ? "" : " filters " + DockerJson.MAPPER.valueToTree(filters)));
        return containers;
    }

    @Override public void remove(String ref, boolean force, boolean volumes) { call("rm" + (force ? " -f" : "") + (volumes ? " -v" : ""), ref); }
    @Override public JsonNode pruneContainers() { calls.add("prune containers"); return pruned; }
    @Override public JsonNode changes(String ref) { call("diff", ref); return changes; }

    @Override
    public JsonNode statPath(String ref, String path) {
        call("stat " + path, ref);
        JsonNode s = stats.get(path);
        if (s == null) throw new EngineException(404, "Could not find the file " + path + " in container " + ref);
        return s;
    }

    @Override
    public JsonNode copyFrom(String ref, String path, OutputStream tar) {
        call("copyFrom " + path, ref);
        try {
            tar.write(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stats.get(path);
    }

    @Override
    public void copyTo(String ref, String dir, InputStream tar) {
        call("copyTo " + dir, ref);
        try {
            copiedTo.put(dir, tar.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public JsonNode networks() { calls.add("networks"); return networks; }

    @Override
    public JsonNode network(String ref) {
        call("network", ref);
        for (JsonNode n : networks) if (n.path("Name").asText().equals(ref)) return n;
        throw new EngineException(404, "network " + ref + " not found");
    }

    @Override
    public String createNetwork(String name, String subnet, String gateway) {
        call("network create" + (subnet == null ? "" : " --subnet " + subnet) + (gateway == null ? "" : " --gateway " + gateway), name);
        return "ab".repeat(32);
    }

    @Override public void removeNetwork(String ref) { call("network rm", ref); }
    @Override public void connect(String network, String container) { call("connect " + network, container); }
    @Override public void disconnect(String network, String container, boolean force) { call("disconnect " + network, container); }
    @Override public JsonNode pruneNetworks() { calls.add("prune networks"); return pruned; }
    @Override public JsonNode volumes() { calls.add("volumes"); return DockerJson.MAPPER.createObjectNode().set("Volumes", volumes); }

    @Override
    public JsonNode volume(String name) {
        call("volume", name);
        for (JsonNode v : volumes) if (v.path("Name").asText().equals(name)) return v;
        throw new EngineException(404, "get " + name + ": no such volume");
    }

    @Override
    public JsonNode createVolume(String name, java.util.Map<String, String> labels) {
        call("volume create" + (labels == null || labels.isEmpty() ? "" : " " + labels), name);
        return DockerJson.MAPPER.createObjectNode().put("Name", name == null ? "f".repeat(64) : name);
    }

    @Override public void removeVolume(String name, boolean force) { call("volume rm" + (force ? " -f" : ""), name); }
    @Override public JsonNode pruneVolumes(boolean all) { calls.add("prune volumes" + (all ? " -a" : "")); return pruned; }
    @Override public JsonNode pruneImages(boolean all) { calls.add("prune images" + (all ? " -a" : "")); return pruned; }
    @Override public JsonNode systemDf() { calls.add("df"); return df; }
    @Override public JsonNode pruneBuildCache() { calls.add("prune build cache"); return pruned; }
    @Override public Attach attach(String ref) { call("attach", ref); return new Attach(1, 3, true); }
    @Override public void close() { calls.add("close"); }
}
