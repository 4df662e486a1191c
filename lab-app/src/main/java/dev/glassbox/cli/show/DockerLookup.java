package dev.glassbox.cli.show;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.Transport;

/** One read-only question to Docker's engine over its Unix socket: the PID of a container. */
final class DockerLookup {
    private DockerLookup() {}

    /** {@code GET /containers/REF/json} -> State.Pid; empty when Docker does not answer or knows no such container. */
    static OptionalInt pid(Path socket, String ref) {
        if (System.getProperty("slf4j.provider") == null) {
            // Jetty logs through SLF4J, which warns on every run when no provider is on the class path
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        }
        HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(1));
        try {
            http.setConnectTimeout(2_000);
            http.start();
            ContentResponse r = http.newRequest("http://docker/containers/" + URLEncoder.encode(ref, StandardCharsets.UTF_8) + "/json")
                    .transport(new Transport.TCPUnix(socket)).timeout(5, TimeUnit.SECONDS).send();
            if (r.getStatus() != 200) return OptionalInt.empty();
            return ContainerTargets.pidOf(new ObjectMapper().readTree(r.getContentAsString()), ref, "docker start");
        } catch (IllegalArgumentException notRunning) {
            throw notRunning;
        } catch (Exception unreachable) {
            return OptionalInt.empty(); // no Docker here after all
        } finally {
            try {
                http.stop();
            } catch (Exception ignored) {
                // closing a client that never connected
            }
        }
    }
}
