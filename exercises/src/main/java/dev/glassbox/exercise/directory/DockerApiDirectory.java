package dev.glassbox.exercise.directory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Transport;

/**
 * Containers, images and networks of a real Docker daemon, read through its API socket with
 * GET requests only ({@code /containers/json}, {@code /containers/ID/json},
 * {@code /images/NAME/json}, {@code /networks/NAME}). The grader never changes Docker's state.
 */
public final class DockerApiDirectory implements ContainerDirectory, AutoCloseable {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;
    private HttpClient client;

    public DockerApiDirectory(Path socket) {
        this.socket = socket;
    }

    /** Whether a daemon could be listening there. */
    public boolean available() {
        return Files.exists(socket);
    }

    @Override
    public String source() { return "docker " + socket; }

    private synchronized HttpClient client() {
        if (client == null) {
            if (!available()) {
                throw new DirectoryException("no Docker socket at " + socket + ": start dockerd or give --docker-socket");
            }
            HttpClient c = new HttpClient();
            try {
                c.start();
            } catch (Exception e) {
                throw new DirectoryException("cannot start an HTTP client for " + socket + ": " + e.getMessage(), e);
            }
            client = c;
        }
        return client;
    }

    /** GET on the API; empty on 404, the parsed body on 200. */
    private Optional<byte[]> get(String pathAndQuery) {
        try {
            ContentResponse r = client().newRequest("http://docker" + pathAndQuery).transport(new Transport.TCPUnix(socket)).timeout(10, TimeUnit.SECONDS).send();
            if (r.getStatus() == 404) return Optional.empty();
            if (r.getStatus() != 200) {
                throw new DirectoryException("Docker answered " + r.getStatus() + " to GET " + pathAndQuery + " on " + socket
                        + ": " + r.getContentAsString().trim());
            }
            return Optional.of(r.getContent());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted while asking Docker on " + socket, e);
        } catch (DirectoryException e) {
            throw e;
        } catch (Exception e) {
            throw new DirectoryException("cannot ask Docker on " + socket + " (GET " + pathAndQuery + "): " + e.getMessage()
                    + ": is dockerd running and may you open its socket?", e);
        }
    }

