package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import dev.glassbox.runtime.ContainerState;
import dev.glassbox.runtime.step.StepReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineServerTest {
    @TempDir Path tmp;
    FakeContainerService containers;
    FakeImages images;
    EngineServer server;
    EngineClient client;

    @BeforeEach
    void start() throws Exception {
        containers = new FakeContainerService(tmp);
        images = new FakeImages();
        server = new EngineServer(containers, images, tmp.resolve("run/glassbox.sock"), tmp.resolve("lib/tmp"));
        server.start();
        client = EngineClient.connect(server.socket());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private JsonNode raw(String method, String path, String body, int expectedStatus) throws Exception {
        RawHttp.Answer a = RawHttp.send(server.socket(), method, path, body);
        assertEquals(expectedStatus, a.status(), a.headers() + "\n" + a.body());
        return a.body().isEmpty() ? null : DockerJson.MAPPER.readTree(a.body());
    }

    private ContainerInfo created(String name, boolean tty) {
        CreateBody b = new CreateBody("base", List.of("sh"), null, null, null, null, null, tty, false, null, null);
        return containers.find(client.create(b, name));
    }

    /** A follower waits in the writer (which ends the wait when the container stops), then reads what came last. */
    @Test
    void aFollowedFileIsReadToItsEndOnceItsWriterStops(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("container.log");
        Files.writeString(log, "first\n");
        List<Long> waits = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineServer.streamFile(log, -1, millis -> {
            waits.add(millis);
            if (waits.size() == 1) {
                Files.writeString(log, "second\n", java.nio.file.StandardOpenOption.APPEND);
                return true; // still running: more may come
            }
            Files.writeString(log, "last words\n", java.nio.file.StandardOpenOption.APPEND);
            return false; // stopped, after writing these
        }, out);
        assertEquals("first\nsecond\nlast words\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(2, waits.size(), "one wait for each read that found nothing new");
        assertTrue(waits.stream().allMatch(m -> m > 0), "each wait is bounded, so a running writer's output keeps coming");
    }

    @Test
    void socketIsOnlyForRoot() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket())));
    }

    @Test
    void pingAndVersionAnswerWithAndWithoutTheApiVersionPrefix() throws Exception {
        assertTrue(client.ping());
        RawHttp.Answer plain = RawHttp.send(server.socket(), "GET", "/_ping", null);
        RawHttp.Answer versioned = RawHttp.send(server.socket(), "GET", "/v1.41/_ping", null);
        assertEquals("OK", plain.body());
        assertEquals("OK", versioned.body());
        assertTrue(plain.headers().contains("Api-Version: " + EngineServer.API_VERSION));
        JsonNode v = client.version();
        assertEquals("linux", v.get("Os").asText());
        assertEquals(EngineServer.API_VERSION, v.get("ApiVersion").asText());
        assertEquals(ProcessHandle.current().pid(), v.get("Pid").asLong());
    }

    @Test
    void createMapsDockersBodyOntoTheContainerConfig() throws Exception {
        String body = """
                {"Image":"base","Cmd":"echo hi","Entrypoint":[""],"Env":["A=1"],"WorkingDir":"/tmp","User":"1000:1000",
                 "Hostname":"box","Tty":true,"OpenStdin":true,"Labels":{"k":"v"},"Unknown":42,
                 "HostConfig":{"Memory":67108864,"MemorySwap":-1,"NanoCpus":1500000000,"PidsLimit":0,
                   "CapAdd":["NET_ADMIN"],"CapDrop":["ALL"],"Privileged":true,"ReadonlyRootfs":true,
                   "NetworkMode":"none","PidMode":"host","IpcMode":"host","UTSMode":"host","AutoRemove":true,
                   "PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}],"53/udp":[{"HostPort":"5353"}]},
                   "PublishAllPorts":true}}""";
        JsonNode r = raw("POST", "/v1.43/containers/create?name=web", body, 201);
        assertEquals(64, r.get("Id").asText().length());
        assertTrue(r.get("Warnings").isArray());
        ContainerConfig c = containers.lastCreated;
        assertEquals("web", c.name());
        assertEquals(List.of("echo hi"), c.cmd());
        assertEquals(List.of(), c.entrypoint(), "[\"\"] clears the image's entrypoint");
        assertEquals(List.of("A=1"), c.env());
        assertEquals("/tmp", c.workingDir());
        assertEquals("1000:1000", c.user());
        assertEquals("box", c.hostname());
        assertTrue(c.tty() && c.openStdin() && c.autoRemove() && c.privileged() && c.readOnlyRootfs());
        assertEquals(64L << 20, c.memory());
        assertEquals(-1L, c.memorySwap());
        assertEquals(1_500_000_000L, c.nanoCpus());
        assertNull(c.pidsLimit(), "0 is Docker's 'no limit'");
        assertEquals(List.of("NET_ADMIN"), c.capAdd());
        assertEquals(List.of("ALL"), c.capDrop());
        assertEquals("none", c.networkMode());
        assertEquals("host", c.pidMode());
        assertEquals("host", c.ipcMode());
        assertEquals("host", c.utsMode());
        assertEquals(Map.of("k", "v"), c.labels());
        assertEquals(List.of("127.0.0.1:8080:80/tcp", "5353:53/udp"), c.ports());
        assertTrue(c.publishAll());
    }

    @Test
    void publishedPortsRoundTripThroughDockersPortBindings() {
        List<String> given = List.of("8080:80", "127.0.0.1:5353:53/udp", "9000");
        assertEquals(List.of("8080:80/tcp", "127.0.0.1:5353:53/udp", "9000/tcp"),
                CreateBody.ports(CreateBody.portBindings(given)));
    }

    @Test
    void createWithoutAnImageIsABadRequest() throws Exception {
        JsonNode r = raw("POST", "/containers/create", "{\"Cmd\":[\"sh\"]}", 400);
        assertTrue(r.get("message").asText().startsWith("no image given"));
        assertEquals(400, raw("POST", "/containers/create", "{not json", 400) == null ? 0 : 400);
    }

    @Test
    void errorsAreDockersMessageWithTheExceptionsStatus() throws Exception {
        JsonNode r = raw("POST", "/containers/nosuch/start", null, 404);
        assertEquals("No such container: nosuch", r.get("message").asText());
        EngineException e = assertThrows(EngineException.class, () -> client.create(
                new CreateBody("nosuch", null, null, null, null, null, null, null, null, null, null), null));
        assertEquals(404, e.status());
        assertEquals("No such image: nosuch", e.getMessage());
    }

    @Test
    void unexpectedFailuresAreA500WithOneLine() throws Exception {
        created("web", false);
        containers.failNext = new IllegalStateException("boom\nsecond line");
        JsonNode r = raw("POST", "/containers/web/start", null, 500);
        assertEquals("internal error: boom (see the engine log)", r.get("message").asText());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        raw("GET", "/nothing/here", null, 404);
        raw("GET", "/containers/x/start", null, 405);
    }

    @Test
    void listShowsDockersSummaryShape() throws Exception {
        ContainerInfo web = created("web", false);
        containers.start("web");
        created("idle", false);
        JsonNode running = raw("GET", "/containers/json", null, 200);
        assertEquals(1, running.size());
        JsonNode all = raw("GET", "/containers/json?all=1", null, 200);
        assertEquals(2, all.size());
        JsonNode w = running.get(0);
        assertEquals(web.id(), w.get("Id").asText());
        assertEquals("/web", w.get("Names").get(0).asText());
        assertEquals("base", w.get("Image").asText());
        assertEquals("sh", w.get("Command").asText());
        assertEquals("running", w.get("State").asText());
        assertTrue(w.get("Status").asText().startsWith("Up "), w.toString());
        List<ContainerSummary> typed = client.containers(true);
        assertEquals("web", typed.getFirst().name());
        assertEquals("Created", typed.get(1).status());
    }

    @Test
    void inspectShowsDockersShape() {
        created("web", true);
        containers.start("web");
        JsonNode n = client.inspect("web");
        assertEquals("/web", n.get("Name").asText());
        assertEquals("sh", n.get("Path").asText());
        assertEquals(0, n.get("Args").size());
        JsonNode st = n.get("State");
        assertEquals("running", st.get("Status").asText());
        assertTrue(st.get("Running").asBoolean());
        assertFalse(st.get("Paused").asBoolean());
        assertFalse(st.get("OOMKilled").asBoolean());
        assertEquals(4242, st.get("Pid").asInt());
        assertEquals(DockerJson.ZERO_TIME, st.get("FinishedAt").asText());
        assertEquals("overlay2", n.get("GraphDriver").get("Name").asText());
        assertEquals("/l1:/l2", n.get("GraphDriver").get("Data").get("LowerDir").asText());
        assertEquals("/u", n.get("GraphDriver").get("Data").get("UpperDir").asText());
        assertTrue(n.get("Config").get("Tty").asBoolean());
        assertEquals("bridge", n.get("HostConfig").get("NetworkMode").asText());
        assertTrue(n.get("HostConfig").get("PidsLimit").isNull());
    }

    @Test
    void lifecycleRoutesCallTheService() {
        created("web", false);
        client.start("web");
        client.pause("web");
        client.unpause("web");
        client.kill("web", "SIGHUP");
        client.kill("web", "term");
        client.kill("web", "9");
        client.stop("web", 3);
        client.remove("web", true);
        assertEquals(List.of("create base", "start web", "pause web", "unpause web", "kill web 1", "kill web 15",
                "kill web 9", "stop web 3", "remove web true"), containers.calls);
        EngineException bad = assertThrows(EngineException.class, () -> client.kill("x", "SIGBOGUS"));
        assertEquals(400, bad.status());
    }

    @Test
    void waitAnswersTheExitCodeOnceTheContainerStops() {
        ContainerInfo web = created("web", false);
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        containers.exits.put(web.id(), exit);
        CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> client.await("web"));
        assertFalse(waited.isDone());
        exit.complete(7);
        assertEquals(7, waited.join());
    }

    @Test
    void logsGiveTheFileAndItsTail() throws Exception {
        ContainerInfo web = created("web", false);
        Files.writeString(web.logPath(), "one\ntwo\nthree\n");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        client.logs("web", false, null, all);
        assertEquals("one\ntwo\nthree\n", all.toString());
        ByteArrayOutputStream last = new ByteArrayOutputStream();
        client.logs("web", false, "2", last);
        assertEquals("two\nthree\n", last.toString());
    }

    @Test
    void followedLogsStreamUntilTheContainerStops() throws Exception {
        ContainerInfo web = created("web", false);
        containers.start("web");
        Files.writeString(web.logPath(), "first\n");
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> followed = CompletableFuture.runAsync(() -> client.logs("web", true, null,
                new java.io.OutputStream() {
                    final ByteArrayOutputStream b = new ByteArrayOutputStream();
                    @Override public void write(int c) { b.write(c); }
                    @Override public void write(byte[] d, int o, int n) { b.write(d, o, n); seen.add(b.toString()); }
                }));
        waitFor(() -> !seen.isEmpty() && seen.getLast().equals("first\n"));
        assertFalse(followed.isDone());
        Files.writeString(web.logPath(), "second\n", java.nio.file.StandardOpenOption.APPEND);
        waitFor(() -> seen.getLast().equals("first\nsecond\n"));
        Files.writeString(web.logPath(), "last words\n", java.nio.file.StandardOpenOption.APPEND);
        containers.with(web, ContainerState.EXITED, 0);
        followed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("first\nsecond\nlast words\n", seen.getLast());
    }

    @Test
    void topSplitsTitlesFromProcesses() {
        created("web", false);
        JsonNode t = client.top("web");
        assertEquals("[\"UID\",\"PID\",\"CMD\"]", t.get("Titles").toString());
        assertEquals("[[\"root\",\"4242\",\"sleep 100\"]]", t.get("Processes").toString());
    }

    @Test
    void execStreamsItsOutputThenReportsItsExitCode() {
        created("web", false);
        containers.start("web");
        String id = client.execCreate("web", new ExecRequest(List.of("ls", "-l"), false, false, List.of("X=1"), "nobody", "/", false));
        assertEquals(List.of("ls", "-l"), containers.calls.isEmpty() ? null : client.execInspect(id).get("ProcessConfig")
                .get("arguments").size() == 1 ? List.of("ls", "-l") : null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertNull(client.execStart(id, false, out));
        assertEquals("exec output\n", out.toString());
        assertEquals(3, client.execWait(id));
        assertEquals(3, client.execInspect(id).get("ExitCode").asInt());
        assertEquals("nobody", containers.lastExec.user());
        assertEquals(List.of("X=1"), containers.lastExec.env());
        EngineException again = assertThrows(EngineException.class, () -> client.execStart(id, false, out));
        assertEquals(409, again.status());
    }

    @Test
    void execWithATerminalSaysWhereToTakeIt() {
        created("web", false);
        containers.start("web");
        String id = client.execCreate("web", new ExecRequest(List.of("sh"), true, true, null, null, null, false));
        Attach a = client.execStart(id, false, new ByteArrayOutputStream());
        assertEquals(new Attach(1, 9, true), a);
    }

    @Test
    void execInAStoppedContainerIsAConflict() {
        created("web", false);
        EngineException e = assertThrows(EngineException.class,
                () -> client.execCreate("web", new ExecRequest(List.of("sh"), false, false, null, null, null, false)));
        assertEquals(409, e.status());
    }

    @Test
    void imagesRoutesGiveDockersShapes() throws Exception {
        assertEquals("base:latest", client.images().get(0).get("RepoTags").get(0).asText());
        assertEquals(7_812_345L, client.imageInspect("base").get("Size").asLong());
        assertEquals("glassbox base", client.imageHistory("base:latest").get(0).get("CreatedBy").asText());
        EngineException missing = assertThrows(EngineException.class, () -> client.imageInspect("nope"));
        assertEquals(404, missing.status());
        JsonNode removed = client.removeImage("base", true);
        assertEquals("base:latest", removed.get(0).get("Untagged").asText());
        assertTrue(images.calls.contains("remove base true inUse=false"));
        created("web", false);
        client.removeImage("base", false);
        assertTrue(images.calls.contains("remove base false inUse=true"), images.calls.toString());
    }

    @Test
    void loadUploadsTheArchiveAndStreamsWhatItLoaded() throws Exception {
        Path tar = tmp.resolve("img.tar");
        Files.writeString(tar, "tar bytes");
        List<String> lines = new ArrayList<>();
        client.load(tar, lines::add);
        assertEquals(List.of("Loading layer 1/1", "Loaded image: alpine:3.19"), lines);
        assertEquals("tar bytes", new String(images.lastUpload));
        assertEquals(List.of(), Files.list(tmp.resolve("lib/tmp")).toList(), "the upload is removed");
        Files.writeString(tar, "bad");
        EngineException e = assertThrows(EngineException.class, () -> client.load(tar, l -> {}));
        assertEquals(400, e.status());
        assertEquals("not an image archive: no manifest.json", e.getMessage());
    }

    @Test
    void importTakesTheBodyAsARootfsTar() {
        String id = client.importImage(new ByteArrayInputStream("rootfs".getBytes(StandardCharsets.UTF_8)),
                "myrepo/thing:v1", l -> {});
        assertEquals("sha256:" + "cd".repeat(32), id);
        assertTrue(images.calls.contains("import myrepo/thing:v1"));
        assertEquals("rootfs", new String(images.lastUpload));
    }

    @Test
    void stepsBeginAdvanceAndAbort() {
        ContainerInfo web = created("web", false);
        assertEquals(List.of("Prepare the root file system", "Exec the command"), client.beginSteps("web"));
        StepReport first = client.nextStep("web");
        assertEquals(new StepReport(1, 2, "s0", "Prepare the root file system", "The kernel did thing 0.",
                List.of("echo 0"), List.of("changed 0")), first);
        assertEquals(2, client.nextStep("web").index());
        EngineException done = assertThrows(EngineException.class, () -> client.nextStep("web"));
        assertEquals(409, done.status(), "after the last step the session is over");
        client.beginSteps("web");
        client.abortSteps("web");
        assertTrue(containers.calls.contains("abort " + web.id()));
    }

    @Test
    void attachNamesTheShimsDescriptor() {
        created("tty", true);
        assertEquals(new Attach(4241, 7, true), client.attach("tty"));
        created("plain", false);
        EngineException e = assertThrows(EngineException.class, () -> client.attach("plain"));
        assertEquals(409, e.status());
    }

    @Test
    void tailOffsetCountsLinesFromTheEnd() throws Exception {
        Path f = tmp.resolve("f");
        Files.writeString(f, "a\nb\nc\n");
        try (var ch = java.nio.channels.FileChannel.open(f)) {
            assertEquals(4, EngineServer.tailOffset(ch, 1));
            assertEquals(0, EngineServer.tailOffset(ch, 3));
            assertEquals(0, EngineServer.tailOffset(ch, 10));
            assertEquals(6, EngineServer.tailOffset(ch, 0));
        }
        Files.writeString(f, "a\nb\npartial");
        try (var ch = java.nio.channels.FileChannel.open(f)) {
            assertEquals(4, EngineServer.tailOffset(ch, 1));
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(10);
        }
    }
}
