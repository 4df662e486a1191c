package dev.glassbox.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.HistoryEntry;
import dev.glassbox.image.Image;
import dev.glassbox.image.StoredImage;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Real builds: RUN in real containers on a busybox image in a temp store. */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageBuilderTest {
    private BuildFixture fx;
    private ImageBuilder builder;

    @BeforeAll
    void setUp() throws Exception {
        fx = new BuildFixture("glassbox-build-test");
        builder = new ImageBuilder(fx.images, fx.runtime);
    }

    @AfterAll
    void tearDown() throws Exception {
        fx.close();
    }

    private static final String DOCKERFILE = """
            # syntax=docker/dockerfile:1
            ARG BASE=busybox
            FROM ${BASE}
            ARG GREETING=hello
            ENV APP_DIR=/app
            WORKDIR $APP_DIR
            COPY greeting.txt data/ ./
            RUN echo "$GREETING from RUN" > /app/said \\
                && rm /etc/image-file
            LABEL course=docker
            CMD ["cat", "/app/said", "/app/greeting.txt", "/app/inside.txt"]
            """;

    private static Path context(Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), DOCKERFILE);
        Files.writeString(dir.resolve("greeting.txt"), "hi from the context\n");
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/inside.txt"), "inside data\n");
        Files.setPosixFilePermissions(dir.resolve("data/inside.txt"), PosixFilePermissions.fromString("rwxr-x---"));
        return dir;
    }

    @Test
    void aSmallDockerfileGivesOneLayerPerCopyAndRunAndTheImageRuns(@TempDir Path dir) throws Exception {
        StringBuilder out = new StringBuilder();
        ImageBuilder.Result r = builder.build(BuildRequest.of(context(dir), "course/app:1").withNetworkMode("none").withNoCache(true),
                out::append);
        String log = out.toString();
        assertTrue(log.contains("Step 1/9 : ARG BASE=busybox"), log);
        assertTrue(log.contains("Step 7/9 : RUN echo"), log);
        assertTrue(log.contains(" ---> Running in "), log);
        assertTrue(log.contains("Successfully tagged course/app:1"), log);

        StoredImage s = fx.images.stored("course/app:1");
        assertEquals(3, s.layers().size(), "busybox + COPY + RUN");
        Map<String, String> copy = BuildFixture.entries(s.layers().get(1));
        assertEquals(List.of("app/", "app/greeting.txt", "app/inside.txt"), List.copyOf(copy.keySet()), copy.toString());
        assertTrue(copy.get("app/inside.txt").startsWith("f 750 0:0 12"), copy.toString());
        Map<String, String> run = BuildFixture.entries(s.layers().get(2));
        assertTrue(run.containsKey("app/said"), run.toString());
        assertTrue(run.containsKey("etc/.wh.image-file"), "the deletion is a whiteout: " + run);
        assertFalse(run.keySet().stream().anyMatch(n -> n.startsWith("proc") || n.startsWith("dev") || n.equals("etc/hosts")),
                "the runtime's mount points stay out: " + run);
        assertEquals("hello from RUN\n", BuildFixture.fileContent(s.layers().get(2), "app/said"));

        List<HistoryEntry> h = fx.images.history("course/app:1");
        assertEquals("CMD [\"cat\",\"/app/said\",\"/app/greeting.txt\",\"/app/inside.txt\"]", h.get(0).createdBy());
        assertTrue(h.get(0).emptyLayer());
        HistoryEntry runEntry = h.stream().filter(e -> e.createdBy().startsWith("RUN ")).findFirst().orElseThrow();
        assertEquals("RUN |1 GREETING=hello /bin/sh -c echo \"$GREETING from RUN\" > /app/said     && rm /etc/image-file",
                runEntry.createdBy());
        assertTrue(runEntry.size() > 0);
        assertTrue(h.stream().anyMatch(e -> e.createdBy().equals("WORKDIR /app") && e.emptyLayer()));

        Image img = fx.images.resolve("course/app:1");
        assertEquals("/app", img.config().workingDir());
        assertEquals("docker", img.config().labels().get("course"));
        assertTrue(img.config().env().contains("APP_DIR=/app"));
        assertEquals("hello from RUN\nhi from the context\ninside data\n", fx.run("course/app:1"));
        assertEquals(r.image().id(), img.id());
        assertTrue(fx.runtime.list(true).isEmpty(), "no build container is left");
    }

    @Test
    void anUnchangedRebuildComesFromTheCacheAndMakesNoNewLayer(@TempDir Path dir) throws Exception {
        context(dir);
        ImageBuilder.Result first = builder.build(BuildRequest.of(dir, "cached:1").withNetworkMode("none"), BuildOutput.NONE);
        List<String> storeBefore = fx.storeContents();
        StringBuilder out = new StringBuilder();
        ImageBuilder.Result second = builder.build(BuildRequest.of(dir, "cached:1").withNetworkMode("none"), out::append);
        assertEquals(first.image().id(), second.image().id(), "the same image");
        assertEquals(6, second.cached(), out.toString()); // ENV WORKDIR COPY RUN LABEL CMD (FROM and ARG make no image)
        assertEquals(6, out.toString().lines().filter(l -> l.equals(" ---> CACHED")).count(), out.toString());
        assertFalse(out.toString().contains("Running in"), out.toString());
        assertEquals(storeBefore, fx.storeContents(), "no new layer or blob");

        // a changed file invalidates COPY and everything after it
        Files.writeString(dir.resolve("greeting.txt"), "changed\n");
        StringBuilder again = new StringBuilder();
        ImageBuilder.Result third = builder.build(BuildRequest.of(dir, "cached:1").withNetworkMode("none"), again::append);
        assertNotEquals(first.image().id(), third.image().id());
        assertTrue(again.toString().contains("Running in"), again.toString());

        // --no-cache runs everything
        StringBuilder none = new StringBuilder();
        ImageBuilder.Result fourth = builder.build(BuildRequest.of(dir, "cached:1").withNetworkMode("none").withNoCache(true), none::append);
        assertEquals(0, fourth.cached());
        assertFalse(none.toString().contains("CACHED"), none.toString());
    }

    @Test
    void buildArgsReachRunAndTheirValueIsPartOfTheCacheKey(@TempDir Path dir) throws Exception {
        context(dir);
        BuildRequest req = BuildRequest.of(dir, "args:1").withNetworkMode("none").withBuildArgs(Map.of("GREETING", "bonjour"));
        StringBuilder out = new StringBuilder();
        ImageBuilder.Result r = builder.build(req, out::append);
        assertTrue(out.toString().contains("Running in"), "a new value is a cache miss for RUN");
        assertEquals("bonjour from RUN\n", BuildFixture.fileContent(fx.images.stored(r.image().id()).layers().get(2), "app/said"));

        StringBuilder warn = new StringBuilder();
        builder.build(req.withBuildArgs(Map.of("GREETING", "bonjour", "UNUSED", "x")), warn::append);
        assertTrue(warn.toString().contains("[Warning] One or more build-args [UNUSED] were not consumed"), warn.toString());
    }

    @Test
    void dockerignoreLeavesFilesOutOfTheContext(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY . /ctx/\n");
        Files.writeString(dir.resolve(".dockerignore"), "*.secret\nlogs\n!logs/keep.log\n");
        Files.writeString(dir.resolve("app.txt"), "app\n");
        Files.writeString(dir.resolve("db.secret"), "password\n");
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("logs/debug.log"), "noise\n");
        Files.writeString(dir.resolve("logs/keep.log"), "kept\n");
        ImageBuilder.Result r = builder.build(BuildRequest.of(dir, "ignored:1").withNetworkMode("none"), BuildOutput.NONE);
        Map<String, String> layer = BuildFixture.entries(fx.images.stored(r.image().id()).layers().getLast());
        assertTrue(layer.containsKey("ctx/app.txt"), layer.toString());
        assertTrue(layer.containsKey("ctx/logs/keep.log"), layer.toString());
        assertFalse(layer.containsKey("ctx/db.secret"), layer.toString());
        assertFalse(layer.containsKey("ctx/logs/debug.log"), layer.toString());
        BuildException e = assertThrows(BuildException.class, () -> {
            Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nCOPY db.secret /\n");
            builder.build(BuildRequest.of(dir, "ignored:2").withNetworkMode("none"), BuildOutput.NONE);
        });
        assertTrue(e.getMessage().contains("excluded by .dockerignore"), e.getMessage());
    }

    @Test
    void copyChownAndAddOfATarArchive(@TempDir Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("packed.txt"), "from the archive\n");
        Process tar = new ProcessBuilder("tar", "-C", src.toString(), "-czf", dir.resolve("bundle.tar.gz").toString(), "packed.txt")
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        Files.writeString(dir.resolve("owned.txt"), "owned\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM busybox
                COPY --chown=nobody:nogroup owned.txt /data/
                ADD bundle.tar.gz /unpacked/
                RUN stat -c '%u:%g %n' /data/owned.txt && cat /unpacked/packed.txt
                """);
        StringBuilder out = new StringBuilder();
        builder.build(BuildRequest.of(dir, "owned:1").withNetworkMode("none"), out::append);
        assertTrue(out.toString().contains("65534:65534 /data/owned.txt"), out.toString());
        assertTrue(out.toString().contains("from the archive"), out.toString());
    }

    @Test
    void fromScratchWithExecRunUserExposeEntrypointAndAddOfAPlainFile(@TempDir Path dir) throws Exception {
        Files.copy(dev.glassbox.testing.BusyboxRootfs.BUSYBOX, dir.resolve("busybox"));
        Files.writeString(dir.resolve("hello.txt"), "added as it is\n");
        Files.writeString(dir.resolve("Dockerfile"), """
                FROM scratch
                COPY --chmod=755 busybox /bin/busybox
                ADD hello.txt /etc/
                RUN ["/bin/busybox", "cp", "/etc/hello.txt", "/etc/copied.txt"]
                USER 1000:1000
                RUN ["/bin/busybox", "id", "-u"]
                EXPOSE 8080 53/udp
                ENTRYPOINT ["/bin/busybox", "sh", "-c", "echo uid=$(/bin/busybox id -u) gid=$(/bin/busybox id -g); /bin/busybox cat /etc/copied.txt; echo cmd: $0 $1"]
                CMD ["first", "second"]
                """);
        StringBuilder out = new StringBuilder();
        ImageBuilder.Result r = builder.build(BuildRequest.of(dir, "scratch/app:1").withNetworkMode("none"), out::append);
        String log = out.toString();
        assertTrue(log.contains(" ---> scratch: an empty image"), log);
        assertTrue(log.lines().anyMatch(l -> l.equals("1000")), "a RUN after USER runs as that user: " + log);

        StoredImage s = fx.images.stored(r.image().id());
        assertEquals(3, s.layers().size(), "COPY, ADD and the first RUN (no base layer; the second RUN changes nothing): " + log);
        Map<String, String> copy = BuildFixture.entries(s.layers().get(0));
        assertTrue(copy.get("bin/busybox").startsWith("f 755 0:0 "), copy.toString());
        assertEquals("added as it is\n", BuildFixture.fileContent(s.layers().get(1), "etc/hello.txt"), "a plain file is added as it is");
        assertEquals("added as it is\n", BuildFixture.fileContent(s.layers().get(2), "etc/copied.txt"),
                "the exec form ran without any shell in the image");

        Image img = fx.images.resolve("scratch/app:1");
        assertEquals("1000:1000", img.config().user());
        assertEquals(java.util.Set.of("8080/tcp", "53/udp"), img.config().exposedPorts());
        assertEquals(List.of("first", "second"), img.config().cmd());
        assertEquals("/bin/busybox", img.config().entrypoint().getFirst());
        List<HistoryEntry> h = fx.images.history("scratch/app:1");
        assertEquals("RUN [\"/bin/busybox\",\"cp\",\"/etc/hello.txt\",\"/etc/copied.txt\"]",
                h.stream().filter(e -> e.createdBy().startsWith("RUN [\"/bin/busybox\",\"cp")).findFirst().orElseThrow().createdBy());
        assertTrue(h.stream().anyMatch(e -> e.createdBy().equals("EXPOSE 8080/tcp 53/udp") && e.emptyLayer()), h.toString());

        // the process runs as USER, with ENTRYPOINT + CMD as its command line; a run's arguments replace CMD only
        assertEquals("uid=1000 gid=1000\nadded as it is\ncmd: first second\n", fx.run("scratch/app:1"));
        assertEquals("uid=1000 gid=1000\nadded as it is\ncmd: other args\n", fx.run("scratch/app:1", "other", "args"));
    }

    @Test
    void theBuildCacheListsItsStepsAndPruningItMakesTheNextBuildRunEveryStep(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nENV STAGE=pruned\nRUN echo $STAGE > /stage\n");
        builder.build(BuildRequest.of(dir, "pruned:1").withNetworkMode("none"), BuildOutput.NONE);
        List<ImageBuilder.CacheEntry> entries = builder.cacheEntries();
        ImageBuilder.CacheEntry run = entries.stream().filter(e -> e.description().equals("RUN /bin/sh -c echo $STAGE > /stage"))
                .findFirst().orElseThrow(() -> new AssertionError(entries.toString()));
        assertTrue(run.shared(), "the RUN layer belongs to pruned:1");
        assertEquals(fx.images.stored("pruned:1").layers().getLast().size(), run.size());
        ImageBuilder.CacheEntry env = entries.stream().filter(e -> e.description().equals("ENV STAGE=pruned")).findFirst().orElseThrow();
        assertFalse(env.shared(), "a config-only step has no layer");
        assertEquals(0, env.usageCount());

        StringBuilder again = new StringBuilder();
        builder.build(BuildRequest.of(dir, "pruned:1").withNetworkMode("none"), again::append);
        assertTrue(again.toString().contains(" ---> CACHED"), again.toString());
        assertEquals(1, builder.cacheEntries().stream().filter(e -> e.description().equals("ENV STAGE=pruned")).findFirst().orElseThrow()
                .usageCount());

        ImageBuilder.CachePrune pruned = builder.pruneCache();
        assertTrue(pruned.deleted().size() >= 2, pruned.toString());
        assertTrue(pruned.reclaimed() > 0, "at least the entries' own bytes");
        assertEquals(List.of(), builder.cacheEntries());
        StringBuilder after = new StringBuilder();
        ImageBuilder.Result r = builder.build(BuildRequest.of(dir, "pruned:1").withNetworkMode("none"), after::append);
        assertEquals(0, r.cached(), after.toString());
        assertTrue(after.toString().contains("Running in"), after.toString());
    }

    @Test
    void aFailingRunReportsItsCodeAndOutputAndLeavesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN echo made > /made\nRUN echo before the failure && false\n");
        List<String> storeBefore = fx.storeContents();
        List<Image> imagesBefore = fx.images.list();
        StringBuilder out = new StringBuilder();
        BuildException e = assertThrows(BuildException.class,
                () -> builder.build(BuildRequest.of(dir, "broken:1").withNetworkMode("none").withNoCache(true), out::append));
        assertEquals("The command '/bin/sh -c echo before the failure && false' returned a non-zero code: 1", e.getMessage());
        assertEquals(1, e.exitCode());
        assertTrue(out.toString().contains("before the failure\n"), out.toString());
        assertTrue(fx.runtime.list(true).isEmpty(), "no container left");
        assertEquals(imagesBefore.stream().map(Image::id).toList(), fx.images.list().stream().map(Image::id).toList(), "no image left");
        assertEquals(storeBefore, fx.storeContents(), "no layer or blob left");
        try (var s = Files.list(fx.root.resolve("lib/tmp"))) {
            assertEquals(List.of(), s.toList(), "no work files left");
        }
    }
}
