package dev.glassbox.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.build.BuildException;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ContextArchive;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build, pull, push, save and tag routes in Docker's shapes, on fakes. */
class EngineBuildRoutesTest {
    @TempDir Path tmp;
    FakeBuilds builds;
    EngineServer server;
    EngineClient client;

    @BeforeEach
    void start() throws Exception {
        builds = new FakeBuilds();
        server = new EngineServer(new FakeContainerService(tmp), new FakeImages(), null, builds, tmp.resolve("run/glassbox.sock"),
                tmp.resolve("lib/tmp"));
        server.start();
        client = EngineClient.connect(server.socket());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Path context() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(dir.resolve("Dockerfile.dev"), "FROM busybox\nRUN true\n");
        Path tar = tmp.resolve("ctx.tar");
        ContextArchive.write(dir, dir.resolve("Dockerfile.dev"), tar);
        return tar;
    }

    private List<JsonNode> lines(RawHttp.Answer a) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : a.body().split("\n")) if (!l.isBlank()) out.add(DockerJson.MAPPER.readTree(l));
        return out;
    }

    @Test
    void buildUnpacksTheContextPassesTheOptionsStreamsTheStepsAndRemovesTheContext() throws Exception {
        StringBuilder text = new StringBuilder();
        String id = client.build(context(), new BuildRequest(null, "Dockerfile.dev", List.of("web:1", "web:latest"),
                Map.of("V", "2 3"), true, "none", Map.of("course", "docker")), text::append);
        assertEquals("sha256:feed", id);
        assertEquals("Step 1/2 : FROM busybox\n ---> CACHED\n", text.toString());
        BuildRequest seen = builds.lastBuild;
        assertEquals("Dockerfile.dev", seen.dockerfile());
        assertEquals(List.of("web:1", "web:latest"), seen.tags());
        assertEquals(Map.of("V", "2 3"), seen.buildArgs());
        assertEquals(Map.of("course", "docker"), seen.labels());
        assertTrue(seen.noCache());
        assertEquals("none", seen.networkMode());
        assertEquals("FROM busybox\nRUN true\n", builds.dockerfileSeen);
        assertTrue(seen.context().startsWith(tmp.resolve("lib/tmp")), "the context is unpacked under the engine's tmp dir");
        assertFalse(Files.exists(seen.context()), "the context is removed after the build");
    }

    @Test
    void aFailedBuildEndsWithDockersErrorDetailAndItsExitCode() throws Exception {
        builds.buildFailure = new BuildException("The command '/bin/sh -c false' returned a non-zero code: 3", 3, null);
        StringBuilder text = new StringBuilder();
        BuildException e = assertThrows(BuildException.class,
                () -> client.build(context(), new BuildRequest(null, "Dockerfile.dev", List.of(), Map.of(), false, null, Map.of()), text::append));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().contains("non-zero code: 3"), e.getMessage());
        assertEquals("Step 1/2 : FROM busybox\n", text.toString(), "the steps before the failure still arrive");
        assertFalse(Files.exists(builds.lastBuild.context()));
    }

    @Test
    void pullIsCreateFromImageAndStreamsDockersProgressLines() throws Exception {
        RawHttp.Answer a = RawHttp.send(server.socket(), "POST", "/v1.43/images/create?fromImage=localhost:5000/course/web&tag=1", null);
        assertEquals(200, a.status());
        List<JsonNode> l = lines(a);
        assertEquals("Downloading", l.get(0).get("status").asText());
        assertEquals("a1b2c3d4e5f6", l.get(0).get("id").asText());
        assertEquals(5, l.get(0).get("progressDetail").get("current").asLong());
        assertEquals(10, l.get(0).get("progressDetail").get("total").asLong());
        assertEquals("pull localhost:5000/course/web:1 null", builds.calls.getFirst());

        List<String> seen = new ArrayList<>();
        client.pull("busybox:1.36", "linux/arm64", (id, status, cur, total) -> seen.add(id + " " + status));
        assertEquals("pull busybox:1.36 linux/arm64", builds.calls.getLast());
        assertEquals(List.of("a1b2c3d4e5f6 Downloading", "a1b2c3d4e5f6 Pull complete", "null Status: Downloaded newer image for busybox:1.36"), seen);
    }

    @Test
    void aFailedPullIsAnErrorLineTheClientThrowsAsAnImageError() throws Exception {
        RawHttp.Answer a = RawHttp.send(server.socket(), "POST", "/images/create?fromImage=missing&tag=2", null);
        JsonNode last = lines(a).getLast();
        assertEquals("manifest for missing:2 not found", last.get("error").asText());
        assertEquals("manifest for missing:2 not found", last.get("errorDetail").get("message").asText());
        ImageException e = assertThrows(ImageException.class, () -> client.pull("missing", null, (i, s, c, t) -> {}));
        assertEquals("manifest for missing not found", e.getMessage());
    }

    @Test
    void createWithNeitherImageNorSourceIsABadRequest() throws Exception {
        assertEquals(400, RawHttp.send(server.socket(), "POST", "/images/create", null).status());
    }

    @Test
    void pushTakesTheNameInThePathAndTheTagInTheQuery() {
        List<String> seen = new ArrayList<>();
        client.push("localhost:5000/course/web:1", (id, status, cur, total) -> seen.add(status));
        assertEquals("push localhost:5000/course/web:1", builds.calls.getLast());
        assertEquals(List.of("Pushed"), seen);
    }

    @Test
    void saveStreamsTheArchiveAndAMissingImageIsA404BeforeAnyByte() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.save(List.of("web:1"), out);
        assertEquals("tar of web:1", out.toString(StandardCharsets.UTF_8));
        RawHttp.Answer a = RawHttp.send(server.socket(), "GET", "/images/get?names=web:1&names=nope:2", null);
        assertEquals(404, a.status(), a.body());
        assertEquals("no such image: nope:2", DockerJson.MAPPER.readTree(a.body()).get("message").asText());
        assertThrows(ImageException.class, () -> client.save(List.of("nope:2"), new ByteArrayOutputStream()));
    }

    @Test
    void tagAnswers201WithRepoAndTagJoined() throws Exception {
        assertEquals(201, RawHttp.send(server.socket(), "POST", "/images/web:1/tag?repo=localhost:5000/web&tag=2", null).status());
        assertEquals("tag web:1 localhost:5000/web:2", builds.calls.getLast());
        client.tag("web:1", "other");
        assertEquals("tag web:1 other", builds.calls.getLast());
        ImageException e = assertThrows(ImageException.class, () -> client.tag("nope", "x"));
        assertEquals("no such image: nope", e.getMessage());
    }

    @Test
    void anEngineWithoutBuildsAnswers501() throws Exception {
        try (EngineServer bare = new EngineServer(new FakeContainerService(tmp), new FakeImages(), tmp.resolve("run2/s.sock"), tmp.resolve("lib/tmp"))) {
            bare.start();
            assertEquals(501, RawHttp.send(bare.socket(), "GET", "/images/get?names=web:1", null).status());
            assertEquals(501, RawHttp.send(bare.socket(), "POST", "/images/create?fromImage=busybox", null).status());
        }
    }

    @Test
    void systemDfListsTheBuildCacheAndBuildPruneEmptiesIt() {
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        builds.cache.add(new dev.glassbox.image.build.ImageBuilder.CacheEntry("ab".repeat(32), "sha256:" + "01".repeat(32),
                "RUN /bin/sh -c make", true, 4096, t, t.plusSeconds(60), 2));
        builds.cache.add(new dev.glassbox.image.build.ImageBuilder.CacheEntry("cd".repeat(32), "sha256:" + "02".repeat(32),
                "ENV A=1", false, 300, t, t, 0));
        JsonNode df = client.systemDf();
        JsonNode bc = df.get("BuildCache");
        assertEquals(2, bc.size(), df.toPrettyString());
        assertEquals("ab".repeat(12) + "a", bc.get(0).get("ID").asText(), "a 25-character id, as BuildKit's");
        assertEquals("RUN /bin/sh -c make", bc.get(0).get("Description").asText());
        assertTrue(bc.get(0).get("Shared").asBoolean());
        assertFalse(bc.get(0).get("InUse").asBoolean());
        assertEquals(4096, bc.get(0).get("Size").asLong());
        assertEquals("2026-12-01T10:01:00Z", bc.get(0).get("LastUsedAt").asText());
        assertEquals(2, bc.get(0).get("UsageCount").asInt());
        assertEquals(300, df.get("BuilderSize").asLong(), "only what no image shares");

        JsonNode pruned = client.pruneBuildCache();
        assertEquals(2, pruned.get("CachesDeleted").size(), pruned.toString());
        assertEquals(300, pruned.get("SpaceReclaimed").asLong());
        assertEquals(0, client.systemDf().get("BuildCache").size());
    }
}