    private Optional<JsonNode> getJson(String pathAndQuery) {
        return get(pathAndQuery).map(b -> {
            try {
                return JSON.readTree(b);
            } catch (java.io.IOException e) {
                throw new DirectoryException("Docker sent JSON that does not parse for GET " + pathAndQuery + ": " + e.getMessage(), e);
            }
        });
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public List<ContainerFacts> list() {
        JsonNode all = getJson("/containers/json?all=1").orElseThrow();
        List<ContainerFacts> out = new ArrayList<>();
        for (JsonNode c : all) inspect(c.path("Id").asText()).ifPresent(out::add);
        return out;
    }

    @Override
    public Optional<ContainerFacts> find(String nameOrId) {
        return inspect(nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId);
    }

    private Optional<ContainerFacts> inspect(String ref) {
        return getJson("/containers/" + enc(ref) + "/json").map(DockerApiDirectory::facts);
    }

    /** Maps {@code docker inspect}'s JSON to the grader's facts (public for tests on recorded JSON). */
    public static ContainerFacts facts(JsonNode j) {
        JsonNode st = j.path("State"), cfg = j.path("Config"), host = j.path("HostConfig");
        String state = st.path("Status").asText("unknown");
        Integer exit = state.equals("exited") || state.equals("dead") ? st.path("ExitCode").asInt() : null;
        Map<String, String> config = new LinkedHashMap<>();
        putList(config, "cmd", cfg.path("Cmd"));
        putList(config, "entrypoint", cfg.path("Entrypoint"));
        config.put("user", cfg.path("User").asText(""));
        config.put("tty", Boolean.toString(cfg.path("Tty").asBoolean()));
        config.put("openStdin", Boolean.toString(cfg.path("OpenStdin").asBoolean()));
        config.put("hostname", cfg.path("Hostname").asText(""));
        config.put("workingDir", cfg.path("WorkingDir").asText(""));
        config.put("readOnlyRootfs", Boolean.toString(host.path("ReadonlyRootfs").asBoolean()));
        config.put("autoRemove", Boolean.toString(host.path("AutoRemove").asBoolean()));
        config.put("privileged", Boolean.toString(host.path("Privileged").asBoolean()));
        config.put("networkMode", host.path("NetworkMode").asText(""));
        config.put("memory", Long.toString(host.path("Memory").asLong()));
        config.put("nanoCpus", Long.toString(host.path("NanoCpus").asLong()));
        config.put("pidsLimit", Long.toString(host.path("PidsLimit").asLong()));
        List<String> ports = new ArrayList<>();
        host.path("PortBindings").properties().forEach(e -> {
            for (JsonNode b : e.getValue()) ports.add(b.path("HostIp").asText("") + ":" + b.path("HostPort").asText("") + "->" + e.getKey());
        });
        config.put("ports", String.join(",", ports));
        List<ContainerFacts.MountFacts> mounts = new ArrayList<>();
        for (JsonNode m : j.path("Mounts")) {
            mounts.add(new ContainerFacts.MountFacts(m.path("Type").asText(), m.path("Source").asText(),
                    m.path("Destination").asText(), m.hasNonNull("Name") ? m.path("Name").asText() : null,
                    m.path("RW").asBoolean(true)));
        }
        Map<String, String> networks = new LinkedHashMap<>();
        j.path("NetworkSettings").path("Networks").properties()
                .forEach(e -> networks.put(e.getKey(), e.getValue().path("IPAddress").asText("")));
        String name = j.path("Name").asText();
        if (name.startsWith("/")) name = name.substring(1);
        return new ContainerFacts(j.path("Id").asText(), name, state, st.path("Pid").asInt(), exit,
                cfg.path("Image").asText(""), config, mounts, networks);
    }

    private static void putList(Map<String, String> config, String key, JsonNode list) {
        if (!list.isArray()) return;
        List<String> l = new ArrayList<>();
        for (JsonNode n : list) l.add(n.asText());
        config.put(key, String.join(" ", l));
    }

    @Override
    public String logs(String nameOrId) {
        Optional<ContainerFacts> c = find(nameOrId);
        if (c.isEmpty()) return "";
        byte[] raw = get("/containers/" + enc(c.get().id()) + "/logs?stdout=1&stderr=1").orElse(new byte[0]);
        return "true".equals(c.get().config().get("tty")) ? new String(raw, StandardCharsets.UTF_8) : demultiplex(raw);
    }

    /** Docker frames non-tty logs: 8 bytes (stream, 0, 0, 0, big-endian length) before each chunk. */
    static String demultiplex(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i + 8 <= raw.length) {
            int len = ((raw[i + 4] & 0xff) << 24) | ((raw[i + 5] & 0xff) << 16) | ((raw[i + 6] & 0xff) << 8) | (raw[i + 7] & 0xff);
            int end = Math.min(raw.length, i + 8 + len);
            out.write(raw, i + 8, end - i - 8);
            i = end;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<ImageFacts> image(String ref) {
        Optional<JsonNode> j = getJson("/images/" + enc(ref) + "/json");
        if (j.isEmpty()) return Optional.empty();
        List<ImageFacts.History> history = new ArrayList<>();
        getJson("/images/" + enc(ref) + "/history").ifPresent(h -> {
            for (JsonNode e : h) history.addFirst(new ImageFacts.History(e.path("CreatedBy").asText(), e.path("Size").asLong() == 0));
        });
        return Optional.of(imageFacts(j.get(), history));
    }

    /** Maps {@code docker image inspect}'s JSON (and history, oldest first) to facts. */
    public static ImageFacts imageFacts(JsonNode j, List<ImageFacts.History> history) {
        JsonNode cfg = j.path("Config");
        List<String> tags = texts(j.path("RepoTags"));
        List<String> layers = texts(j.path("RootFS").path("Layers"));
        Map<String, String> labels = new LinkedHashMap<>();
        cfg.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<String> exposed = new ArrayList<>();
        cfg.path("ExposedPorts").properties().forEach(e -> exposed.add(e.getKey()));
        return new ImageFacts(j.path("Id").asText(), tags, layers, j.path("Size").asLong(),
                cfg.path("Cmd").isArray() ? texts(cfg.path("Cmd")) : null,
                cfg.path("Entrypoint").isArray() ? texts(cfg.path("Entrypoint")) : null,
                cfg.path("User").asText(""), cfg.path("WorkingDir").asText(""), texts(cfg.path("Env")), labels, exposed, history);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    @Override
    public Optional<NetworkFacts> network(String name) {
        return getJson("/networks/" + enc(name)).map(j -> {
            Map<String, String> members = new LinkedHashMap<>();
            j.path("Containers").properties().forEach(e -> {
                String ip = e.getValue().path("IPv4Address").asText("");
                members.put(e.getValue().path("Name").asText(e.getKey()), ip.contains("/") ? ip.substring(0, ip.indexOf('/')) : ip);
            });
            return new NetworkFacts(j.path("Id").asText(), j.path("Name").asText(name), j.path("Driver").asText(), members);
        });
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) {
                // closing: nothing left to do with a client that will not stop
            }
            client = null;
        }
    }
}
