package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecHandle;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.ContainerService.StepSession;
import dev.glassbox.runtime.step.StepReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The engine's HTTP API on a Unix-domain socket: the Docker Engine API's paths and JSON shapes
 * (with or without a {@code /v1.NN} prefix) mapped onto {@link ContainerService} and
 * {@link EngineImages}, plus Glassbox's own {@code /glassbox/...} endpoints for step-by-step
 * starts and for taking a container's terminal. Errors are Docker's {@code {"message": "..."}}
 * with the status of {@link ContainerException#status()}; anything unexpected is a 500 with a
 * one-line message, its stack trace goes to the engine log only.
 */
public final class EngineServer implements AutoCloseable {
    /** The Docker Engine API version whose shapes Glassbox follows. */
    public static final String API_VERSION = "1.43";
    public static final String VERSION = "0.1.0";
    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+(\\.\\d+)?(?=/)");
    private static final long FOLLOW_POLL_MILLIS = 100;

    static {
        HttpEngineClient.quietSlf4j();
    }

    private final ContainerService containers;
    private final EngineImages images;
    private final EngineBuilds builds;
    private final EngineResources resources;
    private final Path socket;
    private final Path tmpDir;
    private final Server server;
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, StepSession> stepSessions = new ConcurrentHashMap<>();
    private final Map<String, Exec> execs = new ConcurrentHashMap<>();

    /**
     * @param socket where to listen; made mode 0600 (root only), as dockerd's socket
     * @param tmpDir where uploaded archives wait while they are loaded (same file system as the store is best)
     */
    public EngineServer(ContainerService containers, EngineImages images, Path socket, Path tmpDir) {
        this(containers, images, containers.networks() == null ? null : new RuntimeNetworks(containers.networks()), socket, tmpDir);
    }

    /** @param networks the bridge networks; null for an engine without networking (its /networks routes answer 501) */
    public EngineServer(ContainerService containers, EngineImages images, EngineNetworks networks, Path socket, Path tmpDir) {
        this(containers, images, networks, null, socket, tmpDir);
    }

    /** @param builds builds, pulls, pushes, saves and tags; null for an engine that cannot (those routes answer 501) */
    public EngineServer(ContainerService containers, EngineImages images, EngineNetworks networks, EngineBuilds builds, Path socket,
                        Path tmpDir) {
        this.containers = containers;
        this.images = images;
        this.builds = builds;
        this.resources = new EngineResources(containers, images, networks, builds);
        this.socket = socket;
        this.tmpDir = tmpDir;
        QueuedThreadPool pool = new QueuedThreadPool(200, 4);
        pool.setName("engine-http");
        this.server = new Server(pool);
        UnixDomainServerConnector connector = new UnixDomainServerConnector(server, new HttpConnectionFactory());
        connector.setUnixDomainPath(socket);
        // wait and logs -f may stay quiet for as long as a container runs
        connector.setIdleTimeout(0);
        server.addConnector(connector);
        server.setHandler(new Api());
        server.setStopTimeout(2_000);
        defineRoutes();
    }

    /** Binds the socket (removing a stale one) and makes it mode 0600. */
    public void start() throws Exception {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket);
        server.start();
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }

    public Path socket() { return socket; }

    public void join() throws InterruptedException { server.join(); }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log("stopping the HTTP server: " + e);
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket is removed by the next start
        }
    }

    // ---------------------------------------------------------------- routes

    private void defineRoutes() {
        String c = "/containers/([^/]+)";
        route("GET", "/_ping", x -> x.text(200, "OK"));
        route("HEAD", "/_ping", x -> x.text(200, ""));
        route("GET", "/version", x -> x.json(200, version()));

        route("GET", "/containers/json", x -> {
            Instant now = Instant.now();
            boolean size = x.flag("size");
            List<EngineNetworks.Network> nets = resources.networkList();
            ArrayNode a = DockerJson.MAPPER.createArrayNode();
            ContainerFilter filter = ContainerFilter.parse(x.param("filters"));
            containers.list(x.flag("all") || filter.wantsAll()).stream().filter(filter)
                    .forEach(i -> a.add(DockerJson.summary(i, now, resources.extras(i, nets, size))));
            x.json(200, a);
        });
        route("POST", "/containers/prune", x -> x.json(200, resources.pruneContainers()));
        route("POST", "/build/prune", x -> x.json(200, resources.pruneBuildCache()));
        route("POST", "/containers/create", x -> {
            CreateBody body = x.body(CreateBody.class);
            if (body == null || body.image() == null || body.image().isBlank()) {
                throw ContainerException.badParameter("no image given: say which image to run, e.g. glassbox run base sh");
            }
            ContainerInfo info = containers.create(body.toConfig(x.param("name")));
            ObjectNode r = DockerJson.MAPPER.createObjectNode();
            r.put("Id", info.id());
            r.putArray("Warnings");
            x.json(201, r);
        });
        route("POST", c + "/start", x -> {
            // attach=1 (Glassbox's): the client attaches next, a terminal's output waits for it
            containers.start(x.group(1), "1".equals(x.param("attach")));
            x.empty(204);
        });
        route("POST", c + "/stop", x -> {
            Integer t = x.intParam("t");
            containers.stop(x.group(1), t == null ? 10 : t);
            x.empty(204);
        });
        route("POST", c + "/kill", x -> {
            containers.kill(x.group(1), Signals.parse(x.param("signal")));
            x.empty(204);
        });
        route("POST", c + "/pause", x -> {
            containers.pause(x.group(1));
            x.empty(204);
        });
        route("POST", c + "/unpause", x -> {
            containers.unpause(x.group(1));
            x.empty(204);
        });
        route("POST", c + "/wait", x -> {
            int code = containers.await(x.group(1));
            ObjectNode r = DockerJson.MAPPER.createObjectNode();
            r.put("StatusCode", code);
            x.json(200, r);
        });
        route("DELETE", c, x -> {
            if (x.flag("v")) containers.remove(x.group(1), x.flag("force"), true);
            else containers.remove(x.group(1), x.flag("force"));
            x.empty(204);
        });
        route("GET", c + "/json", x -> {
            ContainerInfo info = containers.inspect(x.group(1));
            x.json(200, DockerJson.inspect(info, resources.extras(info, resources.networkList(), x.flag("size"))));
        });
        route("GET", c + "/changes", x -> {
            ArrayNode a = DockerJson.MAPPER.createArrayNode();
            for (dev.glassbox.mount.Change ch : containers.diff(x.group(1))) {
                a.addObject().put("Path", ch.path()).put("Kind", switch (ch.kind()) {
                    case C -> 0;
                    case A -> 1;
                    case D -> 2;
                });
            }
            x.json(200, a);
        });
        route("GET", c + "/archive", this::archiveGet);
        route("HEAD", c + "/archive", this::archiveHead);
        route("PUT", c + "/archive", this::archivePut);
        route("GET", c + "/logs", this::logs);
        route("GET", c + "/top", x -> x.json(200, top(containers.top(x.group(1)))));
        route("POST", c + "/exec", this::execCreate);
        route("POST", "/exec/([^/]+)/start", this::execStart);
        route("GET", "/exec/([^/]+)/json", x -> x.json(200, exec(x.group(1)).json()));
        route("POST", "/glassbox/exec/([^/]+)/wait", x -> {
            ObjectNode r = DockerJson.MAPPER.createObjectNode();
            r.put("StatusCode", exec(x.group(1)).exit.join());
            x.json(200, r);
        });

        route("POST", "/images/prune", x -> {
            String d = x.param("dangling");
            if (d == null) d = EngineResources.filter(x.param("filters"), "dangling").orElse("true");
            x.json(200, resources.pruneImages(!(d.equals("0") || d.equalsIgnoreCase("false"))));
        });
        route("GET", "/images/json", x -> x.json(200, images.list()));
        route("GET", "/images/get", this::saveImages);
        route("POST", "/images/(.+)/push", this::pushImage);
        route("POST", "/images/(.+)/tag", x -> {
            String repo = x.param("repo");
            if (repo == null || repo.isEmpty()) throw ContainerException.badParameter("no repo given: say the new name, e.g. ?repo=web&tag=1");
            String tag = x.param("tag");
            builds().tag(x.group(1), tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
            x.empty(201);
        });
        route("POST", "/build", this::build);
        route("GET", "/images/(.+)/json", x -> x.json(200, images.inspect(x.group(1))));
        route("GET", "/images/(.+)/history", x -> x.json(200, images.history(x.group(1))));
        route("DELETE", "/images/(.+)", x -> x.json(200,
                images.remove(x.group(1), x.flag("force"), this::imageInUse)));
        route("POST", "/images/load", this::loadImages);
        route("POST", "/images/create", this::importImage);

        String n = "/networks/([^/]+)";
        route("GET", "/networks", x -> x.json(200, resources.networksJson()));
        route("POST", "/networks/create", x -> x.json(201, resources.createNetwork(x.body(JsonNode.class))));
        route("POST", "/networks/prune", x -> x.json(200, resources.pruneNetworks()));
        route("GET", n, x -> x.json(200, resources.networkJson(x.group(1))));
        route("DELETE", n, x -> {
            resources.removeNetwork(x.group(1));
            x.empty(204);
        });
        route("POST", n + "/connect", x -> {
            resources.connect(x.group(1), x.body(JsonNode.class));
            x.empty(200);
        });
        route("POST", n + "/disconnect", x -> {
            resources.disconnect(x.group(1), x.body(JsonNode.class));
            x.empty(200);
        });

        String v = "/volumes/([^/]+)";
        route("GET", "/volumes", x -> x.json(200, resources.volumesJson()));
        route("POST", "/volumes/create", x -> x.json(201, resources.createVolume(x.body(JsonNode.class))));
        route("POST", "/volumes/prune", x -> {
            boolean all = x.flag("all") || EngineResources.filter(x.param("filters"), "all")
                    .map(a -> a.equals("1") || a.equalsIgnoreCase("true")).orElse(false);
            x.json(200, resources.pruneVolumes(all));
        });
        route("GET", v, x -> x.json(200, resources.volumeJson(x.group(1))));
        route("DELETE", v, x -> {
            resources.removeVolume(x.group(1), x.flag("force"));
            x.empty(204);
        });

        route("GET", "/system/df", x -> x.json(200, resources.systemDf()));

        String g = "/glassbox/containers/([^/]+)";
        route("POST", g + "/steps", x -> {
            StepSession s = containers.startStepByStep(x.group(1), "1".equals(x.param("attach")));
            StepSession old = stepSessions.put(s.containerId(), s);
            if (old != null) abortQuietly(old);
            ObjectNode r = DockerJson.MAPPER.createObjectNode();
            r.put("Id", s.containerId());
            ArrayNode titles = r.putArray("Titles");
            s.titles().forEach(titles::add);
            x.json(200, r);
        });
        route("POST", g + "/steps/next", x -> {
            String id = containers.inspect(x.group(1)).id();
            StepSession s = stepSessions.get(id);
            if (s == null) throw ContainerException.conflict("container " + x.group(1)
                    + " is not being started step by step: begin with POST /glassbox/containers/" + x.group(1) + "/steps");
            StepReport report;
            try {
                report = s.next();
            } catch (RuntimeException e) {
                stepSessions.remove(id, s); // the session undid its steps
                throw e;
            }
            if (!s.hasNext()) stepSessions.remove(id, s);
            x.json(200, DockerJson.MAPPER.valueToTree(report));
        });
        route("POST", g + "/steps/abort", x -> {
            String id = containers.inspect(x.group(1)).id();
            StepSession s = stepSessions.remove(id);
            if (s != null) s.abort();
            x.empty(204);
        });
        route("POST", g + "/attach", x -> {
            Attach a = containers.attach(x.group(1));
            if (a == null) throw ContainerException.conflict("container " + x.group(1)
                    + " has no terminal and no stdin to attach to: create it with -i or -t");
            x.json(200, attachJson(a));
        });
    }

    private void route(String method, String regex, Action action) {
        routes.add(new Route(method, Pattern.compile(regex), action));
    }

    private boolean imageInUse(String imageId) {
        return containers.list(true).stream().anyMatch(i -> imageId.equals(i.config().imageId()));
    }

    private ObjectNode version() {
        ObjectNode v = DockerJson.MAPPER.createObjectNode();
        v.put("Platform", "Glassbox Engine");
        v.put("Version", VERSION);
        v.put("ApiVersion", API_VERSION);
        v.put("MinAPIVersion", "1.24");
        v.put("Os", "linux");
        v.put("Arch", switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> System.getProperty("os.arch");
        });
        v.put("KernelVersion", System.getProperty("os.version"));
        v.put("JavaVersion", Runtime.version().toString());
        v.put("Pid", ProcessHandle.current().pid());
        return v;
    }

    static ObjectNode top(List<List<String>> rows) {
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        List<String> titles = List.of("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        List<List<String>> procs = rows;
        // the runtime lists ps's header first, as ps prints it
        if (!rows.isEmpty() && rows.getFirst().contains("PID")) {
            titles = rows.getFirst();
            procs = rows.subList(1, rows.size());
        }
        ArrayNode t = r.putArray("Titles");
        titles.forEach(t::add);
        ArrayNode p = r.putArray("Processes");
        for (List<String> row : procs) {
            ArrayNode a = p.addArray();
            row.forEach(a::add);
        }
        return r;
    }

    static ObjectNode attachJson(Attach a) {
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        r.put("ShimPid", a.shimPid());
        r.put("Fd", a.fd());
        r.put("Tty", a.tty());
        return r;
    }

    // ---------------------------------------------------------------- logs

    private void logs(Exchange x) throws Exception {
        String ref = x.group(1);
        Path file = containers.logFile(ref);
        boolean follow = x.flag("follow");
        String tailParam = x.param("tail");
        int tail = -1;
        if (tailParam != null && !tailParam.isEmpty() && !tailParam.equals("all")) {
            try {
                tail = Integer.parseInt(tailParam);
            } catch (NumberFormatException e) {
                throw ContainerException.badParameter("invalid tail \"" + tailParam + "\": use a number of lines or all");
            }
        }
        OutputStream out = x.stream(200, "application/vnd.docker.raw-stream");
        streamFile(file, tail, follow ? waitMillis -> !containers.awaitStopped(ref, waitMillis) : waitMillis -> false, out);
        x.finish(out);
    }

    /** Whether the writer of a followed file goes on, asked after each read that found nothing new. */
    interface Writer {
        /** Waits at most {@code millis} for the writer to stop; true when it still writes after that. */
        boolean stillWriting(long millis) throws IOException, InterruptedException;
    }

    /**
     * Copies {@code file} to {@code out} (its last {@code tail} lines when tail >= 0); while
     * {@code writer} says so, waits for more and copies it too.
     */
    static void streamFile(Path file, int tail, Writer writer, OutputStream out)
            throws IOException, InterruptedException {
        FileChannel ch = null;
        try {
            long pos = 0;
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (true) {
                if (ch == null) {
                    try {
                        ch = FileChannel.open(file, StandardOpenOption.READ);
                        if (tail >= 0) pos = tailOffset(ch, tail);
                    } catch (NoSuchFileException e) {
                        // not started yet: nothing written so far
                    }
                }
                int n = ch == null ? -1 : ch.read(buf.clear(), pos);
                if (n > 0) {
                    out.write(buf.array(), 0, n);
                    pos += n;
                    continue;
                }
                out.flush();
                // waits until more may have come, and no longer than the writer runs
                if (!writer.stillWriting(FOLLOW_POLL_MILLIS)) {
                    // the writer stopped: whatever it wrote before that is in the file now
                    if (ch == null) break;
                    while ((n = ch.read(buf.clear(), pos)) > 0) {
                        out.write(buf.array(), 0, n);
                        pos += n;
                    }
                    break;
                }
            }
            out.flush();
        } finally {
            if (ch != null) ch.close();
        }
    }

    /** Where the last {@code lines} lines of the file begin (a final newline ends the last line, it starts none). */
    static long tailOffset(FileChannel ch, int lines) throws IOException {
        long size = ch.size();
        if (lines == 0) return size;
        ByteBuffer one = ByteBuffer.allocate(8192);
        long end = size;
        int seen = 0;
        boolean skipFinalNewline = true;
        while (end > 0) {
            long start = Math.max(0, end - one.capacity());
            one.clear().limit((int) (end - start));
            ch.read(one, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (one.get(i) == '\n') {
                    if (skipFinalNewline && start + i == size - 1) continue;
                    if (++seen == lines) return start + i + 1;
                }
            }
            skipFinalNewline = false;
            end = start;
        }
        return 0;
    }

    // ---------------------------------------------------------------- exec

    /** A docker exec: created, then started once; its exit code completes {@code exit}. */
    private static final class Exec {
        final String id;
        final String containerId;
        final ExecRequest request;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        volatile ExecHandle handle;

        Exec(String id, String containerId, ExecRequest request) {
            this.id = id;
            this.containerId = containerId;
            this.request = request;
        }

        ObjectNode json() {
            ObjectNode n = DockerJson.MAPPER.createObjectNode();
            n.put("ID", id);
            n.put("ContainerID", containerId);
            n.put("Running", handle != null && !exit.isDone());
            if (exit.isDone() && !exit.isCompletedExceptionally()) n.put("ExitCode", exit.join());
            else n.putNull("ExitCode");
            n.put("Pid", handle == null ? 0 : handle.pid());
            n.put("OpenStdin", request.interactive());
            ObjectNode pc = n.putObject("ProcessConfig");
            pc.put("tty", request.tty());
            pc.put("entrypoint", request.cmd().isEmpty() ? "" : request.cmd().getFirst());
            ArrayNode args = pc.putArray("arguments");
            request.cmd().stream().skip(1).forEach(args::add);
            pc.put("privileged", request.privileged());
            pc.put("user", request.user() == null ? "" : request.user());
            return n;
        }
    }

    private Exec exec(String id) {
        Exec e = execs.get(id);
        if (e == null) throw new ContainerException(404, "No such exec instance: " + id);
        return e;
    }

    private void execCreate(Exchange x) throws Exception {
        JsonNode b = x.body(JsonNode.class);
        if (b == null) b = DockerJson.MAPPER.createObjectNode();
        List<String> cmd = strings(b.get("Cmd"));
        if (cmd.isEmpty()) throw ContainerException.badParameter("no command given for exec: say what to run, e.g. glassbox exec web sh");
        ContainerInfo info = containers.inspect(x.group(1));
        if (!info.running()) throw ContainerException.conflict("container " + info.name() + " is not running: start it first");
        JsonNode env = b.get("Env");
        ExecRequest req = new ExecRequest(cmd, b.path("Tty").asBoolean(false), b.path("AttachStdin").asBoolean(false),
                env == null || env.isNull() ? null : strings(env), textOrNull(b.get("User")),
                textOrNull(b.get("WorkingDir")), b.path("Privileged").asBoolean(false));
        String id = HexFormat.of().formatHex(randomBytes(32));
        execs.put(id, new Exec(id, info.id(), req));
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        r.put("Id", id);
        x.json(201, r);
    }

    /**
     * Starts an exec. Detached: 200 and nothing more. With a terminal or stdin: Glassbox's
     * answer, where to take the descriptor from ({@code ShimPid}, {@code Fd}, {@code Tty}).
     * Otherwise its output, streamed until it ends; its code is then in {@code /exec/{id}/json}.
     */
    private void execStart(Exchange x) throws Exception {
        Exec e = exec(x.group(1));
        JsonNode b = x.body(JsonNode.class);
        boolean detach = b != null && b.path("Detach").asBoolean(false);
        synchronized (e) {
            if (e.handle != null) throw ContainerException.conflict("exec " + e.id + " has already started");
            e.handle = containers.exec(e.containerId, e.request);
        }
        ExecHandle h = e.handle;
        Thread.ofVirtual().name("exec-wait-" + e.id.substring(0, 12)).start(() -> {
            try {
                e.exit.complete(h.await());
            } catch (Throwable t) {
                e.exit.completeExceptionally(t);
            }
        });
        if (detach) {
            x.empty(200);
        } else if (e.request.tty() || e.request.interactive()) {
            ObjectNode r = DockerJson.MAPPER.createObjectNode();
            r.put("Id", e.id);
            r.put("Pid", h.pid());
            r.set("Attach", h.attach() == null ? null : attachJson(h.attach()));
            x.json(200, r);
        } else {
            OutputStream out = x.stream(200, "application/vnd.docker.raw-stream");
            streamFile(h.output(), -1, millis -> !done(e.exit, millis), out);
            x.finish(out);
        }
    }

    /** Whether {@code f} completes (either way) within {@code millis}. */
    private static boolean done(CompletableFuture<?> f, long millis) throws InterruptedException {
        try {
            f.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException notYet) {
            return false;
        } catch (java.util.concurrent.ExecutionException failed) {
            return true;
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    // ---------------------------------------------------------------- archive (docker cp)

    /** {@code GET /containers/{id}/archive?path=}: the path as a tar, its stat in {@code X-Docker-Container-Path-Stat}. */
    private void archiveGet(Exchange x) throws Exception {
        String path = archivePath(x);
        OutputStream[] body = new OutputStream[1];
        PathStat.FirstEntry first = new PathStat.FirstEntry(entry -> {
            if (entry != null) x.response.getHeaders().put(PathStat.HEADER, PathStat.header(entry, path));
            body[0] = x.stream(200, "application/x-tar");
            return body[0];
        });
        try {
            containers.copyOut(x.group(1), path, first);
            first.close();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ContainerException(404, "Could not find the file " + path + " in container " + x.group(1));
        }
        x.finish(body[0]);
    }

    /** {@code HEAD /containers/{id}/archive?path=}: only the stat header (404 when the path does not exist). */
    private void archiveHead(Exchange x) throws Exception {
        String path = archivePath(x);
        PathStat.FirstEntry first = new PathStat.FirstEntry(entry -> {
            throw new PathStat.Enough(entry);
        });
        org.apache.commons.compress.archivers.tar.TarArchiveEntry entry = null;
        try {
            containers.copyOut(x.group(1), path, first);
            first.close();
        } catch (PathStat.Enough done) {
            entry = done.entry;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ContainerException(404, "Could not find the file " + path + " in container " + x.group(1));
        }
        if (entry != null) x.response.getHeaders().put(PathStat.HEADER, PathStat.header(entry, path));
        x.empty(200);
    }

    /** {@code PUT /containers/{id}/archive?path=DIR}: the tar body extracted into DIR, which must exist. */
    private void archivePut(Exchange x) throws Exception {
        String path = archivePath(x);
        try (InputStream in = x.bodyStream()) {
            containers.copyIn(x.group(1), path, in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ContainerException(404, "Could not find the file " + path + " in container " + x.group(1));
        } catch (java.nio.file.NotDirectoryException e) {
            throw ContainerException.badParameter("extraction point " + path + " is not a directory in container " + x.group(1));
        }
        x.empty(200);
    }

    private static String archivePath(Exchange x) {
        String path = x.param("path");
        if (path == null || path.isEmpty()) throw ContainerException.badParameter("no path given: say which path in the container, e.g. ?path=/etc");
        return path;
    }

    // ---------------------------------------------------------------- images

    private void loadImages(Exchange x) throws Exception {
        Files.createDirectories(tmpDir);
        Path archive = Files.createTempFile(tmpDir, "load-", ".tar");
        JsonLines lines = new JsonLines(x);
        List<String> loaded;
        try {
            try (InputStream in = x.bodyStream()) {
                Files.copy(in, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            loaded = images.load(archive, lines::status);
        } finally {
            Files.deleteIfExists(archive); // before the answer ends: nothing of the upload outlives the request
        }
        for (String ref : loaded) lines.line("stream", "Loaded image: " + ref + "\n");
        lines.finish();
    }

    private EngineBuilds builds() {
        if (builds == null) throw new ContainerException(501, "this engine cannot build, pull, push or save images: start the engine with its runtime backend");
        return builds;
    }

    /**
     * {@code POST /build}: the body is the context tar, unpacked under the engine's tmp dir for
     * the build only. Docker's stream: {@code {"stream":..}} lines, then {@code {"aux":{"ID":..}}};
     * a failed build ends with {@code {"errorDetail":{"code":n,"message":..},"error":..}} (status 200, as Docker).
     */
    private void build(Exchange x) throws Exception {
        EngineBuilds b = builds();
        dev.glassbox.image.build.BuildRequest req = new dev.glassbox.image.build.BuildRequest(null, x.param("dockerfile"),
                x.params("t"), jsonMap(x.param("buildargs"), "buildargs"), x.flag("nocache"), x.param("networkmode"),
                jsonMap(x.param("labels"), "labels"));
        Files.createDirectories(tmpDir);
        Path dir = tmpDir.resolve("build-" + HexFormat.of().formatHex(randomBytes(6)));
        JsonLines lines = new JsonLines(x);
        try {
            try (InputStream in = x.bodyStream()) {
                dev.glassbox.image.build.ContextArchive.extract(in, dir);
            }
            String id = b.build(new dev.glassbox.image.build.BuildRequest(dir, req.dockerfile(), req.tags(), req.buildArgs(),
                    req.noCache(), req.networkMode(), req.labels()), text -> lines.line("stream", text));
            ObjectNode aux = DockerJson.MAPPER.createObjectNode();
            aux.putObject("aux").put("ID", id);
            lines.object(aux);
        } catch (dev.glassbox.image.build.BuildException | dev.glassbox.image.ImageException e) {
            int code = e instanceof dev.glassbox.image.build.BuildException be ? be.exitCode() : 1;
            lines.error(code, e.getMessage());
        } finally {
            deleteTree(dir); // before the answer ends: nothing of the context outlives the request
        }
        lines.finish();
    }

    /** {@code POST /images/create?fromImage=&tag=&platform=}: a pull, streamed as Docker's progress lines. */
    private void pullImage(Exchange x) throws Exception {
        EngineBuilds b = builds();
        String from = x.param("fromImage");
        String tag = x.param("tag");
        String ref = tag == null || tag.isEmpty() ? from : from + ":" + tag;
        JsonLines lines = new JsonLines(x);
        try {
            b.pull(ref, x.param("platform"), lines::progress);
        } catch (dev.glassbox.image.ImageException e) {
            lines.error(1, e.getMessage());
        }
        lines.finish();
    }

    /** {@code POST /images/{name}/push?tag=}: streamed as pull is. */
    private void pushImage(Exchange x) throws Exception {
        EngineBuilds b = builds();
        String tag = x.param("tag");
        String ref = tag == null || tag.isEmpty() ? x.group(1) : x.group(1) + ":" + tag;
        JsonLines lines = new JsonLines(x);
        try {
            b.push(ref, lines::progress);
        } catch (dev.glassbox.image.ImageException e) {
            lines.error(1, e.getMessage());
        }
        lines.finish();
    }

    /** {@code GET /images/get?names=a&names=b}: the archive; the answer begins with its first byte, so a missing image is a 404. */
    private void saveImages(Exchange x) throws Exception {
        EngineBuilds b = builds();
        List<String> names = x.params("names");
        if (names.isEmpty()) throw ContainerException.badParameter("no image given: say which, e.g. ?names=web:1");
        OutputStream[] body = new OutputStream[1];
        OutputStream lazy = new OutputStream() {
            private OutputStream out() {
                if (body[0] == null) body[0] = x.stream(200, "application/x-tar");
                return body[0];
            }

            @Override
            public void write(int c) throws IOException { out().write(c); }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException { out().write(buf, off, len); }

            @Override
            public void flush() throws IOException { if (body[0] != null) body[0].flush(); }
        };
        b.save(names, lazy);
        if (body[0] == null) x.empty(200);
        else x.finish(body[0]);
    }

    private static Map<String, String> jsonMap(String json, String what) {
        if (json == null || json.isBlank()) return Map.of();
        try {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            DockerJson.MAPPER.readTree(json).properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        } catch (IOException e) {
            throw ContainerException.badParameter("invalid " + what + " \"" + json + "\": give a JSON object of strings");
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException e) {
            log("removing the build context " + dir + ": " + e);
        }
    }

    private void importImage(Exchange x) throws Exception {
        String from = x.param("fromSrc");
        if (from == null) {
            if (x.param("fromImage") == null || x.param("fromImage").isEmpty()) {
                throw ContainerException.badParameter("say what to create the image from: ?fromImage=NAME to pull, ?fromSrc=- to import a tar");
            }
            pullImage(x);
            return;
        }
        if (!from.equals("-")) throw ContainerException.badParameter("fromSrc must be \"-\" (the tar is the request body)");
        String repo = x.param("repo");
        String tag = x.param("tag");
        String ref = repo == null || repo.isEmpty() ? null : (tag == null || tag.isEmpty() ? repo : repo + ":" + tag);
        JsonLines lines = new JsonLines(x);
        try (InputStream in = x.bodyStream()) {
            String id = images.importRootfs(in, ref, lines::status);
            lines.line("status", id);
        }
        lines.finish();
    }

    /**
     * Docker's progress stream: one JSON object a line. The response is committed at the first
     * line, so a failure before it is still an ordinary error status.
     */
    private static final class JsonLines {
        private final Exchange x;
        private OutputStream out;
        private String lastStatus;

        JsonLines(Exchange x) { this.x = x; }

        void status(String what) {
            if (what.equals(lastStatus)) return; // one line per stage, not one per file
            lastStatus = what;
            line("status", what);
        }

        void line(String field, String value) {
            object(DockerJson.MAPPER.createObjectNode().put(field, value));
        }

        /** A pull's or push's line: {"status": .., "id": .., "progressDetail": {"current": .., "total": ..}}. */
        void progress(String id, String status, long current, long total) {
            ObjectNode n = DockerJson.MAPPER.createObjectNode().put("status", status);
            if (id != null) n.put("id", id);
            ObjectNode d = n.putObject("progressDetail");
            if (current > 0 || total > 0) {
                d.put("current", current);
                if (total >= 0) d.put("total", total);
            }
            object(n);
        }

        /** The last line of a failed build, pull or push. */
        void error(int code, String message) {
            String m = message == null ? "failed" : message.lines().findFirst().orElse(message);
            ObjectNode n = DockerJson.MAPPER.createObjectNode();
            n.putObject("errorDetail").put("code", code).put("message", m);
            n.put("error", m);
            object(n);
        }

        void object(ObjectNode n) {
            try {
                if (out == null) out = x.stream(200, "application/json");
                out.write((DockerJson.MAPPER.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        void finish() throws IOException {
            if (out == null) x.empty(200);
            else x.finish(out);
        }
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface Action {
        void handle(Exchange x) throws Exception;
    }

    private record Route(String method, Pattern path, Action action) {}

    private final class Api extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = VERSION_PREFIX.matcher(request.getHttpURI().getDecodedPath()).replaceFirst("");
            String method = request.getMethod();
            Exchange x = null;
            boolean pathKnown = false;
            try {
                for (Route r : routes) {
                    Matcher m = r.path().matcher(path);
                    if (!m.matches()) continue;
                    pathKnown = true;
                    if (!r.method().equals(method)) continue;
                    x = new Exchange(request, response, callback, m);
                    r.action().handle(x);
                    return true;
                }
                if (x == null) x = new Exchange(request, response, callback, null);
                if (pathKnown) throw new ContainerException(405, method + " is not allowed on " + path);
                throw new ContainerException(404, "page not found: " + method + " " + path);
            } catch (Throwable t) {
                fail(x, method + " " + path, t);
                return true;
            }
        }
    }

    private void fail(Exchange x, String what, Throwable t) {
        Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        int status = statusOf(cause);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        message = message.lines().findFirst().orElse(message);
        if (status >= 500) {
            log(what + " failed: " + stackTrace(cause));
            if (!(cause instanceof ContainerException)) message = "internal error: " + message + " (see the engine log)";
        }
        if (x.response.isCommitted()) {
            log(what + " failed after the answer began: " + message);
            x.callback.failed(cause);
            return;
        }
        ObjectNode n = DockerJson.MAPPER.createObjectNode().put("message", message);
        x.json(status, n);
    }

    /** Docker's statuses: a ContainerException says its own; an image error is 404 when the image is missing, else 400. */
    static int statusOf(Throwable t) {
        if (t instanceof ContainerException ce) return ce.status();
        if (t instanceof dev.glassbox.image.ImageException) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return m.contains("no such image") || m.contains("not found") ? 404 : 400;
        }
        if (t instanceof com.fasterxml.jackson.core.JacksonException) return 400;
        return 500;
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    static void log(String line) {
        System.err.println(Instant.now() + " " + line);
    }

    private static void abortQuietly(StepSession s) {
        try {
            s.abort();
        } catch (RuntimeException e) {
            log("aborting an abandoned step session: " + e);
        }
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) return out;
        if (n.isTextual()) {
            out.add(n.asText());
        } else {
            n.forEach(e -> out.add(e.asText()));
        }
        return out;
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    /** One request and its answer. */
    private static final class Exchange {
        final Request request;
        final Response response;
        final Callback callback;
        final Matcher match;
        private Fields query;

        Exchange(Request request, Response response, Callback callback, Matcher match) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.match = match;
        }

        String group(int i) { return match.group(i); }

        String param(String name) {
            if (query == null) query = Request.extractQueryParameters(request);
            return query.getValue(name);
        }

        /** A repeated parameter ({@code ?t=a&t=b}); empty when absent. */
        List<String> params(String name) {
            if (query == null) query = Request.extractQueryParameters(request);
            List<String> v = query.getValues(name);
            return v == null ? List.of() : v.stream().filter(s -> !s.isEmpty()).toList();
        }

        /** Docker's booleans: 1, true, True are true; absent, 0, false are false. */
        boolean flag(String name) {
            String v = param(name);
            return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
        }

        Integer intParam(String name) {
            String v = param(name);
            if (v == null || v.isEmpty()) return null;
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ContainerException.badParameter("invalid " + name + " \"" + v + "\": use a whole number");
            }
        }

        <T> T body(Class<T> type) throws IOException {
            String s = Content.Source.asString(request, StandardCharsets.UTF_8);
            if (s == null || s.isBlank()) return null;
            return DockerJson.MAPPER.readValue(s, type);
        }

        InputStream bodyStream() { return Content.Source.asInputStream(request); }

        void json(int status, JsonNode body) {
            byte[] bytes;
            try {
                bytes = DockerJson.MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            response.setStatus(status);
            headers("application/json");
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }

        void text(int status, String body) {
            response.setStatus(status);
            headers("text/plain; charset=utf-8");
            Content.Sink.write(response, true, body, callback);
        }

        void empty(int status) {
            response.setStatus(status);
            headers(null);
            response.write(true, null, callback);
        }

        OutputStream stream(int status, String contentType) {
            response.setStatus(status);
            headers(contentType);
            return Content.Sink.asOutputStream(response);
        }

        void finish(OutputStream out) throws IOException {
            out.close();
            callback.succeeded();
        }

        private void headers(String contentType) {
            if (contentType != null) response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put("Api-Version", API_VERSION);
            response.getHeaders().put(HttpHeader.SERVER, "Glassbox/" + VERSION);
        }
    }

    /** For the tests: the routes' methods and patterns, to check every one is covered. */
    Set<String> routeNames() {
        return routes.stream().map(r -> r.method() + " " + r.path().pattern()).collect(Collectors.toSet());
    }
}
