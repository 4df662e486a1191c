package dev.glassbox.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against a tiny registry served by the test on loopback: Docker Hub's anonymous
 * token flow, an image index narrowed to this machine's platform, and a tampered blob.
 */
class RegistryProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> manifestTypes = new ConcurrentHashMap<>();
    private final List<String> requests = new ArrayList<>();
    private volatile byte[] tamperedLayer;
    private String host;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", ex -> {
            assertTrue(ex.getRequestURI().getRawQuery().contains("scope=repository%3Acourse%2Fapp%3Apull"), ex.getRequestURI().toString());
            reply(ex, 200, "application/json", "{\"token\":\"anon-token\"}".getBytes());
        });
        server.createContext("/v2/", this::registry);
        server.start();
        host = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void registry(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        synchronized (requests) {
            requests.add(ex.getRequestMethod() + " " + path);
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!"Bearer anon-token".equals(auth)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host + "/token\",service=\"test-registry\","
                    + "scope=\"repository:course/app:pull\"");
            reply(ex, 401, "application/json", "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes());
            return;
        }
        String[] p = path.split("/");
        String last = p[p.length - 1];
        if (path.contains("/manifests/") && manifests.containsKey(last)) {
            reply(ex, 200, manifestTypes.get(last), manifests.get(last));
        } else if (path.contains("/blobs/") && blobs.containsKey(last)) {
            byte[] b = blobs.get(last);
            if (tamperedLayer != null && b.length == tamperedLayer.length && !java.util.Arrays.equals(b, tamperedLayer)
                    && isLayer(last)) b = tamperedLayer;
            reply(ex, 200, "application/octet-stream", b);
        } else {
            reply(ex, 404, "application/json", "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes());
        }
    }

    private final List<String> layerDigests = new ArrayList<>();

    private boolean isLayer(String digest) {
        return layerDigests.contains(digest);
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static byte[] layerTar(String name, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0100644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    /** Publishes course/app:1 as an index with an arm64 decoy and this machine's image; returns the layer bytes. */
    private byte[] publish(String arch) throws Exception {
        byte[] layer = layerTar("hello.txt", "hello from the registry\n");
        String layerDigest = sha256(layer);
        blobs.put(layerDigest, layer);
        layerDigests.add(layerDigest);
        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", arch);
        config.put("os", "linux");
        config.putObject("config").putArray("Cmd").add("cat").add("/hello.txt");
        config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(layerDigest);
        byte[] configBytes = JSON.writeValueAsBytes(config);
        blobs.put(sha256(configBytes), configBytes);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", RegistryClient.DOCKER_MANIFEST);
        ObjectNode c = manifest.putObject("config");
        c.put("mediaType", "application/vnd.docker.container.image.v1+json");
        c.put("digest", sha256(configBytes));
        c.put("size", configBytes.length);
        ObjectNode l = manifest.putArray("layers").addObject();
        l.put("mediaType", "application/vnd.docker.image.rootfs.diff.tar");
        l.put("digest", layerDigest);
        l.put("size", layer.length);
        byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
        String manifestDigest = sha256(manifestBytes);
        manifests.put(manifestDigest, manifestBytes);
        manifestTypes.put(manifestDigest, RegistryClient.DOCKER_MANIFEST);

        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", RegistryClient.OCI_INDEX);
        var list = index.putArray("manifests");
        ObjectNode decoy = list.addObject();
        decoy.put("mediaType", RegistryClient.OCI_MANIFEST);
        decoy.put("digest", "sha256:" + "0".repeat(64));
        decoy.put("size", 10);
        decoy.putObject("platform").put("os", "linux").put("architecture", "s390x");
        ObjectNode mine = list.addObject();
        mine.put("mediaType", RegistryClient.DOCKER_MANIFEST);
        mine.put("digest", manifestDigest);
        mine.put("size", manifestBytes.length);
        mine.putObject("platform").put("os", "linux").put("architecture", arch);
        manifests.put("1", JSON.writeValueAsBytes(index));
        manifestTypes.put("1", RegistryClient.OCI_INDEX);
        return layer;
    }

    @Test
    void pullAnswersTheBearerChallengeAndPicksThisMachinesPlatformFromTheIndex(@TempDir Path root) throws Exception {
        publish(RegistryClient.hostArchitecture());
        ImageStore images = new ImageStore(root);
        List<String> lines = new ArrayList<>();
        Image img = new RegistryClient(images).pull(host + "/course/app:1", (id, s, cur, tot) -> lines.add(id == null ? s : id + ": " + s));
        assertEquals(List.of(host + "/course/app:1"), img.repoTags());
        assertEquals(List.of("cat", "/hello.txt"), img.config().cmd());
        assertEquals("hello from the registry\n", Files.readString(img.layerDirs().getFirst().resolve("hello.txt")));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(": Pull complete")), lines.toString());
        assertTrue(lines.getLast().startsWith("Status: Downloaded newer image for "), lines.toString());
        assertTrue(requests.stream().noneMatch(r -> r.contains("0000000000")), "the s390x image is never fetched: " + requests);

        // a second pull fetches no layer again
        requests.clear();
        lines.clear();
        new RegistryClient(images).pull(host + "/course/app:1", (id, s, cur, tot) -> lines.add(id == null ? s : id + ": " + s));
        assertTrue(lines.stream().anyMatch(l -> l.endsWith(": Already exists")), lines.toString());
        assertTrue(requests.stream().noneMatch(r -> r.contains("/blobs/" + layerDigests.getFirst())), requests.toString());
        assertTrue(lines.getLast().startsWith("Status: Image is up to date for "), lines.toString());
    }

    @Test
    void aTamperedBlobIsRefusedByItsDigestAndNothingIsStored(@TempDir Path root) throws Exception {
        byte[] layer = publish(RegistryClient.hostArchitecture());
        byte[] bad = layer.clone();
        bad[600] ^= 1; // one bit of the file's content
        tamperedLayer = bad;
        ImageStore images = new ImageStore(root);
        ImageException e = assertThrows(ImageException.class, () -> new RegistryClient(images).pull(host + "/course/app:1",
                TransferOutput.NONE));
        assertTrue(e.getMessage().contains("is corrupt: its content digest is"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was pulled"), e.getMessage());
        assertEquals(List.of(), images.list());
        try (Stream<Path> tmp = Files.list(root.resolve("tmp")); Stream<Path> layers = Files.list(root.resolve("layers"))) {
            assertEquals(List.of(), tmp.toList());
            assertEquals(List.of(), layers.toList());
        }
    }

    @Test
    void aVariantPicksItsOwnEntryOrOneThatNamesNone() throws Exception {
        JsonNode index = JSON.readTree("""
                {"manifests": [
                  {"digest": "sha256:v6", "platform": {"os": "linux", "architecture": "arm", "variant": "v6"}},
                  {"digest": "sha256:v7", "platform": {"os": "linux", "architecture": "arm", "variant": "v7"}},
                  {"digest": "sha256:a64", "platform": {"os": "linux", "architecture": "arm64"}},
                  {"digest": "sha256:att", "platform": {"os": "unknown", "architecture": "unknown"}}]}""");
        assertEquals("sha256:v7", RegistryClient.pickPlatform(index, "arm", "v7", "r"));
        assertEquals("sha256:v6", RegistryClient.pickPlatform(index, "arm", null, "r"), "no variant asked: the first for the architecture");
        assertEquals("sha256:a64", RegistryClient.pickPlatform(index, "arm64", "v8", "r"), "an entry without a variant will do");
        ImageException e = assertThrows(ImageException.class, () -> RegistryClient.pickPlatform(index, "arm", "v5", "r"));
        assertTrue(e.getMessage().startsWith("no matching manifest for linux/arm/v5"), e.getMessage());
        assertThrows(ImageException.class, () -> new RegistryClient(null).platform("arm64"));
    }

    @Test
    void anIndexWithoutThisPlatformSaysWhatItHas(@TempDir Path root) throws Exception {
        publish("s390x-only".equals(RegistryClient.hostArchitecture()) ? "arm64" : "mips64le");
        ImageException e = assertThrows(ImageException.class, () -> new RegistryClient(new ImageStore(root))
                .pull(host + "/course/app:1", TransferOutput.NONE));
        assertTrue(e.getMessage().startsWith("no matching manifest for linux/" + RegistryClient.hostArchitecture()), e.getMessage());
        assertTrue(e.getMessage().contains("linux/mips64le"), e.getMessage());
    }

    @Test
    void referencesFollowDockersRules() {
        RegistryRef hub = RegistryRef.parse("alpine");
        assertEquals("docker.io", hub.registry());
        assertEquals("library/alpine", hub.repository());
        assertEquals("latest", hub.tag());
        assertEquals("https://registry-1.docker.io", hub.baseUrl());
        assertEquals("alpine:latest", RegistryRef.parse("docker.io/library/alpine").localName());
        RegistryRef local = RegistryRef.parse("localhost:5000/course/web:1");
        assertEquals("localhost:5000", local.registry());
        assertEquals("course/web", local.repository());
        assertEquals("http://localhost:5000", local.baseUrl());
        assertEquals("https://ghcr.io", RegistryRef.parse("ghcr.io/x/y:2").baseUrl());
        assertEquals("user/app", RegistryRef.parse("user/app:3").repository());
    }
}
