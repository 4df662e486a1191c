package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.step.StepReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link EngineClient} over HTTP/1.1 on the engine's Unix socket, with {@link UnixHttp}: one
 * blocking connection per request, nothing to start, so a CLI command pays no client start-up.
 */
final class HttpEngineClient implements EngineClient {
    static {
        quietSlf4j();
    }

    /** Jetty (the engine's server) logs through SLF4J; with no provider on the class path SLF4J would print a warning. */
    static void quietSlf4j() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private static final String PREFIX = "/v" + EngineServer.API_VERSION;
    /** How long connecting and the answer's headers of a streamed request may take (its body, as long as it lasts). */
    private static final long STREAM_HEADERS_MILLIS = 30_000;
    private final Path socket;
    private final UnixHttp http;

    HttpEngineClient(Path socket) {
        this.socket = socket;
        this.http = new UnixHttp(socket);
    }

    /** A request to send: method, path under the API version, an optional body and time limit. */
    private static final class Request {
        final String method;
        final String path;
        UnixHttp.Body body;
        long timeoutMillis; // 0: no limit (wait and logs -f last as long as the container)

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request timeout(long amount, TimeUnit unit) {
            this.timeoutMillis = unit.toMillis(amount);
            return this;
        }

        Request body(UnixHttp.Body b) {
            this.body = b;
            return this;
        }
    }

    /** A whole answer, read. */
    private record Reply(int status, String text, UnixHttp.Response head) {
        int getStatus() { return status; }

        String getContentAsString() { return text; }
    }

    private Request request(String method, String path) {
        return new Request(method, PREFIX + path);
    }

