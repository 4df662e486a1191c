package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EngineMain;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.net.Rtnl;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real glassbox CLI ({@link Main}, in this JVM) against a real engine on a temporary root,
 * as root, on a busybox image: networks and names, published ports, volumes, cp both ways, diff,
 * system df. The engine's default bridge and cgroup parent are the test's own; everything made is
 * removed at the end (containers, networks and their bridges, volumes, the engine, the root).
 * Traffic goes only to loopback and to the test's containers.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndTest {
    private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "gbe" + tag;
    private final String cgroupParent = "glassbox-test-" + tag;
    private final List<String> networkBridges = new ArrayList<>();
    private Path root;
    private EnginePaths paths;

    record Result(int code, String out, String err, byte[] raw) {}

    Result glassbox(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--root", root.toString()));
        all.addAll(List.of(args));
        Main m = new Main(new ByteArrayInputStream(stdin), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), null, System::getenv);
        int code = m.execute(all.toArray(String[]::new));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
    }

    Result glassbox(String... args) {
        return glassbox(new byte[0], args);
    }

    /** Runs and expects exit 0; the output. */
    String ok(String... args) {
        Result r = glassbox(args);
        assertEquals(0, r.code(), () -> String.join(" ", args) + "\nout: " + r.out() + "\nerr: " + r.err());
        return r.out();
    }

    @BeforeAll
    void startEngineAndImportBusybox() throws Exception {
        root = Files.createTempDirectory("glassbox-cli-e2e");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("www"));
        Files.writeString(rootfs.resolve("www/index.html"), "hello from web\n");
        Path tar = root.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        paths = EnginePaths.under(root);
        EngineLauncher.start(paths, List.of("-D" + EngineMain.BRIDGE_PROPERTY + "=" + bridge,
                "-D" + EngineMain.CGROUP_PARENT_PROPERTY + "=" + cgroupParent));
        ok("import", tar.toString(), "busybox:latest");
    }

    @AfterEach
    void removeContainers() {
        String ids = glassbox("ps", "-aq", "--no-trunc").out();
        for (String id : ids.lines().filter(l -> !l.isBlank()).toList()) glassbox("rm", "-f", "-v", id);
    }

    @AfterAll
    void removeEverything() throws IOException {
        try {
            removeContainers();
            for (String n : glassbox("network", "ls", "-q").out().lines().toList()) {
                String name = glassbox("network", "inspect", n).out();
                if (!name.contains("\"Name\": \"bridge\"") && !name.contains("\"Name\": \"host\"") && !name.contains("\"Name\": \"none\"")) {
                    glassbox("network", "rm", n);
                }
            }
            glassbox("volume", "prune", "-a", "-f");
            EngineLauncher.stop(paths, Duration.ofSeconds(15));
        } finally {
            try (Rtnl rtnl = Rtnl.open()) {
                rtnl.deleteLinkIfExists(bridge);
                for (String b : networkBridges) rtnl.deleteLinkIfExists(b);
            }
            dev.glassbox.testing.CgroupParents.remove(cgroupParent);
            BusyboxRootfs.delete(root);
        }
        assertFalse(Files.exists(root), "the temp root is gone");
    }

    @Test
    void containersOnAUserNetworkReachEachOtherByNameAndAPublishedPortAnswers() throws Exception {
        String net = "e2e-" + tag;
        String id = ok("network", "create", "--subnet", "10.213." + (ThreadLocalRandom.current().nextInt(0, 250)) + ".0/24", net).strip();
        assertEquals(64, id.length(), id);
        JsonNode inspected = DockerJson.MAPPER.readTree(ok("network", "inspect", net)).get(0);
        String netBridge = inspected.at("/Options/com.docker.network.bridge.name").asText();
        networkBridges.add(netBridge);
        assertTrue(ok("network", "ls").contains(net));

        ok("run", "-d", "--name", "web" + tag, "--network", net, "busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
        Result ping = glassbox("run", "--rm", "--network", net, "busybox", "ping", "-c1", "-W3", "web" + tag);
        assertEquals(0, ping.code(), ping.out() + ping.err());
        JsonNode members = DockerJson.MAPPER.readTree(ok("network", "inspect", net)).get(0).get("Containers");
        assertEquals(1, members.size(), "web is attached: " + members);
        JsonNode web = DockerJson.MAPPER.readTree(ok("inspect", "web" + tag)).get(0);
        assertTrue(web.at("/NetworkSettings/Networks/" + net + "/IPAddress").asText().startsWith("10.213."), web.get("NetworkSettings").toString());
        // Docker's idiom for a container's address, and the course's "use docker inspect to locate the files"
        String address = ok("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "web" + tag).strip();
        assertEquals(web.at("/NetworkSettings/Networks/" + net + "/IPAddress").asText(), address);
        Path upper = Path.of(ok("inspect", "-f", "{{.GraphDriver.Data.UpperDir}}", "web" + tag).strip());
        assertTrue(Files.isDirectory(upper) && upper.endsWith("upper"), upper.toString());
        // docker ps -f, answered by the engine (GET /containers/json?filters=)
        assertEquals("web" + tag + " running\n", ok("ps", "-f", "name=^web" + tag + "$", "-f", "status=running", "--format", "{{.Names}} {{.State}}"));
        assertEquals("", ok("ps", "-f", "name=^web" + tag + "$", "-f", "status=exited", "-q"));
        assertEquals("web" + tag + "\n", ok("ps", "-f", "ancestor=busybox", "-f", "name=web" + tag, "--format", "{{.Names}}"));
        Result badFilter = glassbox("ps", "-f", "colour=blue");
        assertEquals(125, badFilter.code());
        assertEquals("glassbox: invalid filter 'colour': use id, name, status, label, ancestor or exited\n", badFilter.err());

        Result busy = glassbox("network", "rm", net);
        assertEquals(125, busy.code(), "refused while a container is attached");
        assertEquals(1, busy.err().lines().count(), busy.err());

        ok("run", "-d", "--name", "pweb" + tag, "-p", "127.0.0.1::8080", "busybox", "httpd", "-f", "-p", "8080", "-h", "/www");
        String port = ok("port", "pweb" + tag).strip();
        assertTrue(port.matches("8080/tcp -> 127\\.0\\.0\\.1:\\d+"), port);
        String hostPort = ok("port", "pweb" + tag, "8080").strip();
        assertEquals(port.substring(port.indexOf("-> ") + 3), hostPort);
        assertTrue(ok("ps").contains("127.0.0.1:" + hostPort.substring(hostPort.indexOf(':') + 1) + "->8080/tcp"));
        assertEquals("hello from web\n", httpGet("http://" + hostPort + "/"));

        ok("rm", "-f", "web" + tag, "pweb" + tag);
        assertEquals(net + "\n", ok("network", "rm", net));
        try (Rtnl rtnl = Rtnl.open()) {
            assertTrue(rtnl.link(netBridge).isEmpty(), "network rm deletes the bridge " + netBridge);
        }
    }

    private static String httpGet(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build();
        Instant end = Instant.now().plusSeconds(10);
        while (true) { // httpd may need a moment to listen
            try {
                return http.send(get, HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                if (Instant.now().isAfter(end)) throw e;
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aNamedVolumeOutlivesItsContainersAndAnonymousOnesGoWithRmV() throws Exception {
        String vol = "data" + tag;
        assertEquals(vol + "\n", ok("volume", "create", vol));
        ok("run", "--rm", "--network", "none", "-v", vol + ":/data", "busybox", "sh", "-c", "echo kept > /data/f");
        assertEquals("kept\n", ok("run", "--rm", "--network", "none", "-v", vol + ":/data:ro", "busybox", "cat", "/data/f"));
        assertTrue(ok("volume", "ls").contains("local     " + vol));

        ok("create", "--name", "anon" + tag, "--network", "none", "-v", "/scratch", "busybox", "true");
        JsonNode mounts = DockerJson.MAPPER.readTree(ok("inspect", "anon" + tag)).get(0).get("Mounts");
        String anonymous = mounts.get(0).get("Name").asText();
        assertTrue(ok("volume", "ls", "-q").contains(anonymous));
        ok("rm", "-v", "anon" + tag);
        assertFalse(ok("volume", "ls", "-q").contains(anonymous), "rm -v removes the anonymous volume");

        String df = ok("system", "df");
        assertTrue(df.startsWith("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\nImages          1 "), df);
        assertTrue(df.contains("Local Volumes   1 "), df);

        assertEquals(vol + "\n", ok("volume", "rm", vol));
        assertFalse(ok("volume", "ls", "-q").contains(vol));
    }

    @Test
    void cpBothWaysAndDiff() throws Exception {
        ok("run", "-d", "--name", "box" + tag, "--network", "none", "busybox", "sleep", "60");
        Path host = Files.createDirectories(root.resolve("host"));
        Path file = Files.writeString(host.resolve("notes.txt"), "from the host\n");
        Path site = Files.createDirectories(host.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<p>site</p>\n");

        ok("cp", file.toString(), "box" + tag + ":/tmp");
        ok("cp", site.toString(), "box" + tag + ":/tmp/site");
        assertEquals("from the host\n<p>site</p>\n", logOfExec("cat", "/tmp/notes.txt", "/tmp/site/index.html"));

        Path back = Files.createDirectories(root.resolve("back"));
        ok("cp", "box" + tag + ":/tmp/site", back.toString());
        assertEquals("<p>site</p>\n", Files.readString(back.resolve("site/index.html")));
        ok("cp", "box" + tag + ":/etc/image-file", back.resolve("renamed").toString());
        assertEquals("from the image\n", Files.readString(back.resolve("renamed")));

        Result tar = glassbox("cp", "box" + tag + ":/tmp/notes.txt", "-");
        assertEquals(0, tar.code(), tar.err());
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.raw()))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("notes.txt", e.getName());
            assertEquals("from the host\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }

        String diff = ok("diff", "box" + tag);
        assertTrue(diff.lines().toList().containsAll(List.of("C /tmp", "A /tmp/notes.txt", "A /tmp/site", "A /tmp/site/index.html")), diff);
        Result bad = glassbox("cp", "box" + tag + ":/nope", back.toString());
        assertEquals(125, bad.code());
        assertTrue(bad.err().startsWith("glassbox: Could not find the file /nope in container box" + tag), bad.err());
    }

    /**
     * Standard input and output of run and exec: piped input ends with end of file (the shim holds
     * the stdin socket open too), and a short command's output is all there even when it ended
     * before the client attached (run -t, exec -t). A few rounds, since that is a race.
     */
    @Test
    void inputReachesTheCommandAndShortCommandsLoseNoOutput() {
        byte[] hello = "hello\n".getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 3; round++) {
            Result cat = glassbox(hello, "run", "--rm", "-i", "--network", "none", "busybox", "cat");
            assertEquals(0, cat.code(), cat.err());
            assertEquals("hello\n", cat.out(), "run -i: piped input, then end of file");

            Result t = glassbox("run", "--rm", "-t", "--network", "none", "busybox", "sh", "-c", "echo quick; exit 3");
            assertEquals(3, t.code(), t.err());
            assertEquals("quick\r\n", t.out(), "run -t: the output of a command that ended before we attached");
        }
        ok("run", "-d", "--name", "io" + tag, "--network", "none", "busybox", "sleep", "60");
        for (int round = 0; round < 3; round++) {
            Result cat = glassbox(hello, "exec", "-i", "io" + tag, "sh", "-c", "cat; echo err >&2; exit 4");
            assertEquals(4, cat.code(), cat.err());
            assertEquals("hello\nerr\n", cat.out(), "exec -i: the output comes back to the client that gave the input");

            Result t = glassbox("exec", "-t", "io" + tag, "echo", "quick");
            assertEquals(0, t.code(), t.err());
            assertEquals("quick\r\n", t.out(), "exec -t: a short command's output, from the engine's copy of its terminal");
        }
        // the container's own devpts (the engine holds an ended exec's terminal a few seconds, so not always 0)
        String execTty = glassbox("exec", "-t", "io" + tag, "tty").out();
        assertTrue(execTty.matches("/dev/pts/\\d+\r\n"), "exec -t: a terminal in the container's devpts: " + execTty);
        assertEquals("/dev/pts/0\r\n", glassbox("run", "--rm", "-t", "--network", "none", "busybox", "tty").out());
    }

    private String logOfExec(String... cmd) {
        List<String> args = new ArrayList<>(List.of("exec", "box" + tag));
        args.addAll(List.of(cmd));
        return ok(args.toArray(String[]::new));
    }
}
