package dev.glassbox.exercise.check;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Something answers on a host port, on the loopback address only: a TCP connection
 * ({@code protocol: tcp}), or an HTTP GET of {@code path} with this {@code status} whose body
 * contains {@code bodyContains} ({@code protocol: http}, the default).
 */
public record Port(Integer port, String protocol, String path, Integer status, String bodyContains) implements Check {
    public Port {
        Objects.requireNonNull(port, "port needs port: NUMBER");
        if (protocol == null) protocol = "http";
        if (path == null) path = "/";
        if (status == null) status = 200;
    }

    @Override
    public void validate() {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port: " + port + " is not a TCP port");
        if (!protocol.equals("http") && !protocol.equals("tcp")) throw new IllegalArgumentException("port: protocol is http or tcp, not " + protocol);
    }

    @Override
    public Observation evaluate(Machine m) throws InterruptedException {
        if (protocol.equals("tcp")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                return Observation.of(true, "a TCP listener on 127.0.0.1:" + port, "127.0.0.1:" + port + " accepts connections");
            } catch (IOException e) {
                return Observation.of(false, "a TCP listener on 127.0.0.1:" + port, "127.0.0.1:" + port + ": " + e.getMessage());
            }
        }
        String url = "http://127.0.0.1:" + port + path;
        String expected = "HTTP " + status + " from " + url + (bodyContains == null ? "" : " with \"" + bodyContains + "\" in the body");
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean pass = r.statusCode() == status && (bodyContains == null || r.body().contains(bodyContains));
            return Observation.of(pass, expected, "HTTP " + r.statusCode() + " with body \"" + Text.clip(r.body(), 80) + "\"");
        } catch (IOException e) {
            return Observation.of(false, expected, "no HTTP answer from " + url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    @Override public String view() { return NETWORK; }

    @Override public String describe() { return "127.0.0.1:" + port + " answers " + protocol.toUpperCase(java.util.Locale.ROOT) + (protocol.equals("http") ? " " + status : ""); }
}
