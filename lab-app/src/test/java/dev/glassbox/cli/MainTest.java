package dev.glassbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir Path tmp;
    final FakeEngineClient engine = new FakeEngineClient();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    String stdin = "";
    boolean clientMade;

    int glassbox(String... args) {
        Main m = new Main(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                paths -> {
                    clientMade = true;
                    return engine;
                }, Map.of("HOME", "/home/me")::get);
        return m.execute(args);
    }

    String out() { return out.toString(StandardCharsets.UTF_8); }

    String err() { return err.toString(StandardCharsets.UTF_8); }

    @Test
    void aMisspeltFlagGetsTheNearestOne() {
        assertEquals(125, glassbox("run", "--memroy", "64m", "base", "true"));
        assertEquals("glassbox: Unknown option: '--memroy'; did you mean --memory? (see 'glassbox run --help')", err().strip());
        assertEquals(1, err().strip().lines().count(), "one line: " + err());
        err.reset();
        assertEquals(125, glassbox("psx"));
        assertEquals("glassbox: 'psx' is not a glassbox command; did you mean ps? (see 'glassbox --help')", err().strip());
    }

    /** The launcher's AOT training ends with it: it must print nothing and leave nothing, whatever the verbs do. */
    @Test
    void theTrainingRehearsalIsSilentAndLeavesNothing() {
        PrintStream stdout = System.out, stderr = System.err;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(seen, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(seen, true, StandardCharsets.UTF_8));
            Main.rehearse();
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        assertEquals("", seen.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(Path.of("/nonexistent-glassbox-rehearsal")));
    }

    /** What a command prints without a final newline reaches the terminal too (the writer is flushed at exit). */
    @Test
    void outputWithoutAFinalNewlineIsNotLost() {
        assertEquals(0, glassbox("quiz", "coverage"));
        assertTrue(out().contains("| 1 | namespaces |"), out());
    }

    /** Every command and subcommand answers --help with its usage (and so does -h), exit 0. */
    @Test
    void everyCommandHasHelp() {
        List<String> missing = new java.util.ArrayList<>();
        for (String verb : Main.VERBS) {
            picocli.CommandLine cl = new picocli.CommandLine(Main.verb(verb));
            java.util.ArrayDeque<List<String>> todo = new java.util.ArrayDeque<>(List.of(List.of(verb)));
            while (!todo.isEmpty()) {
                List<String> path = todo.pop();
                picocli.CommandLine at = cl;
                for (String sub : path.subList(1, path.size())) at = at.getSubcommands().get(sub);
                for (String sub : at.getSubcommands().keySet()) {
                    List<String> next = new java.util.ArrayList<>(path);
                    next.add(sub);
                    todo.push(next);
                }
                out.reset();
                err.reset();
                String[] args = java.util.stream.Stream.concat(path.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
                if (glassbox(args) != 0 || !out().startsWith("Usage: ")) missing.add(String.join(" ", path) + ": " + err().strip());
            }
        }
        assertEquals(List.of(), missing, "commands without --help");
    }

    @Test
    void runDetachedSendsEveryFlagAsDockersCreateBody() {
        int rc = glassbox("run", "-d", "--name", "web", "-m", "64m", "--memory-swap", "1g", "--cpus", "1.5",
                "--pids-limit", "10", "-e", "A=1", "-e", "HOME", "-e", "UNSET", "-l", "k=v", "--cap-add", "NET_ADMIN",
                "--cap-drop", "ALL", "--read-only", "--network", "none", "--pid", "host", "--ipc", "host", "--uts", "host",
                "-h", "box", "-p", "8080:80", "-p", "127.0.0.1:53:53/udp", "-P", "-u", "1000:1000", "-w", "/tmp", "--entrypoint", "", "--privileged", "base", "sleep", "100");
        assertEquals(0, rc, err());
        assertEquals(FakeEngineClient.ID + "\n", out());
        assertEquals(List.of("create base", "start " + FakeEngineClient.ID, "close"), engine.calls);
        CreateBody b = engine.lastBody;
        assertEquals(List.of("sleep", "100"), b.cmd());
        assertEquals(List.of(""), b.entrypoint());
        assertEquals(List.of("A=1", "HOME=/home/me"), b.env(), "-e KEY takes our value, or is dropped");
        assertEquals(Map.of("k", "v"), b.labels());
        assertEquals("box", b.hostname());
        assertEquals("1000:1000", b.user());
        assertEquals("/tmp", b.workingDir());
        CreateBody.HostConfig h = b.hostConfig();
        assertEquals(64L << 20, h.memory());
        assertEquals(1L << 30, h.memorySwap());
        assertEquals(1_500_000_000L, h.nanoCpus());
        assertEquals(10L, h.pidsLimit());
        assertEquals(List.of("NET_ADMIN"), h.capAdd());
        assertEquals(List.of("ALL"), h.capDrop());
        assertTrue(h.readonlyRootfs() && h.privileged());
        assertFalse(h.autoRemove());
        assertEquals("none", h.networkMode());
        assertEquals("host", h.pidMode());
        assertEquals("host", h.utsMode());
        assertEquals(List.of("8080:80/tcp", "127.0.0.1:53:53/udp"), CreateBody.ports(h.portBindings()));
        assertTrue(h.publishAllPorts());
    }

    @Test
    void theCommandAfterTheImageKeepsItsDashes() {
        assertEquals(0, glassbox("run", "-d", "base", "ls", "-l", "--color", "-d"));
        assertEquals(List.of("ls", "-l", "--color", "-d"), engine.lastBody.cmd());
    }

    @Test
    void clusteredShortFlagsWork() {
        glassbox("create", "-it", "base", "sh");
        assertTrue(engine.lastBody.tty() && engine.lastBody.openStdin());
    }

    @Test
    void attachedRunFollowsTheLogThenExitsWithTheContainersCode() {
        engine.logs = "hello\n";
        engine.exitCode = 3;
        assertEquals(3, glassbox("run", "--rm", "base", "sh", "-c", "echo hello; exit 3"));
        assertEquals("hello\n", out());
        assertEquals(List.of("create base", "start " + FakeEngineClient.ID, "logs -f " + FakeEngineClient.ID,
                "wait " + FakeEngineClient.ID, "close"), engine.calls);
        assertTrue(engine.lastBody.hostConfig().autoRemove(),
                "attached too, as Docker's CLI: the engine keeps it for our wait, then removes it");
        engine.calls.clear();
        glassbox("run", "-d", "--rm", "base", "true");
        assertTrue(engine.lastBody.hostConfig().autoRemove(), "detached, the engine removes it");
    }

    @Test
    void notFoundAndNotExecutableAreTheContainersOwnCodes() {
        engine.exitCode = 127;
        assertEquals(127, glassbox("run", "base", "nosuchcommand"));
        engine.exitCode = 126;
        assertEquals(126, glassbox("run", "base", "/etc"));
    }

    @Test
    void aCommandThatCannotRunSaysWhyAndExitsWithItsCode() {
        engine.failOn = new EngineException(500, "exec: \"nosuch\": executable file not found in $PATH");
        engine.failRef = FakeEngineClient.ID;
        engine.exitCode = 127;
        assertEquals(127, glassbox("run", "base", "nosuch"));
        assertEquals("glassbox: exec: \"nosuch\": executable file not found in $PATH\n", err());
    }

    @Test
    void aBadSizeIsOneLineAndExit125BeforeAnythingIsSent() {
        assertEquals(125, glassbox("run", "--memory", "12q", "base"));
        assertEquals("glassbox: invalid --memory \"12q\": use a number with an optional unit b, k, m or g (e.g. 64m)\n", err());
        assertFalse(clientMade, "nothing reached the engine");
    }

    @Test
    void parseErrorsAreOneLineWithAHintAndExit125() {
        assertEquals(125, glassbox("run", "--bogus", "base"));
        assertEquals("glassbox: Unknown option: '--bogus' (see 'glassbox run --help')\n", err());
        err.reset();
        assertEquals(125, glassbox("run"));
        assertEquals("glassbox: Missing required parameter: 'IMAGE' (see 'glassbox run --help')\n", err());
        err.reset();
        assertEquals(125, glassbox("frobnicate"));
        assertEquals("glassbox: 'frobnicate' is not a glassbox command (see 'glassbox --help')\n", err(), "no far-fetched suggestion");
        assertEquals(1, err().lines().count());
    }

    @Test
    void engineErrorsAreOneLineAndExit125() {
        engine.failOn = new EngineException(404, "No such image: nope");
        engine.failRef = "nope";
        assertEquals(125, glassbox("run", "nope"));
        assertEquals("glassbox: No such image: nope\n", err());
    }

    @Test
    void unexpectedErrorsAreOneLineWithoutAStackTrace() {
        engine.failOn = new IllegalStateException("wires crossed\nat some.Frame");
        engine.failRef = "base";
        assertEquals(125, glassbox("run", "base"));
        assertEquals("glassbox: unexpected error: IllegalStateException: wires crossed\n", err());
    }

    @Test
    void otherBadValuesSayWhatToUse() {
        assertEquals(125, glassbox("run", "--cpus", "lots", "base"));
        assertTrue(err().contains("invalid --cpus \"lots\""), err());
        err.reset();
        assertEquals(125, glassbox("run", "--pid", "container:x", "base"));
        assertTrue(err().contains("invalid --pid"), err());
        err.reset();
        assertEquals(125, glassbox("run", "--name", "-bad name", "base"));
        assertTrue(err().contains("invalid --name"), err());
        err.reset();
        assertEquals(125, glassbox("run", "-m", "64m", "--memory-swap", "32m", "base"));
        assertTrue(err().contains("at least --memory"), err());
        err.reset();
        assertEquals(125, glassbox("run", "-p", "eighty", "base"));
        assertTrue(err().contains("invalid --publish \"eighty\""), err());
    }

    @Test
    void helpLoadsNoEngineClient() {
        assertEquals(0, glassbox("--help"));
        assertTrue(out().contains("run "), out());
        out.reset();
        assertEquals(0, glassbox("run", "--help"));
        assertTrue(out().contains("--memory=SIZE"), out());
        assertTrue(out().contains("Examples:"), out());
        out.reset();
        assertEquals(0, glassbox("help", "ps"));
        assertTrue(out().contains("--no-trunc"));
        assertFalse(clientMade);
    }

    @Test
    void stepModeExplainsEachStepAndWaitsForEnter() {
        stdin = "\n";
        engine.logs = "ok\n";
        assertEquals(0, glassbox("run", "--step", "base", "true"));
        String o = out();
        assertTrue(o.startsWith("""
                Step 1/2: Clone the namespaces
                The init stage calls clone(2) with CLONE_NEWPID and the other flags, so the new process
                is PID 1 in a new PID namespace and sees only its own children there.
                Equivalent commands:
                    unshare --pid --fork --mount-proc sh
                What changed:
                    pid ns: 4026531836 -> 4026532201
                Press Enter for the next step (q to abort)...\s
                Step 2/2: Exec the command
                """), o);
        assertTrue(o.endsWith("ok\n"), o);
        assertEquals(List.of("create base", "steps " + FakeEngineClient.ID, "next " + FakeEngineClient.ID,
                "next " + FakeEngineClient.ID, "logs -f " + FakeEngineClient.ID, "wait " + FakeEngineClient.ID, "close"),
                engine.calls);
    }

    @Test
    void qAbortsTheSteps() {
        stdin = "q\n";
        assertEquals(0, glassbox("run", "--step", "--rm", "base", "true"));
        assertTrue(out().contains("Aborted: the steps so far were undone"), out());
        assertEquals(List.of("create base", "steps " + FakeEngineClient.ID, "next " + FakeEngineClient.ID,
                "abort " + FakeEngineClient.ID, "rm -f -v " + FakeEngineClient.ID, "close"), engine.calls);
    }

    @Test
    void lifecycleVerbsActOnEachAndReportFailuresOneLineEach() {
        engine.failOn = new EngineException(404, "No such container: ghost");
        engine.failRef = "ghost";
        assertEquals(125, glassbox("stop", "-t", "0", "web", "ghost", "db"));
        assertEquals("web\ndb\n", out());
        assertEquals("glassbox: No such container: ghost\n", err());
        assertEquals(List.of("stop -t 0 web", "stop -t 0 ghost", "stop -t 0 db", "close"), engine.calls);
        engine.calls.clear();
        engine.failOn = null;
        glassbox("kill", "-s", "HUP", "web");
        glassbox("rm", "-f", "web");
        glassbox("pause", "web");
        glassbox("unpause", "web");
        glassbox("start", "web");
        assertEquals(List.of("kill -s HUP web", "close", "rm -f web", "close", "pause web", "close", "unpause web", "close",
                "start web", "close"), engine.calls);
    }

    @Test
    void waitPrintsTheExitCode() {
        engine.exitCode = 42;
        assertEquals(0, glassbox("wait", "web"));
        assertEquals("42\n", out());
    }

    @Test
    void psPrintsDockersTable() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        long created = now.minusSeconds(5 * 60).getEpochSecond();
        List<ContainerSummary> list = List.of(
                new ContainerSummary(FakeEngineClient.ID, List.of("/web"), "base", "sh -c 'while true; do sleep 1; done'",
                        created, "running", "Up 3 seconds", Map.of()),
                new ContainerSummary("fedcba9876543210", List.of("/old"), "base", "true", created, "exited",
                        "Exited (0) 5 seconds ago", Map.of()));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PsCommand.table(list, now, false).print(new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals("""
                CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS                     PORTS     NAMES
                0123456789ab   base      "sh -c 'while true; …"   5 minutes ago   Up 3 seconds                         web
                fedcba987654   base      "true"                   5 minutes ago   Exited (0) 5 seconds ago             old
                """, b.toString(StandardCharsets.UTF_8));
        engine.containers = list;
        assertEquals(0, glassbox("ps", "-aq"));
        assertEquals("0123456789ab\nfedcba987654\n", out());
        assertTrue(engine.calls.contains("containers true"));
    }

    @Test
    void imagesPrintsDockersTable() throws Exception {
        engine.images = DockerJson.MAPPER.readTree("""
                [{"Id":"sha256:abcdef0123456789","RepoTags":["base:latest","my/repo:1.0"],"Created":%d,"Size":7812345},
                 {"Id":"sha256:999999999999aaaa","RepoTags":[],"Created":%d,"Size":512}]"""
                .formatted(Instant.now().minusSeconds(3 * 86400).getEpochSecond(), Instant.now().minusSeconds(30 * 60).getEpochSecond()));
        assertEquals(0, glassbox("images")); // minutes, not seconds: a slow run must not turn 30 into 31
        assertEquals("""
                REPOSITORY   TAG       IMAGE ID       CREATED          SIZE
                base         latest    abcdef012345   3 days ago       7.81MB
                my/repo      1.0       abcdef012345   3 days ago       7.81MB
                <none>       <none>    999999999999   30 minutes ago   512B
                """, out());
    }

    @Test
    void psFiltersFormatsAndLimitsAsDocker() {
        Instant created = Instant.parse("2026-01-01T12:00:00Z");
        engine.containers = List.of(
                new ContainerSummary("fedcba9876543210", List.of("/old"), "base", "true", created.getEpochSecond(), "exited",
                        "Exited (0) 5 seconds ago", Map.of()),
                new ContainerSummary(FakeEngineClient.ID, List.of("/web"), "base", "sleep 600", created.getEpochSecond() + 60,
                        "running", "Up 3 seconds", Map.of("tier", "front", "app", "shop")));
        assertEquals(0, glassbox("ps", "-f", "status=running", "-f", "label=tier=front", "-f", "status=paused", "-q"));
        assertTrue(engine.calls.contains("containers false filters {\"status\":[\"running\",\"paused\"],\"label\":[\"tier=front\"]}"),
                engine.calls.toString());
        out.reset();
        assertEquals(0, glassbox("ps", "-a", "--format", "{{.Names}}: {{.State}} {{.Command}} {{.Labels}} {{.CreatedAt}}"));
        assertEquals("""
                old: exited "true"  2026-01-01 12:00:00 +0000 UTC
                web: running "sleep 600" app=shop,tier=front 2026-01-01 12:01:00 +0000 UTC
                """, out());
        out.reset();
        assertEquals(0, glassbox("ps", "--format", "table {{.ID}}\\t{{.Names}}\\t{{.Status}}"));
        assertEquals("""
                CONTAINER ID   NAMES     STATUS
                fedcba987654   old       Exited (0) 5 seconds ago
                0123456789ab   web       Up 3 seconds
                """, out());
        out.reset();
        engine.calls.clear();
        assertEquals(0, glassbox("ps", "-l", "--format", "{{.Names}}"), "the last created, whatever its state");
        assertEquals("web\n", out());
        assertTrue(engine.calls.contains("containers true"), engine.calls.toString());
        out.reset();
        assertEquals(0, glassbox("ps", "-n", "2", "-q"));
        assertEquals("0123456789ab\nfedcba987654\n", out());
        out.reset();
        assertEquals(125, glassbox("ps", "-f", "running"));
        assertEquals("glassbox: invalid filter \"running\": use KEY=VALUE, e.g. -f status=exited or -f name=web\n", err());
        err.reset();
        assertEquals(125, glassbox("ps", "--format", "{{.Names"));
        assertEquals(1, err().lines().count(), err());
        err.reset();
        assertEquals(125, glassbox("ps", "--format", "{{.Networks}}"));
        assertEquals("glassbox: --format: map has no entry for key \"Networks\"\n", err());
    }

    @Test
    void inspectPrintsAJsonArrayLikeDocker() {
        assertEquals(0, glassbox("inspect", "web"));
        assertEquals("""
                [
                    {
                        "Id": "%s",
                        "Name": "/web",
                        "Config": {
                            "Tty": false,
                            "OpenStdin": false
                        },
                        "Args": []
                    }
                ]
                """.formatted(FakeEngineClient.ID), out());
        out.reset();
        assertEquals(0, glassbox("inspect", "base"), "an image when no container has that name");
        assertTrue(out().contains("\"Id\": \"sha256:ab\""));
        assertEquals(125, glassbox("inspect", "nothing"));
        assertTrue(err().contains("No such object: nothing"), err());
    }

    @Test
    void inspectFormatPrintsEachObjectThroughAGoTemplate() {
        assertEquals(0, glassbox("inspect", "-f", "{{.Name}} tty={{.Config.Tty}} {{json .Args}}", "web"));
        assertEquals("/web tty=false []\n", out());
        out.reset();
        assertEquals(0, glassbox("inspect", "--format", "{{.Id}}", "base"), "images too");
        assertEquals("sha256:ab\n", out());
        out.reset();
        assertEquals(125, glassbox("inspect", "-f", "{{.Name}}", "web", "nothing"), "as docker: the others are printed");
        assertEquals("/web\n", out());
        assertTrue(err().contains("No such object: nothing"), err());
    }

    @Test
    void aBadFormatIsOneLineAndNothingPrinted() {
        assertEquals(125, glassbox("inspect", "-f", "{{.Name", "web"));
        assertEquals("", out());
        assertEquals(1, err().lines().count(), err());
        assertTrue(err().startsWith("glassbox: invalid --format \"{{.Name\": unclosed action"), err());
        err.reset();
        assertEquals(125, glassbox("inspect", "-f", "{{.Nope}}", "web"));
        assertEquals("glassbox: --format on web: map has no entry for key \"Nope\"\n", err());
    }

    @Test
    void logsTopExecAndImageVerbs() throws Exception {
        engine.logs = "line\n";
        assertEquals(0, glassbox("logs", "-f", "--tail", "5", "web"));
        assertEquals("line\n", out());
        assertEquals(125, glassbox("logs", "--tail", "x", "web"));
        out.reset();
        assertEquals(0, glassbox("top", "web"));
        assertEquals("UID       PID       CMD\nroot      4242      sleep 100\n", out());
        engine.exitCode = 4;
        assertEquals(4, glassbox("exec", "-e", "X=1", "-u", "nobody", "web", "ls", "-la"));
        assertEquals(List.of("ls", "-la"), engine.lastExec.cmd());
        assertEquals("nobody", engine.lastExec.user());
        out.reset();
        assertEquals(0, glassbox("rmi", "old"));
        assertEquals("Untagged: old:latest\nDeleted: sha256:ab\n", out());
        out.reset();
        assertEquals(0, glassbox("image", "history", "base"));
        assertTrue(out().startsWith("IMAGE          CREATED   CREATED BY"), out());
        assertTrue(out().contains("glassbox base: the host's binaries and their…   7.8MB"), out());
        Path tar = tmp.resolve("x.tar");
        Files.writeString(tar, "TAR");
        out.reset();
        assertEquals(0, glassbox("import", tar.toString(), "mybox:1.0"));
        assertTrue(engine.calls.contains("import TAR mybox:1.0"), engine.calls.toString());
        assertEquals("sha256:" + "cd".repeat(32) + "\n", out());
        out.reset();
        assertEquals(0, glassbox("load", "-i", tar.toString()));
        assertEquals("Loaded image: alpine:3.19\n", out());
        assertEquals(125, glassbox("load", "-i", tmp.resolve("missing.tar").toString()));
    }

    @Test
    void theVerbIsFoundAfterGlobalOptions() {
        assertEquals("run", Main.verbIn(new String[]{"--root", "/x", "run", "base"}));
        assertEquals("ps", Main.verbIn(new String[]{"--root=/x", "ps"}));
        assertNull(Main.verbIn(new String[]{"--help"}));
        assertNull(Main.verbIn(new String[]{"help", "run"}));
        assertNull(Main.verbIn(new String[]{"nonsense"}));
    }

    @Test
    void sizesTakeDockersUnits() {
        assertEquals(64L << 20, Flags.size("--memory", "64m"));
        assertEquals(64L << 20, Flags.size("--memory", "64MB"));
        assertEquals(1L << 30, Flags.size("--memory", "1g"));
        assertEquals(1536L << 20, Flags.size("--memory", "1.5g"));
        assertEquals(512, Flags.size("--memory", "512"));
        assertEquals(2048, Flags.size("--memory", "2k"));
        assertEquals(-1, Flags.swap("-1"));
    }

    @Test
    void explanationsWrapAt88Columns() {
        List<String> lines = StepMode.wrap("word ".repeat(40) + "\n\nsecond paragraph", 88);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 88));
        assertEquals(List.of("", "second paragraph"), lines.subList(lines.size() - 2, lines.size()));
    }
}
