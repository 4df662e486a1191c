package dev.glassbox.app.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.app.FakeEngine;
import dev.glassbox.app.core.AppContext;
import dev.glassbox.app.core.Tasks;
import dev.glassbox.exercise.ExerciseResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Exercises page's Check finds containers as {@code glassbox exercise grade} does: the app's
 * engine first, then Docker's API socket. Here the engine (a fake) knows no container and a fake
 * dockerd on a Unix socket knows {@code hello}, made as s1-run asks with {@code docker run}.
 */
class ExercisesDockerTest {
    @TempDir Path tmp;
    private FakeDocker docker;

    @AfterEach
    void stop() throws IOException {
        if (docker != null) docker.close();
    }

    private ExercisesViewModel page(Path dockerSocket) {
        FakeEngine engine = new FakeEngine();
        AppContext ctx = new AppContext(engine::client, Tasks.sameThread());
        ExercisesViewModel vm = new ExercisesViewModel(ctx, () -> ExercisesViewModel.onEngine(ctx::engine, dockerSocket));
        vm.load();
        vm.select("s1-run");
        return vm;
    }

    @Test
    void checkGradesAContainerMadeWithDockerThroughItsSocketReadOnly() throws IOException {
        docker = new FakeDocker(tmp.resolve("docker.sock"));
        ExercisesViewModel vm = page(docker.socket);
        vm.check();
        ExerciseResult r = vm.resultProperty().get();
        assertTrue(r != null && r.complete(), "docker's hello passes every check: " + (r == null ? vm.messageProperty().get() : r.checks()));
        assertTrue(docker.requests.contains("GET /containers/hello/json"), "Docker was asked: " + docker.requests);
        assertTrue(docker.requests.stream().allMatch(q -> q.startsWith("GET ")), "read-only: " + docker.requests);
    }

    @Test
    void withoutADockerSocketOnlyTheEngineIsAsked() {
        ExercisesViewModel vm = page(tmp.resolve("no-docker.sock"));
        vm.check();
        ExerciseResult r = vm.resultProperty().get();
        assertEquals(0, r.score(), "the engine has no hello: " + r.checks());
        assertFalse(r.checks().getFirst().passed());
    }

    /**
     * dockerd's API for one exited container, {@code hello}, that printed the line s1-run wants:
     * {@code /containers/json}, {@code /containers/ID/json} and its logs; 404 for anything else.
     */
    static final class FakeDocker implements AutoCloseable {
        static final String ID = "4f1c0a".repeat(10) + "beef";
        static final String INSPECT = """
                {"Id":"%s","Name":"/hello","State":{"Status":"exited","Pid":0,"ExitCode":0},
                 "Config":{"Cmd":["echo","hello from a container"],"Tty":false,"Image":"busybox"},
                 "HostConfig":{"NetworkMode":"bridge"},"Mounts":[],
                 "NetworkSettings":{"Networks":{"bridge":{"IPAddress":""}}}}""".formatted(ID);
        final Path socket;
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        private final ServerSocketChannel server;
        private final Thread acceptor;

        FakeDocker(Path socket) throws IOException {
            this.socket = socket;
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            acceptor = Thread.ofVirtual().name("fake-dockerd").start(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel c = server.accept();
                        Thread.ofVirtual().start(() -> serve(c));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        /** One request per connection: the answer says Connection: close. */
        private void serve(SocketChannel c) {
            try (c) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(4096);
                while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    buf.clear();
                    if (c.read(buf) < 0) return;
                    head.write(buf.array(), 0, buf.position());
                }
                String[] line = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("").split(" ");
                String path = line.length > 1 ? line[1] : "";
                requests.add(line[0] + " " + path);
                byte[] body = answer(line[0], path);
                String status = body == null ? "404 Not Found" : "200 OK";
                if (body == null) body = "{\"message\":\"No such container\"}".getBytes(StandardCharsets.UTF_8);
                String h = "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n";
                c.write(ByteBuffer.wrap(h.getBytes(StandardCharsets.ISO_8859_1)));
                c.write(ByteBuffer.wrap(body));
            } catch (IOException e) {
                // the client went away: nothing to answer
            }
        }

        private static byte[] answer(String method, String path) {
            if (!method.equals("GET")) return null;
            if (path.startsWith("/containers/json")) return ("[{\"Id\":\"" + ID + "\",\"Names\":[\"/hello\"]}]").getBytes(StandardCharsets.UTF_8);
            if (path.equals("/containers/hello/json") || path.equals("/containers/" + ID + "/json")) return INSPECT.getBytes(StandardCharsets.UTF_8);
            if (path.startsWith("/containers/" + ID + "/logs")) {
                // non-tty logs come framed: stream 1 (stdout), three zero bytes, the big-endian length
                byte[] line = "hello from a container\n".getBytes(StandardCharsets.UTF_8);
                byte[] framed = new byte[8 + line.length];
                framed[0] = 1;
                framed[7] = (byte) line.length;
                System.arraycopy(line, 0, framed, 8, line.length);
                return framed;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
