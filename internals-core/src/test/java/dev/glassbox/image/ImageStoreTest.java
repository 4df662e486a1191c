package dev.glassbox.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path root;
    ImageStore store;

    @BeforeEach
    void setUp() {
        root = tmp.resolve("store");
        store = new ImageStore(root);
    }

    // ------------------------------------------------------------ archives built by hand

    static final byte[] BASE_LAYER = TestTars.tar().dir("etc", 0755).file("etc/os-release", "NAME=demo\n")
            .dir("app", 0755).file("app/a", "a").file("app/b", "b").file("old.txt", "old").bytes();
    static final byte[] TOP_LAYER = TestTars.tar().file(".wh.old.txt", "").dir("app", 0755).file("app/.wh..wh..opq", "")
            .file("app/c", "c").bytes();
    static final byte[] OTHER_TOP = TestTars.tar().file("other", "other image").bytes();

    static byte[] config(List<byte[]> layers, List<String> cmd, boolean withEmptyStep) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("architecture", ArchiveLoader.hostArchitecture());
        c.put("os", "linux");
        c.put("created", "2024-05-01T12:00:00.123456789Z");
        ObjectNode cfg = c.putObject("config");
        cfg.putArray("Env").add("PATH=/bin").add("GREETING=hi");
        ArrayNode cmdArray = cfg.putArray("Cmd");
        cmd.forEach(cmdArray::add);
        cfg.put("WorkingDir", "/app");
        cfg.putObject("ExposedPorts").putObject("8080/tcp");
        cfg.putObject("Labels").put("course", "docker");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        ArrayNode history = c.putArray("history");
        int i = 0;
        for (byte[] l : layers) {
            diffIds.add(TestTars.sha256(l));
            history.addObject().put("created", "2024-05-01T12:00:0" + i + "Z").put("created_by", "/bin/sh -c step " + i++);
        }
        if (withEmptyStep) {
            history.addObject().put("created", "2024-05-01T12:00:09Z").put("created_by", "/bin/sh -c #(nop) CMD [\"sh\"]")
                    .put("empty_layer", true);
        }
        return JSON.writeValueAsBytes(c);
    }

    /** A legacy `docker save` archive: <id>/layer.tar, <config hex>.json, manifest.json, repositories. */
    Path dockerSave(String name, Map<String, List<byte[]>> images, boolean repeatLayersAsSymlinks) throws IOException {
        TestTars tar = TestTars.tar();
        ArrayNode manifest = JSON.createArrayNode();
        Map<String, String> layerDirByDigest = new java.util.HashMap<>();
        for (var img : images.entrySet()) {
            byte[] config = config(img.getValue(), List.of("sh"), true);
            String configName = TestTars.hex(config) + ".json";
            tar.file(configName, config);
            ObjectNode m = manifest.addObject();
            m.put("Config", configName);
            m.putArray("RepoTags").add(img.getKey());
            ArrayNode layers = m.putArray("Layers");
            for (byte[] l : img.getValue()) {
                String digest = TestTars.hex(l);
                String dir = "L" + digest.substring(0, 20) + img.getKey().hashCode();
                String existing = layerDirByDigest.get(digest);
                if (existing != null && repeatLayersAsSymlinks) {
                    tar.dir(dir, 0755).symlink(dir + "/layer.tar", "../" + existing + "/layer.tar");
                } else {
                    tar.dir(dir, 0755).file(dir + "/VERSION", "1.0").file(dir + "/layer.tar", l);
                    layerDirByDigest.putIfAbsent(digest, dir);
                }
                layers.add(dir + "/layer.tar");
            }
        }
        tar.file("manifest.json", JSON.writeValueAsString(manifest));
        return tar.writeTo(tmp.resolve(name));
    }

    // ------------------------------------------------------------ import

    @Test
    void importedRootfsTarBecomesAOneLayerImage() throws IOException {
        Path tar = tmp.resolve("rootfs.tar.gz");
        byte[] plain = TestTars.tar().dir("bin", 0755).file("bin/hello", "#!/bin/sh\necho hi\n", 0755).symlink("sh", "bin/hello").bytes();
        Files.write(tar, TestTars.gzip(plain));

        Image img = store.importRootfs(tar, "myroot:1", Progress.NONE);

        assertEquals(List.of("myroot:1"), img.repoTags());
        assertEquals(1, img.layers().size());
        Layer layer = img.layers().getFirst();
        assertEquals(TestTars.sha256(plain), layer.diffId());
        assertEquals(TestTars.sha256(Files.readAllBytes(tar)), layer.blobDigest(), "the blob is stored as given");
        assertEquals(root.resolve("layers").resolve(layer.diffId().substring(7)), layer.dir());
        assertEquals("#!/bin/sh\necho hi\n", Files.readString(layer.dir().resolve("bin/hello")));
        assertEquals("bin/hello", Files.readSymbolicLink(layer.dir().resolve("sh")).toString());
        assertEquals(18, img.size());
        assertTrue(Files.isRegularFile(root.resolve("oci/blobs/sha256").resolve(img.id().substring(7))));
        assertEquals(img.id(), store.resolve("myroot:1").id());
        assertEquals(img.id(), store.resolve(img.id().substring(7, 13)).id(), "a short id resolves");
        assertEquals(img.id(), store.resolve(img.id()).id(), "a full id resolves");
        assertEquals(List.of(img.id()), store.list().stream().map(Image::id).toList());

        JsonNode index = JSON.readTree(root.resolve("oci/index.json").toFile());
        assertEquals("myroot:1", index.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText());
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(root.resolve("oci/oci-layout")));
    }

    @Test
    void importFromAStreamWithoutTagMakesAnUntaggedImage() {
        Image img = store.importRootfs(new ByteArrayInputStream(BASE_LAYER), null, Progress.NONE);
        assertEquals(List.of(), img.repoTags());
        assertEquals(img.id(), store.list().getFirst().id());
        assertEquals("Imported from -", store.history(img.id()).getFirst().comment());
    }

    @Test
    void defaultTagIsLatest() {
        store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "plain", Progress.NONE);
        assertEquals(List.of("plain:latest"), store.resolve("plain:latest").repoTags());
    }

    @Test
    void unknownImageSaysWhatToDo() {
        ImageException e = assertThrows(ImageException.class, () -> store.resolve("foo"));
        assertEquals("no such image: foo:latest (see 'glassbox images', or 'glassbox import' a rootfs tar)", e.getMessage());
    }

    @Test
    void unsafeRootfsLeavesTheStoreAsItWas() throws IOException {
        store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "keep", Progress.NONE);
        List<String> before = listing(root);
        for (byte[] bad : List.of(
                TestTars.tar().file("fine", "x").file("../x", "evil").bytes(),
                TestTars.tar().symlink("a", tmp.resolve("outside").toString()).file("a/evil", "evil").bytes(),
                TestTars.tar().file("fine", "x").hardlink("pw", "../../etc/passwd").bytes())) {
            ImageException e = assertThrows(ImageException.class,
                    () -> store.importRootfs(new ByteArrayInputStream(bad), "bad", Progress.NONE));
            assertTrue(e.getMessage().startsWith("unsafe archive entry"), e.getMessage());
            assertTrue(e.getMessage().endsWith("nothing was imported"), e.getMessage());
            assertEquals(before, listing(root), "nothing was left behind");
        }
        assertFalse(Files.exists(tmp.resolve("outside/evil")));
        assertThrows(ImageException.class, () -> store.resolve("bad"));
    }

    // ------------------------------------------------------------ docker save and OCI layouts

    @Test
    @RootOnly
    void loadsALegacyDockerSaveArchiveWithWhiteoutsAndAnOpaqueDirectory() throws IOException {
        Path archive = dockerSave("demo.tar", Map.of("demo:1", List.of(BASE_LAYER, TOP_LAYER)), false);

        List<Image> loaded = store.load(archive, Progress.NONE);

        assertEquals(1, loaded.size());
        Image img = loaded.getFirst();
        assertEquals(List.of("demo:1"), img.repoTags());
        assertEquals(List.of(TestTars.sha256(BASE_LAYER), TestTars.sha256(TOP_LAYER)), img.layers().stream().map(Layer::diffId).toList());
        Path top = img.layerDirs().get(1);
        Path whiteout = top.resolve("old.txt");
        assertEquals(FileCalls.S_IFCHR, (int) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000);
        assertEquals(0L, (long) Files.getAttribute(whiteout, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        assertArrayEquals(new byte[] {'y'}, FileCalls.lgetxattr(top.resolve("app"), "trusted.overlay.opaque").orElseThrow());
        assertEquals("c", Files.readString(top.resolve("app/c")));
        assertEquals("a", Files.readString(img.layerDirs().get(0).resolve("app/a")));

        ImageConfig c = img.config();
        assertEquals(List.of("PATH=/bin", "GREETING=hi"), c.env());
        assertEquals(List.of("sh"), c.cmd());
        assertEquals("/app", c.workingDir());
        assertEquals(java.util.Set.of("8080/tcp"), c.exposedPorts());
        assertEquals(Map.of("course", "docker"), c.labels());
        assertEquals(java.time.Instant.parse("2024-05-01T12:00:00.123456789Z"), img.created());
        assertEquals(TestTars.sha256(config(List.of(BASE_LAYER, TOP_LAYER), List.of("sh"), true)), img.id(),
                "the image id is the digest of the config as Docker made it");
    }

    @Test
    void historyListsStepsNewestFirstWithLayerSizes() throws IOException {
        Image img = store.load(dockerSave("demo.tar", Map.of("demo:1", List.of(BASE_LAYER, OTHER_TOP)), false), Progress.NONE).getFirst();

        List<HistoryEntry> h = store.history("demo:1");

        assertEquals(3, h.size());
        assertEquals(img.id(), h.get(0).id());
        assertTrue(h.get(0).emptyLayer());
        assertEquals(0, h.get(0).size());
        assertEquals("/bin/sh -c #(nop) CMD [\"sh\"]", h.get(0).createdBy());
        assertEquals("<missing>", h.get(1).id());
        assertEquals("/bin/sh -c step 1", h.get(1).createdBy());
        assertEquals("other image".length(), h.get(1).size());
        assertEquals("/bin/sh -c step 0", h.get(2).createdBy());
        assertEquals(java.time.Instant.parse("2024-05-01T12:00:00Z"), h.get(2).created());
        assertEquals(1 + 1 + 3 + "NAME=demo\n".length(), h.get(2).size());
    }

    @Test
    void inspectHasDockersShape() throws IOException {
        Image img = store.load(dockerSave("demo.tar", Map.of("demo:1", List.of(BASE_LAYER, OTHER_TOP)), false), Progress.NONE).getFirst();

        ObjectNode o = store.inspect("demo:1");

        assertEquals(img.id(), o.path("Id").asText());
        assertEquals("demo:1", o.path("RepoTags").get(0).asText());
        assertEquals("2024-05-01T12:00:00.123456789Z", o.path("Created").asText());
        assertEquals(ArchiveLoader.hostArchitecture(), o.path("Architecture").asText());
        assertEquals("linux", o.path("Os").asText());
        assertEquals(img.size(), o.path("Size").asLong());
        JsonNode c = o.path("Config");
        assertEquals("GREETING=hi", c.path("Env").get(1).asText());
        assertEquals("sh", c.path("Cmd").get(0).asText());
        assertTrue(c.path("Entrypoint").isNull());
        assertEquals("/app", c.path("WorkingDir").asText());
        assertEquals("", c.path("User").asText());
        assertTrue(c.path("ExposedPorts").has("8080/tcp"));
        assertEquals("docker", c.path("Labels").path("course").asText());
        assertEquals("layers", o.path("RootFS").path("Type").asText());
        assertEquals(TestTars.sha256(BASE_LAYER), o.path("RootFS").path("Layers").get(0).asText());
        assertEquals(TestTars.sha256(OTHER_TOP), o.path("RootFS").path("Layers").get(1).asText());
        assertEquals(img.layerDirs().get(1).toString(), o.path("GraphDriver").path("Data").path("UpperDir").asText());
        assertEquals(img.layerDirs().get(0).toString(), o.path("GraphDriver").path("Data").path("LowerDir").asText());
    }

    @Test
    void twoImagesWithTheSameLayerShareOneUnpackedDirectory() throws IOException {
        Map<String, List<byte[]>> images = new java.util.LinkedHashMap<>();
        images.put("one:1", List.of(BASE_LAYER, OTHER_TOP));
        images.put("two:1", List.of(BASE_LAYER));
        List<Image> loaded = store.load(dockerSave("two.tar", images, true), Progress.NONE);
        Image third = store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "three", Progress.NONE);

        assertEquals(2, loaded.size());
        Path shared = loaded.get(0).layerDirs().getFirst();
        assertEquals(shared, loaded.get(1).layerDirs().getFirst());
        assertEquals(shared, third.layerDirs().getFirst());
        assertEquals(2, layerDirs().size(), "BASE_LAYER and OTHER_TOP, each unpacked once");
    }

    @Test
    void removeKeepsLayersAnotherImageStillUses() throws IOException {
        Map<String, List<byte[]>> images = new java.util.LinkedHashMap<>();
        images.put("one:1", List.of(BASE_LAYER, OTHER_TOP));
        images.put("two:1", List.of(BASE_LAYER));
        List<Image> loaded = store.load(dockerSave("two.tar", images, false), Progress.NONE);
        Path shared = loaded.get(0).layerDirs().get(0), own = loaded.get(0).layerDirs().get(1);

        assertEquals(List.of("Untagged: one:1", "Deleted: " + loaded.get(0).id()), store.remove("one:1", false));

        assertTrue(Files.isDirectory(shared));
        assertFalse(Files.exists(own));
        assertFalse(Files.exists(root.resolve("oci/blobs/sha256").resolve(loaded.get(0).id().substring(7))));
        assertEquals(List.of("two:1"), store.list().stream().flatMap(i -> i.repoTags().stream()).toList());

        store.remove(loaded.get(1).id().substring(7, 19), false);
        assertEquals(List.of(), layerDirs());
        assertEquals(List.of(), listing(root.resolve("oci/blobs/sha256")));
        assertEquals(List.of(), store.list());
    }

    @Test
    void removeRefusesAnImageInUseUnlessForcedAndThenKeepsItUntagged() {
        Image img = store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "busy", Progress.NONE);
        ImageException e = assertThrows(ImageException.class, () -> store.remove("busy", false, id -> id.equals(img.id())));
        assertEquals("cannot remove image busy:latest: a container uses it; remove the container first (glassbox rm) or use --force",
                e.getMessage());

        assertEquals(List.of("Untagged: busy:latest"), store.remove("busy", true, id -> true));
        assertEquals(List.of(), store.resolve(img.id()).repoTags());
        assertTrue(Files.isDirectory(img.layerDirs().getFirst()), "a container's layers stay");
    }

    @Test
    void removingOneOfTwoTagsOnlyUntags() {
        Image img = store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "a:1", Progress.NONE);
        store.tag("a:1", "b:2");
        assertEquals(List.of("a:1", "b:2"), store.resolve(img.id()).repoTags());
        ImageException e = assertThrows(ImageException.class, () -> store.remove(img.id(), false));
        assertTrue(e.getMessage().contains("it is tagged a:1, b:2"), e.getMessage());

        assertEquals(List.of("Untagged: a:1"), store.remove("a:1", false));
        assertEquals(List.of("b:2"), store.resolve("b:2").repoTags());
        assertTrue(Files.isDirectory(img.layerDirs().getFirst()));
    }

    @Test
    void concurrentImportsFromTwoStoresOnOneRootBothLand() throws Exception {
        ImageStore other = new ImageStore(root);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "left", Progress.NONE));
            var b = pool.submit(() -> other.importRootfs(new ByteArrayInputStream(OTHER_TOP), "right", Progress.NONE));
            a.get();
            b.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("left:latest", "right:latest"),
                store.list().stream().flatMap(i -> i.repoTags().stream()).sorted().toList());
    }

    @Test
    void retaggingLeavesThePreviousImageDangling() {
        Image first = store.importRootfs(new ByteArrayInputStream(BASE_LAYER), "app", Progress.NONE);
        Image second = store.importRootfs(new ByteArrayInputStream(OTHER_TOP), "app", Progress.NONE);
        assertEquals(second.id(), store.resolve("app").id());
        assertEquals(List.of(), store.resolve(first.id()).repoTags());
        assertEquals(2, store.list().size());
    }

    /** An OCI layout with a gzip layer, as skopeo or `docker buildx --output type=oci` writes it. */
    Path ociLayout(Path dir, String refName) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] gz = TestTars.gzip(BASE_LAYER);
        byte[] config = config(List.of(BASE_LAYER), List.of("/bin/true"), false);
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json").put("digest", TestTars.sha256(config))
                .put("size", config.length);
        m.putArray("layers").addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar+gzip")
                .put("digest", TestTars.sha256(gz)).put("size", gz.length);
        byte[] manifest = JSON.writeValueAsBytes(m);
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        ObjectNode d = index.putArray("manifests").addObject();
        d.put("mediaType", "application/vnd.oci.image.manifest.v1+json").put("digest", TestTars.sha256(manifest)).put("size", manifest.length);
        d.putObject("annotations").put("org.opencontainers.image.ref.name", refName);
        for (byte[] blob : List.of(gz, config, manifest)) Files.write(dir.resolve("blobs/sha256").resolve(TestTars.hex(blob)), blob);
        Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        return dir;
    }

    @Test
    void loadsAnOciLayoutDirectoryWithACompressedLayer() throws IOException {
        Path dir = ociLayout(tmp.resolve("layout"), "course/oci-demo:2");
        Image img = store.load(dir, Progress.NONE).getFirst();
        assertEquals(List.of("course/oci-demo:2"), img.repoTags());
        Layer l = img.layers().getFirst();
        assertEquals(TestTars.sha256(BASE_LAYER), l.diffId());
        assertEquals(TestTars.sha256(TestTars.gzip(BASE_LAYER)), l.blobDigest());
        assertEquals("NAME=demo\n", Files.readString(l.dir().resolve("etc/os-release")));
        assertEquals(List.of("/bin/true"), img.config().cmd());
    }

    @Test
    void loadsAnOciLayoutTarWhoseRefNameIsOnlyATag() throws IOException {
        Path dir = ociLayout(tmp.resolve("layout"), "v3");
        TestTars tar = TestTars.tar();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                tar.file(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        Image img = store.load(tar.writeTo(tmp.resolve("webapp.tar")), Progress.NONE).getFirst();
        assertEquals(List.of("webapp:v3"), img.repoTags(), "a bare tag is named after the archive");
    }

    @Test
    void loadsTheOciFormOfDockerSaveByItsManifestJson() throws IOException {
        // Docker 25+ writes an OCI layout plus manifest.json whose paths are blobs/sha256/<hex>
        Path dir = tmp.resolve("docker25");
        Files.createDirectories(dir.resolve("blobs/sha256"));
        byte[] config = config(List.of(BASE_LAYER, OTHER_TOP), List.of("sh"), false);
        for (byte[] blob : List.of(config, BASE_LAYER, OTHER_TOP)) Files.write(dir.resolve("blobs/sha256").resolve(TestTars.hex(blob)), blob);
        Files.writeString(dir.resolve("manifest.json"), "[{\"Config\":\"blobs/sha256/" + TestTars.hex(config)
                + "\",\"RepoTags\":[\"docker.io/library/new:25\"],\"Layers\":[\"blobs/sha256/" + TestTars.hex(BASE_LAYER)
                + "\",\"blobs/sha256/" + TestTars.hex(OTHER_TOP) + "\"]}]");
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        TestTars tar = TestTars.tar();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) tar.file(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        Image img = store.load(tar.writeTo(tmp.resolve("new.tar")), Progress.NONE).getFirst();
        assertEquals(List.of("new:25"), img.repoTags(), "docker.io/library/ is left out as the docker CLI does");
        assertEquals(TestTars.sha256(config), img.id());
        assertEquals("other image", Files.readString(img.layerDirs().get(1).resolve("other")));
    }

    @Test
    void corruptLayerInAnArchiveLeavesNothingBehind() throws IOException {
        store.importRootfs(new ByteArrayInputStream(OTHER_TOP), "keep", Progress.NONE);
        List<String> before = listing(root);
        // the config promises BASE_LAYER, the archive carries TOP_LAYER as its second layer
        TestTars tar = TestTars.tar();
        byte[] config = config(List.of(OTHER_TOP, BASE_LAYER), List.of("sh"), false);
        tar.file("c.json", config);
        tar.file("l1/layer.tar", OTHER_TOP);
        tar.file("l2/layer.tar", TestTars.gzip(TOP_LAYER));
        tar.file("manifest.json", "[{\"Config\":\"c.json\",\"RepoTags\":[\"bad:1\"],\"Layers\":[\"l1/layer.tar\",\"l2/layer.tar\"]}]");
        ImageException e = assertThrows(ImageException.class, () -> store.load(tar.writeTo(tmp.resolve("bad.tar")), Progress.NONE));
        assertTrue(e.getMessage().contains("layer 2/2 (l2/layer.tar) of bad:1 in bad.tar is corrupt"), e.getMessage());
        assertEquals(before, listing(root));
    }

    @Test
    void notAnImageArchiveIsNamedAsSuch() throws IOException {
        Path tar = TestTars.tar().file("hello.txt", "hi").writeTo(tmp.resolve("random.tar"));
        ImageException e = assertThrows(ImageException.class, () -> store.load(tar, Progress.NONE));
        assertEquals("random.tar is neither a 'docker save' archive nor an OCI image layout "
                + "(it has no manifest.json and no index.json)", e.getMessage());
    }

    @Test
    void progressIsReportedPerLayerAndPerFile() throws IOException {
        List<String> steps = new ArrayList<>();
        store.load(dockerSave("demo.tar", Map.of("demo:1", List.of(BASE_LAYER, OTHER_TOP)), false), (what, done, total) -> steps.add(what));
        assertTrue(steps.stream().anyMatch(s -> s.startsWith("layer 1/2")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.endsWith(": app/b")), steps.toString());
    }

    private List<String> layerDirs() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("layers"))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Every path under dir except the lock file, to compare a store before and after. */
    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).filter(p -> !p.isEmpty() && !p.endsWith(".lock")).sorted().toList();
        }
    }
}