    private UnixHttp.Response exchange(Request r, long timeoutMillis) {
        try {
            return http.exchange(r.method, r.path, r.body, timeoutMillis);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Sends and reads the whole answer, without checking its status. */
    private Reply sendUnchecked(Request r) {
        UnixHttp.Response resp = exchange(r, r.timeoutMillis);
        try {
            return new Reply(resp.status(), resp.text(), resp);
        } catch (IOException e) {
            throw new EngineException(0, "the engine's answer broke off: " + e.getMessage(), e);
        }
    }

    private Reply send(Request r) {
        Reply resp = sendUnchecked(r);
        if (resp.getStatus() >= 400) throw errorOf(resp.getStatus(), resp.getContentAsString());
        return resp;
    }

    private EngineException unreachable(IOException e) {
        if (e instanceof java.net.SocketException || e instanceof NoSuchFileException || e.getCause() instanceof java.net.SocketException) {
            return new EngineException(0, "cannot reach the engine at " + socket + ": is it running? (glassbox engine start)", e);
        }
        return new EngineException(0, "talking to the engine at " + socket + " failed: " + e, e);
    }

    static EngineException errorOf(int status, String body) {
        String message = StreamingJson.text(body, "message"); // null when the body is not Docker's error JSON
        if (message == null) message = body;
        if (message == null || message.isBlank()) message = "the engine answered " + status;
        return new EngineException(status, message.lines().findFirst().orElse(message));
    }

    /** A top-level field of an everyday answer, read without databind (see {@link StreamingJson}). */
    private static String field(Reply r, String name) {
        String v = StreamingJson.text(r.getContentAsString(), name);
        if (v == null) throw new EngineException(r.getStatus(), "the engine's answer has no " + name + ": " + r.getContentAsString());
        return v;
    }

    private JsonNode json(Reply r) {
        try {
            String s = r.getContentAsString();
            return s == null || s.isEmpty() ? DockerJson.MAPPER.nullNode() : DockerJson.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new EngineException(r.getStatus(), "the engine sent JSON that does not parse: " + e.getMessage(), e);
        }
    }

    private Request withJson(Request r, Object body) {
        try {
            return r.body(UnixHttp.Body.of("application/json", DockerJson.MAPPER.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new EngineException(0, "cannot write the request: " + e.getMessage(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A streamed answer: its status is checked, then its body is handed over as it arrives. */
    private InputStream stream(Request r) {
        return streamed(r).in();
    }

    private record Streamed(UnixHttp.Response response, InputStream in) {}

    private Streamed streamed(Request r) {
        // a request with a body (an upload) may take as long as sending it takes
        UnixHttp.Response resp = exchange(r, r.body == null ? STREAM_HEADERS_MILLIS : 0);
        InputStream in = new ClosingInput(resp);
        if (resp.status() >= 400) {
            try (in) {
                throw errorOf(resp.status(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new EngineException(resp.status(), "the engine answered " + resp.status(), e);
            }
        }
        return new Streamed(resp, in);
    }

    /** An answer's body that closes the connection when it is closed. */
    private static final class ClosingInput extends java.io.FilterInputStream {
        private final UnixHttp.Response resp;

        ClosingInput(UnixHttp.Response resp) {
            super(resp.body());
            this.resp = resp;
        }

        @Override
        public void close() throws IOException {
            resp.close();
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        try (in) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            throw new EngineException(0, "the output stream broke: " + e.getMessage(), e);
        }
    }

    /** Docker's progress stream: one JSON object a line; an "error" line fails. */
    private static String jsonLines(InputStream in, Consumer<String> lines) {
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n = DockerJson.MAPPER.readTree(line);
                if (n.hasNonNull("error")) throw new EngineException(500, n.get("error").asText());
                String text = n.hasNonNull("stream") ? n.get("stream").asText().strip() : n.path("status").asText();
                last = text;
                lines.accept(text);
            }
        } catch (IOException e) {
            throw new EngineException(0, "the engine's answer broke off: " + e.getMessage(), e);
        }
        return last;
    }

    // ---------------------------------------------------------------- routes

    @Override
    public boolean ping() {
        try {
            return "OK".equals(send(request("GET", "/_ping").timeout(5, TimeUnit.SECONDS)).getContentAsString());
        } catch (EngineException e) {
            return false;
        }
    }

    @Override
    public JsonNode version() { return json(send(request("GET", "/version"))); }

    @Override
    public List<ContainerSummary> containers(boolean all) {
        return containers(all, false);
    }

    @Override
    public List<ContainerSummary> containers(boolean all, boolean size) {
        return containers(all, size, Map.of());
    }

    @Override
    public List<ContainerSummary> containers(boolean all, boolean size, Map<String, List<String>> filters) {
        String query = filters.isEmpty() ? "" : "&filters=" + enc(DockerJson.MAPPER.valueToTree(filters).toString());
        Reply r = send(request("GET", "/containers/json?all=" + (all ? 1 : 0) + (size ? "&size=1" : "") + query));
        try {
            return StreamingJson.summaries(r.getContentAsString());
        } catch (IOException e) {
            throw new EngineException(r.getStatus(), "the engine sent JSON that does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public void remove(String ref, boolean force, boolean volumes) {
        send(request("DELETE", "/containers/" + enc(ref) + "?force=" + (force ? 1 : 0) + "&v=" + (volumes ? 1 : 0)));
    }

    @Override
    public JsonNode pruneContainers() { return json(send(request("POST", "/containers/prune"))); }

    @Override
    public JsonNode changes(String ref) { return json(send(request("GET", "/containers/" + enc(ref) + "/changes"))); }

    @Override
    public JsonNode statPath(String ref, String path) {
        Reply r = sendUnchecked(request("HEAD", "/containers/" + enc(ref) + "/archive?path=" + enc(path)));
        // a HEAD answer has no body to carry the message: say it here
        if (r.getStatus() == 404) throw new EngineException(404, "Could not find the file " + path + " in container " + ref);
        if (r.getStatus() >= 400) throw new EngineException(r.getStatus(), "cannot look at " + path + " in container " + ref
                + ": the engine answered " + r.getStatus());
        return PathStat.decode(r.head().header(PathStat.HEADER));
    }

    @Override
    public JsonNode copyFrom(String ref, String path, OutputStream tar) {
        Streamed s = streamed(request("GET", "/containers/" + enc(ref) + "/archive?path=" + enc(path)));
        JsonNode stat = PathStat.decode(s.response().header(PathStat.HEADER));
        copy(s.in(), tar);
        return stat;
    }

    @Override
    public void copyTo(String ref, String dir, InputStream tar) {
        send(request("PUT", "/containers/" + enc(ref) + "/archive?path=" + enc(dir))
                .body(UnixHttp.Body.of("application/x-tar", tar)));
    }

    @Override
    public JsonNode networks() { return json(send(request("GET", "/networks"))); }

    @Override
    public JsonNode network(String ref) { return json(send(request("GET", "/networks/" + enc(ref)))); }

    @Override
    public String createNetwork(String name, String subnet, String gateway) {
        ObjectNode b = DockerJson.MAPPER.createObjectNode().put("Name", name).put("Driver", "bridge").put("CheckDuplicate", true);
        if (subnet != null || gateway != null) {
            ObjectNode c = b.putObject("IPAM").putArray("Config").addObject();
            if (subnet != null) c.put("Subnet", subnet);
            if (gateway != null) c.put("Gateway", gateway);
        }
        return json(send(withJson(request("POST", "/networks/create"), b))).path("Id").asText();
    }

    @Override
    public void removeNetwork(String ref) { send(request("DELETE", "/networks/" + enc(ref))); }

    @Override
    public void connect(String network, String container) {
        send(withJson(request("POST", "/networks/" + enc(network) + "/connect"),
                DockerJson.MAPPER.createObjectNode().put("Container", container)));
    }

    @Override
    public void disconnect(String network, String container, boolean force) {
        send(withJson(request("POST", "/networks/" + enc(network) + "/disconnect"),
                DockerJson.MAPPER.createObjectNode().put("Container", container).put("Force", force)));
    }

    @Override
    public JsonNode pruneNetworks() { return json(send(request("POST", "/networks/prune"))); }

    @Override
    public JsonNode volumes() { return json(send(request("GET", "/volumes"))); }

    @Override
    public JsonNode volume(String name) { return json(send(request("GET", "/volumes/" + enc(name)))); }

    @Override
    public JsonNode createVolume(String name, java.util.Map<String, String> labels) {
        ObjectNode b = DockerJson.MAPPER.createObjectNode().put("Driver", "local");
        if (name != null) b.put("Name", name);
        if (labels != null && !labels.isEmpty()) b.set("Labels", DockerJson.MAPPER.valueToTree(labels));
        return json(send(withJson(request("POST", "/volumes/create"), b)));
    }

    @Override
    public void removeVolume(String name, boolean force) {
        send(request("DELETE", "/volumes/" + enc(name) + (force ? "?force=1" : "")));
    }

    @Override
    public JsonNode pruneVolumes(boolean all) {
        return json(send(request("POST", "/volumes/prune" + (all ? "?filters=" + enc("{\"all\":[\"true\"]}") : ""))));
    }

    @Override
    public JsonNode pruneImages(boolean all) {
        return json(send(request("POST", "/images/prune?filters=" + enc("{\"dangling\":[\"" + !all + "\"]}"))));
    }

    @Override
    public JsonNode systemDf() { return json(send(request("GET", "/system/df"))); }

    @Override
    public JsonNode pruneBuildCache() { return json(send(request("POST", "/build/prune"))); }

    @Override
    public String create(CreateBody body, String name) {
        String q = name == null ? "" : "?name=" + enc(name);
        byte[] json;
        try {
            json = StreamingJson.bytes(body::writeJson);
        } catch (IOException e) {
            throw new EngineException(0, "cannot write the request: " + e.getMessage(), e);
        }
        Reply r = send(request("POST", "/containers/create" + q).body(UnixHttp.Body.of("application/json", json)));
        return field(r, "Id");
    }

    @Override
    public void start(String ref) { send(request("POST", "/containers/" + enc(ref) + "/start")); }

    @Override
    public void startForAttach(String ref) { send(request("POST", "/containers/" + enc(ref) + "/start?attach=1")); }

    @Override
    public void stop(String ref, Integer timeoutSeconds) {
        send(request("POST", "/containers/" + enc(ref) + "/stop" + (timeoutSeconds == null ? "" : "?t=" + timeoutSeconds)));
    }

    @Override
    public void kill(String ref, String signal) {
        send(request("POST", "/containers/" + enc(ref) + "/kill" + (signal == null ? "" : "?signal=" + enc(signal))));
    }

    @Override
    public void pause(String ref) { send(request("POST", "/containers/" + enc(ref) + "/pause")); }

    @Override
    public void unpause(String ref) { send(request("POST", "/containers/" + enc(ref) + "/unpause")); }

    @Override
    public int await(String ref) {
        return Integer.parseInt(field(send(request("POST", "/containers/" + enc(ref) + "/wait")), "StatusCode"));
    }

    @Override
    public void remove(String ref, boolean force) {
        send(request("DELETE", "/containers/" + enc(ref) + (force ? "?force=1" : "")));
    }

    @Override
    public JsonNode inspect(String ref) { return json(send(request("GET", "/containers/" + enc(ref) + "/json"))); }

    @Override
    public void logs(String ref, boolean follow, String tail, OutputStream out) {
        String q = "?stdout=1&stderr=1" + (follow ? "&follow=1" : "") + (tail == null ? "" : "&tail=" + enc(tail));
        copy(stream(request("GET", "/containers/" + enc(ref) + "/logs" + q)), out);
    }

    @Override
    public JsonNode top(String ref) { return json(send(request("GET", "/containers/" + enc(ref) + "/top"))); }

    @Override
    public String execCreate(String ref, ExecRequest req) {
        ObjectNode b = DockerJson.MAPPER.createObjectNode();
        b.set("Cmd", DockerJson.MAPPER.valueToTree(req.cmd()));
        b.put("Tty", req.tty());
        b.put("AttachStdin", req.interactive());
        b.put("AttachStdout", true);
        b.put("AttachStderr", true);
        if (req.env() != null) b.set("Env", DockerJson.MAPPER.valueToTree(req.env()));
        if (req.user() != null) b.put("User", req.user());
        if (req.workingDir() != null) b.put("WorkingDir", req.workingDir());
        b.put("Privileged", req.privileged());
        return json(send(withJson(request("POST", "/containers/" + enc(ref) + "/exec"), b))).path("Id").asText();
    }

    @Override
    public Attach execStart(String execId, boolean detach, OutputStream out) {
        ObjectNode b = DockerJson.MAPPER.createObjectNode().put("Detach", detach);
        if (detach) {
            send(withJson(request("POST", "/exec/" + enc(execId) + "/start"), b));
            return null;
        }
        UnixHttp.Response resp = exchange(withJson(request("POST", "/exec/" + enc(execId) + "/start"), b), STREAM_HEADERS_MILLIS);
        InputStream in = new ClosingInput(resp);
        String type = resp.header("Content-Type");
        if (resp.status() >= 400 || (type != null && type.startsWith("application/json"))) {
            String body;
            try (in) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new EngineException(resp.status(), "the engine's answer broke off: " + e.getMessage(), e);
            }
            if (resp.status() >= 400) throw errorOf(resp.status(), body);
            try {
                JsonNode a = DockerJson.MAPPER.readTree(body).path("Attach");
                return a.isMissingNode() || a.isNull() ? null
                        : new Attach(a.path("ShimPid").asInt(), a.path("Fd").asInt(), a.path("Tty").asBoolean());
            } catch (IOException e) {
                throw new EngineException(resp.status(), "the engine sent JSON that does not parse: " + e.getMessage(), e);
            }
        }
        copy(in, out);
        return null;
    }

    @Override
    public JsonNode execInspect(String execId) { return json(send(request("GET", "/exec/" + enc(execId) + "/json"))); }

    @Override
    public int execWait(String execId) {
        return Integer.parseInt(field(send(request("POST", "/glassbox/exec/" + enc(execId) + "/wait")), "StatusCode"));
    }

    @Override
    public JsonNode images() { return json(send(request("GET", "/images/json"))); }

    @Override
    public JsonNode imageInspect(String ref) { return json(send(request("GET", "/images/" + ref + "/json"))); }

    @Override
    public JsonNode imageHistory(String ref) { return json(send(request("GET", "/images/" + ref + "/history"))); }

    @Override
    public JsonNode removeImage(String ref, boolean force) {
        return json(send(request("DELETE", "/images/" + ref + (force ? "?force=1" : ""))));
    }

    @Override
    public void load(Path archive, Consumer<String> lines) {
        Request r = request("POST", "/images/load");
        try {
            r.body(UnixHttp.Body.of("application/x-tar", archive));
        } catch (IOException e) {
            throw new EngineException(0, "cannot read " + archive + ": " + e.getMessage(), e);
        }
        jsonLines(stream(r), lines);
    }

    @Override
    public String importImage(InputStream tar, String ref, Consumer<String> lines) {
        String q = "?fromSrc=-";
        if (ref != null) {
            int colon = ref.lastIndexOf(':');
            boolean tagged = colon > ref.lastIndexOf('/');
            q += "&repo=" + enc(tagged ? ref.substring(0, colon) : ref) + (tagged ? "&tag=" + enc(ref.substring(colon + 1)) : "");
        }
        Request r = request("POST", "/images/create" + q).body(UnixHttp.Body.of("application/x-tar", tar));
        List<String> all = new ArrayList<>();
        jsonLines(stream(r), l -> {
            all.add(l);
            lines.accept(l);
        });
        return all.isEmpty() ? "" : all.getLast();
    }

    @Override
    public String build(Path contextTar, dev.glassbox.image.build.BuildRequest req, dev.glassbox.image.build.BuildOutput out) {
        StringBuilder q = new StringBuilder("/build?dockerfile=").append(enc(req.dockerfile()));
        for (String t : req.tags()) q.append("&t=").append(enc(t));
        if (!req.buildArgs().isEmpty()) q.append("&buildargs=").append(enc(jsonText(req.buildArgs())));
        if (!req.labels().isEmpty()) q.append("&labels=").append(enc(jsonText(req.labels())));
        if (req.noCache()) q.append("&nocache=1");
        q.append("&networkmode=").append(enc(req.networkMode()));
        Request r = request("POST", q.toString());
        try {
            r.body(UnixHttp.Body.of("application/x-tar", contextTar));
        } catch (IOException e) {
            throw new EngineException(0, "cannot read " + contextTar + ": " + e.getMessage(), e);
        }
        String[] id = new String[1];
        dev.glassbox.image.build.BuildException[] failed = new dev.glassbox.image.build.BuildException[1];
        // read to the end of the answer even after the error line: the engine removes the build
        // context before it ends the answer, so when this returns nothing of the build is left
        eachLine(stream(r), n -> {
            if (n.hasNonNull("error") && failed[0] == null) {
                failed[0] = new dev.glassbox.image.build.BuildException(n.get("error").asText(), n.path("errorDetail").path("code").asInt(1), null);
            }
            if (n.hasNonNull("stream")) out.stream(n.get("stream").asText());
            if (n.path("aux").hasNonNull("ID")) id[0] = n.get("aux").get("ID").asText();
        });
        if (failed[0] != null) throw failed[0];
        if (id[0] == null) throw new EngineException(500, "the engine ended the build without saying which image it made");
        out.imageId(id[0]);
        return id[0];
    }

    @Override
    public void pull(String ref, String platform, dev.glassbox.image.registry.TransferOutput out) {
        String[] rt = repoAndTag(ref);
        String q = "/images/create?fromImage=" + enc(rt[0]) + (rt[1] == null ? "" : "&tag=" + enc(rt[1]))
                + (platform == null || platform.isBlank() ? "" : "&platform=" + enc(platform));
        transfer(request("POST", q), out);
    }

    @Override
    public void push(String ref, dev.glassbox.image.registry.TransferOutput out) {
        String[] rt = repoAndTag(ref);
        transfer(request("POST", "/images/" + rt[0] + "/push" + (rt[1] == null ? "" : "?tag=" + enc(rt[1]))), out);
    }

    @Override
    public void save(List<String> refs, OutputStream out) {
        StringBuilder q = new StringBuilder("/images/get");
        for (int i = 0; i < refs.size(); i++) q.append(i == 0 ? '?' : '&').append("names=").append(enc(refs.get(i)));
        Streamed s;
        try {
            s = streamed(request("GET", q.toString()));
        } catch (EngineException e) {
            if (e.status() > 0) throw new dev.glassbox.image.ImageException(e.getMessage(), e);
            throw e;
        }
        copy(s.in(), out);
    }

    @Override
    public void tag(String source, String target) {
        String[] rt = repoAndTag(target);
        try {
            send(request("POST", "/images/" + source + "/tag?repo=" + enc(rt[0]) + (rt[1] == null ? "" : "&tag=" + enc(rt[1]))));
        } catch (EngineException e) {
            if (e.status() > 0) throw new dev.glassbox.image.ImageException(e.getMessage(), e);
            throw e;
        }
    }

    /** {@code name:tag} split at the tag's colon (not a registry's port); the tag is null when there is none. */
    private static String[] repoAndTag(String ref) {
        int at = ref.indexOf('@');
        if (at > 0) return new String[] {ref.substring(0, at), null};
        int colon = ref.lastIndexOf(':');
        return colon > ref.lastIndexOf('/') ? new String[] {ref.substring(0, colon), ref.substring(colon + 1)} : new String[] {ref, null};
    }

    /** A pull's or push's progress lines to {@code out}; an error line or status becomes an ImageException. */
    private void transfer(Request r, dev.glassbox.image.registry.TransferOutput out) {
        InputStream in;
        try {
            in = stream(r);
        } catch (EngineException e) {
            if (e.status() > 0) throw new dev.glassbox.image.ImageException(e.getMessage(), e);
            throw e;
        }
        eachLine(in, n -> {
            if (n.hasNonNull("error")) throw new dev.glassbox.image.ImageException(n.get("error").asText());
            JsonNode d = n.path("progressDetail");
            out.status(n.hasNonNull("id") ? n.get("id").asText() : null, n.path("status").asText(),
                    d.path("current").asLong(0), d.path("total").asLong(-1));
        });
    }

    private static String jsonText(java.util.Map<String, String> m) {
        try {
            return DockerJson.MAPPER.writeValueAsString(m);
        } catch (IOException e) {
            throw new EngineException(0, "cannot write the request: " + e.getMessage(), e);
        }
    }

    /** Each JSON object of a line-delimited answer, as it arrives. */
    private static void eachLine(InputStream in, Consumer<JsonNode> each) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) each.accept(DockerJson.MAPPER.readTree(line));
            }
        } catch (IOException e) {
            throw new EngineException(0, "the engine's answer broke off: " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> beginSteps(String ref) {
        return beginSteps(ref, false);
    }

    @Override
    public List<String> beginSteps(String ref, boolean clientAttaches) {
        JsonNode r = json(send(request("POST", "/glassbox/containers/" + enc(ref) + "/steps" + (clientAttaches ? "?attach=1" : ""))));
        List<String> titles = new ArrayList<>();
        r.path("Titles").forEach(t -> titles.add(t.asText()));
        return titles;
    }

    @Override
    public StepReport nextStep(String ref) {
        return DockerJson.MAPPER.convertValue(json(send(request("POST", "/glassbox/containers/" + enc(ref) + "/steps/next"))),
                StepReport.class);
    }

    @Override
    public void abortSteps(String ref) { send(request("POST", "/glassbox/containers/" + enc(ref) + "/steps/abort")); }

    @Override
    public Attach attach(String ref) {
        JsonNode a = json(send(request("POST", "/glassbox/containers/" + enc(ref) + "/attach")));
        return new Attach(a.path("ShimPid").asInt(), a.path("Fd").asInt(), a.path("Tty").asBoolean());
    }

    @Override
    public void close() {
        // nothing held between requests: each one had its own connection
    }
}
