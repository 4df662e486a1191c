package dev.glassbox.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.exercise.action.RuntimeControl;
import dev.glassbox.exercise.check.Machine;
import dev.glassbox.exercise.directory.GlassboxDirectory;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.testing.BusyboxRootfs;
import dev.glassbox.testing.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The container exercises solved with Glassbox's own runtime (as `glassbox run` would), on a
 * busybox image imported into a temp store: the reference solution gets full marks, the
 * state after `exercise start` none, and the exercise's first listed mistake its feedback.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeExercisesTest {
    private Path root;
    private ContainerRuntime runtime;
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
        Path tar = root.resolve("rootfs.tar");
        Process p = new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
        assertEquals(0, p.waitFor());
        ImageStore images = new ImageStore(root.resolve("lib"));
        images.importRootfs(tar, "busybox:latest", Progress.NONE);
        runtime = new ContainerRuntime(Syscalls.linux(), root.resolve("lib"), root.resolve("run"), images, cgroupParent, bridge);
        solver = new Solver(Machine.live(new GlassboxDirectory(runtime, images, root.toString())), new RuntimeControl(runtime));
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
        for (String controller : List.of("memory", "cpu", "pids", "freezer", "cpuset", "cpuacct", "unified", "systemd")) {
            Path dir = Path.of("/sys/fs/cgroup", controller, cgroupParent);
            if (Files.isDirectory(dir)) Files.delete(dir);
        }
        BusyboxRootfs.delete(root);
        try (var left = Files.list(Path.of("/tmp/gbx-answers"))) {
            if (left.findAny().isEmpty()) Files.delete(Path.of("/tmp/gbx-answers"));
        } catch (java.nio.file.NoSuchFileException e) {
            // no answer was written
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

    /** Whether --cap-drop ALL --cap-add CHOWN leaves CHOWN, as Docker does. */
    private boolean capAddAfterDropAll() throws Exception {
        ContainerInfo probe = run("gbx-cap-probe", b -> b.capDrop(List.of("ALL")).capAdd(List.of("CHOWN")).networkMode("none"), "sleep", "30");
        try {
            return !new dev.glassbox.inspect.Inspector().capabilities(probe.pid()).effective().isEmpty();
        } finally {
            runtime.remove(probe.id(), true);
        }
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
        table.put("s1-user", new Solution[] {
                t -> t.run("nobody-box", b -> b.user("65534:65534").networkMode("none"), "sleep", "3600"),
                t -> t.run("nobody-box", b -> b.networkMode("none"), "sleep", "3600")});
        table.put("s1-read-only", new Solution[] {
                t -> t.run("frozen", b -> b.readOnlyRootfs(true).networkMode("none"), "sleep", "3600"),
                t -> t.run("frozen", b -> b.networkMode("none"), "sleep", "3600")});
        table.put("s1-limits", new Solution[] {
                t -> t.run("limited", b -> b.memory(64L << 20).nanoCpus(500_000_000L).pidsLimit(50L).networkMode("none"), "sleep", "3600"),
                t -> t.run("limited", b -> b.memory(128L << 20).nanoCpus(500_000_000L).pidsLimit(50L).networkMode("none"), "sleep", "3600")});
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("exercises")
    void referenceGetsFullMarksFreshGetsNoneAndTheMistakeItsFeedback(String id, Solution right, Solution wrong) throws Exception {
        current = id;
        if (id.startsWith("sec-")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(capAddAfterDropAll(),
                    "the runtime drops ALL after --cap-add (Resolved: default + add - drop); Docker adds after dropping ALL");
        }
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
