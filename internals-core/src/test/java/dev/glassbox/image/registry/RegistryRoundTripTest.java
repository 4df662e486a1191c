package dev.glassbox.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.Image;
import dev.glassbox.image.build.BuildFixture;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Push and pull against a real registry: Debian's docker-registry (distribution 2.x), started
 * on a free loopback port with its storage in a temp directory, stopped by its PID.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryRoundTripTest {
    private static final Path REGISTRY = Path.of("/usr/bin/docker-registry");
    private BuildFixture fx;
    private Process registry;
    private Path registryDir;
    private String host;

    @BeforeAll
    void startRegistry() throws Exception {
        if (!Files.isExecutable(REGISTRY)) {
            throw new IllegalStateException(REGISTRY + " is missing: apt-get install docker-registry");
        }
        fx = new BuildFixture("glassbox-registry-test");
        registryDir = Files.createTempDirectory("glassbox-registry");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        host = "127.0.0.1:" + port;
        Path config = registryDir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: %s
                """.formatted(registryDir.resolve("data"), host));
        registry = new ProcessBuilder(REGISTRY.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(registryDir.resolve("registry.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + host + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (IOException notYet) {
                // still starting
            }
            if (!registry.isAlive() || Instant.now().isAfter(end)) {
                throw new IllegalStateException("docker-registry did not start: " + Files.readString(registryDir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopRegistry() throws Exception {
        try {
            if (registry != null) {
                registry.destroy();
                if (!registry.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    registry.destroyForcibly();
                    registry.waitFor();
                }
            }
        } finally {
            if (fx != null) fx.close();
            if (registryDir != null) dev.glassbox.testing.BusyboxRootfs.delete(registryDir);
        }
    }

    @Test
    void anImageBuiltByGlassboxIsPushedRemovedPulledBackAndRuns() throws Exception {
        Path ctx = Files.createTempDirectory(fx.root, "ctx");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox
                COPY message.txt /srv/
                RUN echo "built by glassbox" > /srv/built
                CMD ["cat", "/srv/message.txt", "/srv/built"]
                """);
        Files.writeString(ctx.resolve("message.txt"), "pushed and pulled\n");
        String ref = host + "/course/web:1";
        Image built = new ImageBuilder(fx.images, fx.runtime).build(BuildRequest.of(ctx, ref).withNetworkMode("none"),
                BuildOutput.NONE).image();

        // chunks of 256 KiB: the busybox layer goes up in PATCH chunks, the small ones in one PUT
        List<String> pushed = new ArrayList<>();
        RegistryClient client = new RegistryClient(fx.images).chunkSize(256 * 1024);
        String digest = client.push(ref, (id, s, c, t) -> pushed.add(id == null ? s : id + ": " + s));
        assertTrue(pushed.getFirst().equals("The push refers to repository [" + host + "/course/web]"), pushed.toString());
        assertEquals(3, pushed.stream().filter(l -> l.endsWith(": Pushed")).count(), pushed.toString());
        assertEquals("1: digest: " + digest + " size: " + fx.images.stored(ref).manifest().length, pushed.getLast());

        List<String> again = new ArrayList<>();
        client.push(ref, (id, s, c, t) -> again.add(id == null ? s : id + ": " + s));
        assertEquals(3, again.stream().filter(l -> l.endsWith(": Layer already exists")).count(), again.toString());

        fx.images.remove(ref, false);
        assertFalse(fx.images.lookup(ref).isPresent());

        List<String> pulled = new ArrayList<>();
        Image back = new RegistryClient(fx.images).pull(ref, (id, s, c, t) -> pulled.add(id == null ? s : id + ": " + s));
        assertEquals(built.id(), back.id(), "the same config, so the same image id");
        assertEquals(1, pulled.stream().filter(l -> l.endsWith(": Already exists")).count(), "busybox's layer is still here: " + pulled);
        assertEquals(2, pulled.stream().filter(l -> l.endsWith(": Pull complete")).count(), pulled.toString());
        assertEquals("pushed and pulled\nbuilt by glassbox\n", fx.run(ref));
    }
}
