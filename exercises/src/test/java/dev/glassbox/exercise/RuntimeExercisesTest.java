package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.exercise.action.RuntimeControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.GlassboxDirectory;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The container and image exercises solved with Glassbox's own runtime (as `glassbox run` and
 * `glassbox build` would), on a busybox image imported into a temp store: the reference
 * solution gets full marks, the state after `exercise start` none, and the exercise's first
 * listed mistake its feedback.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeExercisesTest {
    private Path root;
    private ImageStore images;
    private ContainerRuntime runtime;
    private ImageBuilder builder;
    private Solver solver;
    private final String cgroupParent = "gbx-exercise-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    private final String bridge = "gbxex" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
    private String current;

    /** One exercise's reference solution and plausible mistake, done through the runtime. */
    interface Solution {
        void apply(RuntimeExercisesTest t) throws Exception;
    }

    @BeforeAll
    void importBusybox() throws Exception {
        root = Files.createTempDirectory("gbx-exercise-runtime");
        Path rootfs = BusyboxRootfs.create(root.resolve("rootfs"));
        // Docker Hub's busybox has adduser, which the image exercises' Dockerfiles use; Debian's busybox-static has not
        Path adduser = rootfs.resolve("bin/adduser");
        Files.writeString(adduser, """
                #!/bin/sh
                # adduser -D [-u UID] NAME, the part of busybox's applet the exercises use
                uid=1000
                while [ $# -gt 1 ]; do
                    case "$1" in -u) uid=$2; shift 2 ;; *) shift ;; esac
                done
                echo "$1:x:$uid:$uid:$1:/home/$1:/bin/sh" >> /etc/passwd
                echo "$1:x:$uid:" >> /etc/group
                mkdir -p "/home/$1" && chown "$uid:$uid" "/home/$1"
                """);
        Files.setPosixFilePermissions(adduser, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path tar = root.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        assertEquals(0, p.waitFor());
        images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        runtime = new ContainerRuntime(Syscalls.linux(), root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge);
        builder = new ImageBuilder(images, runtime);
        solver = new Solver(Machine.live(new GlassboxDirectory(runtime, images, root.toString())), new RuntimeControl(runtime, images));
    }

    @AfterEach
    void resetExercise() {
        if (current != null) solver.workshop().reset(current);
        for (ContainerInfo c : runtime.list(true)) runtime.remove(c.id(), true);
    }

    @AfterAll
    void cleanUp() throws IOException {
        runtime.close();
        try (var rtnl = dev.glassbox.net.Rtnl.open()) {
            rtnl.deleteLinkIfExists(bridge);
        }
        dev.glassbox.testing.CgroupParents.remove(cgroupParent);
        BusyboxRootfs.delete(root);
        for (String dir : List.of("/tmp/gbx-answers", "/tmp/gbx-build")) {
            try (var left = Files.list(Path.of(dir))) {
                if (left.findAny().isEmpty()) Files.delete(Path.of(dir));
            } catch (java.nio.file.NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
                // not made, or another run's files are in it
            }
        }
    }

    // ---- what a student would type, through the runtime -------------------------------------

    ContainerInfo run(String name, UnaryOperator<ContainerConfig.Builder> options, String... cmd) {
        ContainerConfig c = options.apply(ContainerConfig.builder("busybox").name(name).cmd(List.of(cmd))).build();
        ContainerInfo i = runtime.create(c);
        runtime.start(i.id());
        return runtime.inspect(i.id());
    }

    ContainerInfo run(String name, String... cmd) {
        return run(name, b -> b, cmd);
    }

    void runToEnd(String name, String... cmd) throws InterruptedException {
        ContainerInfo i = run(name, cmd);
        runtime.await(i.id());
    }

    void exec(String name, String... cmd) throws InterruptedException {
        ContainerService.ExecHandle h = runtime.exec(name, new ContainerService.ExecRequest(List.of(cmd), false, false, null, null, null, false));
        // a detached exec (docker exec -d): wait until it runs, not until it ends
        Instant end = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(end) && !Files.exists(Path.of("/proc/" + h.pid()))) Thread.sleep(10);
    }

    static void answer(String file, String text) throws IOException {
        Path f = Path.of(file);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text + "\n");
    }

    /** docker run -d IMAGE [CMD]: with no cmd the image's own. */
    ContainerInfo runImage(String name, String image, UnaryOperator<ContainerConfig.Builder> options, String... cmd) {
        ContainerConfig.Builder b = ContainerConfig.builder(image).name(name);
        if (cmd.length > 0) b.cmd(List.of(cmd));
        ContainerInfo i = runtime.create(options.apply(b).build());
        runtime.start(i.id());
        return runtime.inspect(i.id());
    }

    /** Waits until the container's process sees {@code path} (its `sh -c 'echo ... > path; exec sleep'` got that far). */
    void awaitFileIn(String name, String path) throws InterruptedException {
        Path p = Path.of("/proc/" + runtime.inspect(name).pid() + "/root" + path);
        Instant end = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(end) && !Files.exists(p)) Thread.sleep(20);
    }

    static void awaitFile(Path p) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(5));
        while (Instant.now().isBefore(end) && !Files.exists(p)) Thread.sleep(20);
    }

    /** docker build -t TAG DIR, with this Dockerfile written into DIR first. */
    void build(Path dir, String dockerfile, String tag) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Dockerfile"), dockerfile);
        builder.build(BuildRequest.of(dir, tag).withNetworkMode("none"), dev.glassbox.image.build.BuildOutput.NONE);
    }

    /** A fresh directory in the test's root, for a Dockerfile that needs no context. */
    Path emptyDir(String name) throws IOException {
        Path d = root.resolve("ctx").resolve(name);
        BusyboxRootfs.delete(d);
        return Files.createDirectories(d);
    }

    private static final String NOTES = "/tmp/gbx-build/notes";
    private static final String NOTES_IMAGE = "FROM busybox\nRUN adduser -D -u 1000 app && mkdir /data && chown app /data\n"
            + "COPY deps.txt /app/deps.txt\nCOPY src /app/src\nEXPOSE 8080\nUSER app\nCMD [\"/app/src/notes.sh\"]\n";

    /** gbx/notes:1.0 as d-image's reference solution builds it, from a copy of the shipped program in the test's root. */
    void notesImage() throws IOException {
        if (images.lookup("gbx/notes:1.0").isPresent()) return;
        Path dir = root.resolve("ctx").resolve("notes");
        String base = "/exercises/programs/notes/";
        List<String> files;
        try (InputStream in = getClass().getResourceAsStream(base + "files.txt")) {
            files = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        }
        for (String f : files) {
            Path dest = dir.resolve(f);
            Files.createDirectories(dest.getParent());
            try (InputStream in = getClass().getResourceAsStream(base + f)) {
                Files.copy(in, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (f.endsWith(".sh") || f.contains("cgi-bin/")) Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        build(dir, NOTES_IMAGE, "gbx/notes:1.0");
    }

    /**
     * `docker volume create notes-data`: an empty volume. The first container that mounts it on
     * the image's /data (owned by the image's user, app) fills it with that directory's content,
     * owner and mode, as Docker does, so the program can write to it.
     */
    void notesVolume() {
        runtime.volumes().create("notes-data", Map.of());
    }

    /** GET http://127.0.0.1:PORT/PATH from container NAME; waits up to 10 s for HTTP 200 (the server starting). */
    String httpGet(String name, int port, String path) throws InterruptedException, IOException {
        try {
            return httpGet(port, path);
        } catch (AssertionError e) {
            ContainerInfo c = runtime.inspect(name);
            throw new AssertionError(e.getMessage() + "; " + name + " is " + c.state() + ", its log: " + Files.readString(runtime.logFile(name)), e);
        }
    }

    static String httpGet(int port, String path) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(10));
        String last = "nothing";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (Instant.now().isBefore(end)) {
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) return r.body();
                    last = "HTTP " + r.statusCode() + ": " + r.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no HTTP 200 from 127.0.0.1:" + port + path + " in 10 s: " + last);
    }

    // ---- the table ------------------------------------------------------------------------------

    Stream<Arguments> exercises() {
        Map<String, Solution[]> table = new java.util.LinkedHashMap<>();
        table.put("s1-run", new Solution[] {
                t -> t.runToEnd("hello", "echo", "hello from a container"),
                t -> t.runToEnd(null, "echo", "hello from a container")});
        table.put("s1-create-start", new Solution[] {
                t -> {
                    t.runtime.create(ContainerConfig.builder("busybox").name("later").cmd(List.of("sleep", "3600")).build());
                    t.run("soon", "sleep", "3600");
                },
                t -> {
                    t.run("later", "sleep", "3600");
                    t.run("soon", "sleep", "3600");
                }});
        table.put("s1-exec", new Solution[] {
                t -> {
                    t.run("box", b -> b.networkMode("none"), "sleep", "3600");
                    t.exec("box", "sleep", "2222");
                },
                t -> {
                    t.run("box", b -> b.networkMode("none"), "sleep", "3600");
                    t.solver.shell("sleep 2222 >/dev/null 2>&1 &");
                }});
        table.put("s1-top-pid", new Solution[] {
                t -> answer("/tmp/gbx-answers/watcher.pid", Integer.toString(t.run("watcher", b -> b.networkMode("none"), "sleep", "4444").pid())),
                t -> {
                    t.run("watcher", b -> b.networkMode("none"), "sleep", "4444");
                    answer("/tmp/gbx-answers/watcher.pid", "1");
                }});
        table.put("s1-rm-prune", new Solution[] {
                t -> {
                    t.run("keeper", b -> b.networkMode("none"), "sleep", "3600");
                    for (ContainerInfo c : t.runtime.list(true)) if (!c.running()) t.runtime.remove(c.id(), false);
                },
                t -> {
                    t.run("keeper", b -> b.networkMode("none"), "sleep", "3600");
                    for (String n : List.of("old1", "old2", "old3", "keeper")) t.runtime.remove(n, true);
                }});
        table.put("s1-publish", new Solution[] {
                t -> t.run("web", b -> b.ports(List.of("127.0.0.1:8080:80")), "sh", "-c", "mkdir -p /www; echo it works > /www/index.html; exec httpd -f -p 80 -h /www"),
                t -> t.run("web", b -> b.ports(List.of("127.0.0.1:80:8080")), "sh", "-c", "mkdir -p /www; echo it works > /www/index.html; exec httpd -f -p 80 -h /www")});
        table.put("s1-net-none", new Solution[] {
                t -> t.run("island", b -> b.networkMode("none"), "sleep", "3600"),
                t -> t.run("island", "sleep", "3600")});
        table.put("s1-net-host", new Solution[] {
                t -> t.run("hostnet", b -> b.networkMode("host"), "sleep", "3600"),
                t -> t.run("hostnet", "sleep", "3600")});
        table.put("s1-net-bridge", new Solution[] {
                t -> {
                    t.run("alpha", "sleep", "3600");
                    t.run("beta", "sleep", "3600");
                },
                t -> {
                    t.run("alpha", b -> b.networkMode("none"), "sleep", "3600");
                    t.run("beta", "sleep", "3600");
                }});
        table.put("s1-net-user-bridge", new Solution[] {
                t -> {
                    t.runtime.networks().create("appnet", null, null);
                    t.run("db", b -> b.networkMode("appnet"), "sleep", "3600");
                    t.run("api", b -> b.networkMode("appnet"), "sleep", "3600");
                },
                t -> {
                    t.run("db", "sleep", "3600");
                    t.run("api", "sleep", "3600");
                }});
        table.put("s1-bind-mount", new Solution[] {
                t -> {
                    t.run("site", b -> b.mounts(List.of("type=bind,source=/tmp/gbx-site,target=/usr/share/site,readonly")).networkMode("none"),
                            "sleep", "3600");
                    Path inside = Path.of("/proc/" + t.runtime.inspect("site").pid() + "/root/usr/share/site/x");
                    org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> Files.writeString(inside, "x"),
                            "a read-only bind mount refuses writes");
                },
                t -> t.run("site", b -> b.volumes(List.of("/tmp/gbx-site:/usr/share/site")).networkMode("none"), "sleep", "3600")});
        table.put("s1-volume", new Solution[] {
                t -> {
                    t.run("writer", b -> b.volumes(List.of("notes:/notes")).networkMode("none"), "sh", "-c", "echo kept > /notes/hello.txt; exec sleep 3600");
                    t.awaitFileIn("writer", "/notes/hello.txt");
                },
                t -> {
                    String dir = t.root.resolve("gbx-notes").toString();
                    t.run("writer", b -> b.volumes(List.of(dir + ":/notes")).networkMode("none"), "sh", "-c", "echo kept > /notes/hello.txt; exec sleep 3600");
                    t.awaitFileIn("writer", "/notes/hello.txt");
                }});
        table.put("s1-tmpfs", new Solution[] {
                t -> t.run("scratch", b -> b.mounts(List.of("type=tmpfs,target=/scratch,tmpfs-size=16m")).networkMode("none"), "sleep", "3600"),
                t -> t.run("scratch", b -> b.tmpfs(List.of("/scratch")).networkMode("none"), "sleep", "3600")});
        table.put("s1-volumes-from", new Solution[] {
                t -> {
                    t.run("vault", b -> b.volumes(List.of("vaultdata:/data")).networkMode("none"), "sh", "-c", "echo secret > /data/file.txt; exec sleep 3600");
                    t.awaitFileIn("vault", "/data/file.txt");
                    t.run("inspector", b -> b.volumesFrom(List.of("vault")).networkMode("none"), "sleep", "3600");
                },
                t -> {
                    t.run("vault", b -> b.volumes(List.of("vaultdata:/data")).networkMode("none"), "sh", "-c", "echo secret > /data/file.txt; exec sleep 3600");
                    t.awaitFileIn("vault", "/data/file.txt");
                    t.run("inspector", b -> b.volumes(List.of("/data")).networkMode("none"), "sleep", "3600");
                }});
        table.put("s1-user", new Solution[] {
                t -> t.run("nobody-box", b -> b.user("65534:65534").networkMode("none"), "sleep", "3600"),
                t -> t.run("nobody-box", b -> b.networkMode("none"), "sleep", "3600")});
        table.put("s1-read-only", new Solution[] {
                t -> t.run("frozen", b -> b.readOnlyRootfs(true).networkMode("none"), "sleep", "3600"),
                t -> t.run("frozen", b -> b.networkMode("none"), "sleep", "3600")});
        table.put("s1-limits", new Solution[] {
                t -> t.run("limited", b -> b.memory(64L << 20).nanoCpus(500_000_000L).pidsLimit(50L).networkMode("none"), "sleep", "3600"),
                t -> t.run("limited", b -> b.memory(128L << 20).nanoCpus(500_000_000L).pidsLimit(50L).networkMode("none"), "sleep", "3600")});
        table.put("i-first-dockerfile", new Solution[] {
                t -> t.build(t.emptyDir("hello"), "FROM busybox\nLABEL course=dvirt\nRUN echo hello from an image > /hello.txt\nCMD [\"cat\", \"/hello.txt\"]\n",
                        "gbx/hello:1.0"),
                t -> t.build(t.emptyDir("hello"), "FROM busybox\nLABEL course=dvirt\nRUN echo hello from an image > /hello.txt\nCMD cat /hello.txt\n",
                        "gbx/hello:1.0")});
        table.put("i-layer-order", new Solution[] {
                t -> t.build(Path.of(NOTES), "FROM busybox\nCOPY deps.txt /app/deps.txt\nRUN cat /app/deps.txt > /app/installed.txt\nCOPY src /app/src\n",
                        "gbx/notes:layers"),
                t -> t.build(Path.of(NOTES), "FROM busybox\nCOPY . /app\nRUN cat /app/deps.txt > /app/installed.txt\n", "gbx/notes:layers")});
        table.put("i-cache", new Solution[] {
                t -> {
                    String dockerfile = "FROM busybox\nCOPY deps.txt /app/deps.txt\nRUN cat /app/deps.txt > /app/installed.txt\nCOPY src /app/src\n";
                    t.build(Path.of(NOTES), dockerfile, "gbx/notes:v1");
                    Files.writeString(Path.of(NOTES, "src/notes.sh"), "# changed\n", java.nio.file.StandardOpenOption.APPEND);
                    t.build(Path.of(NOTES), dockerfile, "gbx/notes:v2");
                },
                t -> {
                    t.build(Path.of(NOTES), "FROM busybox\nCOPY deps.txt /app/deps.txt\nRUN cat /app/deps.txt > /app/installed.txt\nCOPY src /app/src\n",
                            "gbx/notes:v1");
                    t.images.tag("gbx/notes:v1", "gbx/notes:v2");
                }});
        table.put("i-entrypoint-cmd", new Solution[] {
                t -> {
                    t.build(t.emptyDir("greeter"), "FROM busybox\nENTRYPOINT [\"echo\", \"hello\"]\nCMD [\"world\"]\n", "gbx/greeter");
                    t.runtime.await(t.runImage("greet-alice", "gbx/greeter", b -> b.networkMode("none"), "alice").id());
                },
                t -> {
                    t.build(t.emptyDir("greeter"), "FROM busybox\nENTRYPOINT [\"echo\", \"hello\"]\nCMD [\"world\"]\n", "gbx/greeter");
                    t.runtime.await(t.runImage("greet-alice", "gbx/greeter", b -> b.networkMode("none"), "echo", "hello", "alice").id());
                }});
        table.put("i-user", new Solution[] {
                t -> {
                    t.build(t.emptyDir("nonroot"), "FROM busybox\nRUN adduser -D -u 1000 app\nUSER app\nCMD [\"sleep\", \"3600\"]\n", "gbx/nonroot");
                    t.runImage("nonroot", "gbx/nonroot", b -> b.networkMode("none"));
                },
                t -> {
                    t.build(t.emptyDir("nonroot"), "FROM busybox\nRUN adduser -D -u 1000 app\nCMD [\"sleep\", \"3600\"]\n", "gbx/nonroot");
                    t.runImage("nonroot", "gbx/nonroot", b -> b.networkMode("none"));
                }});
        table.put("i-smaller", new Solution[] {
                t -> t.build(Path.of(NOTES), "FROM busybox\nCOPY src /app/src\nCMD [\"/app/src/notes.sh\"]\n", "gbx/small"),
                t -> t.build(Path.of(NOTES), "FROM busybox\nRUN dd if=/dev/zero of=/big bs=1M count=16\nRUN rm /big\nCOPY src /app/src\n", "gbx/small")});
        table.put("d-image", new Solution[] {
                t -> t.build(Path.of(NOTES), NOTES_IMAGE, "gbx/notes:1.0"),
                t -> t.build(Path.of(NOTES), "FROM busybox\nCOPY src /app/src\nEXPOSE 8080\nCMD [\"/app/src/notes.sh\"]\n", "gbx/notes:1.0")});
        table.put("d-run", new Solution[] {
                t -> {
                    t.notesImage();
                    t.notesVolume();
                    t.runImage("notes", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")).volumes(List.of("notes-data:/data")));
                    assertTrue(t.httpGet("notes", 8088, "/cgi-bin/notes?add=first").contains("first"));
                },
                t -> {
                    t.notesImage();
                    Path dir = Files.createDirectories(t.root.resolve("gbx-notes-data"));
                    Files.setAttribute(dir, "unix:uid", 1000);
                    t.runImage("notes", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")).volumes(List.of(dir + ":/data")));
                    t.httpGet("notes", 8088, "/cgi-bin/notes");
                }});
        table.put("d-persist", new Solution[] {
                t -> {
                    t.notesImage();
                    t.notesVolume();
                    t.runImage("notes", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")).volumes(List.of("notes-data:/data")));
                    t.httpGet("notes", 8088, "/cgi-bin/notes?add=persisted");
                    t.runtime.remove("notes", true);
                    t.runImage("notes2", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")).volumes(List.of("notes-data:/data")));
                    t.httpGet("notes2", 8088, "/cgi-bin/notes");
                },
                t -> {
                    t.notesImage();
                    t.runImage("notes", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")));
                    t.httpGet("notes", 8088, "/cgi-bin/notes?add=persisted");
                    t.runtime.remove("notes", true);
                    t.runImage("notes2", "gbx/notes:1.0", b -> b.ports(List.of("127.0.0.1:8088:8080")));
                    t.httpGet("notes2", 8088, "/cgi-bin/notes");
                }});
        table.put("sec-socket-root", new Solution[] {
                t -> {
                    t.run("escape", b -> b.volumes(List.of("/:/host")).networkMode("none"), "sh", "-c",
                            "chroot /host sh -c \"echo written through the engine socket > /root/gbx-proof.txt\"; exec sleep 3600");
                    awaitFile(Path.of("/root/gbx-proof.txt"));
                },
                t -> {
                    t.run("escape", b -> b.volumes(List.of("/:/host")).networkMode("none"), "sh", "-c",
                            "echo written through the engine socket > /root/gbx-proof.txt; exec sleep 3600");
                    t.awaitFileIn("escape", "/root/gbx-proof.txt");
                }});
        table.put("sec-missing-cap", new Solution[] {
                t -> {
                    answer("/tmp/gbx-answers/missing-cap.txt", "CAP_CHOWN");
                    t.run("fixed", b -> b.capDrop(List.of("ALL")).capAdd(List.of("CHOWN")).networkMode("none"), "sleep", "3600");
                },
                t -> {
                    answer("/tmp/gbx-answers/missing-cap.txt", "CAP_CHOWN");
                    t.run("fixed", b -> b.privileged(true).networkMode("none"), "sleep", "3600");
                }});
        table.put("sec-least-privilege", new Solution[] {
                t -> t.run("lean", b -> b.user("65534").capDrop(List.of("ALL")).capAdd(List.of("NET_BIND_SERVICE")).networkMode("none"), "sleep", "3600"),
                t -> t.run("lean", b -> b.user("65534").capAdd(List.of("NET_BIND_SERVICE")).networkMode("none"), "sleep", "3600")});
        return table.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    /** With ByHandExercisesTest (every by-hand exercise), every exercise of the course is solved in a test. */
    @org.junit.jupiter.api.Test
    void everyExerciseThatIsNotByHandIsInTheTable() {
        List<String> inTable = exercises().map(a -> (String) a.get()[0]).toList();
        List<String> needed = ExerciseCatalog.builtIn().all().stream().filter(e -> e.session() != Session.BY_HAND).map(Exercise::id).toList();
        assertEquals(needed, inTable, "the table lists the exercises in course order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercises")
    void referenceGetsFullMarksFreshGetsNoneAndTheMistakeItsFeedback(String id, Solution right, Solution wrong) throws Exception {
        current = id;
        Exercise e = solver.workshop().exercise(id);
        Workshop w = solver.workshop();

        w.start(id);
        ExerciseResult fresh = w.grade(e);
        assertEquals(0, fresh.score(), Solver.describe(fresh));

        right.apply(this);
        ExerciseResult solved = solver.gradeWhenSettled(e);
        assertEquals(solved.maxScore(), solved.score(), Solver.describe(solved));

        w.start(id);
        wrong.apply(this);
        Exercise.WrongSolution mistake = e.wrongSolutions().getFirst();
        ExerciseResult r = solver.gradeWhenSettled(e);
        CheckResult failed = r.checks().stream().filter(c -> c.id().equals(mistake.failsCheck())).findFirst().orElseThrow();
        assertFalse(failed.passed(), Solver.describe(r));
        assertTrue(failed.feedback().contains(mistake.feedbackContains()), failed.feedback());
    }
}
