package dev.glassbox.cli.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.ImageException;
import dev.glassbox.image.build.BuildException;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.registry.TransferOutput;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands' flags and messages, against a client that records what it was asked. */
class BuildCommandsTest {
    /** Records calls; fails the build when told to. */
    static final class FakeClient implements BuildClient {
        final List<String> calls = new ArrayList<>();
        BuildOptions options;
        List<String> contextEntries = new ArrayList<>();
        String failWith;

        @Override
        public String build(Path contextTar, BuildOptions o, BuildOutput out) {
            options = o;
            try (TarFile t = new TarFile(contextTar)) {
                for (TarArchiveEntry e : t.getEntries()) contextEntries.add(e.getName());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            out.stream("Step 1/1 : FROM busybox\n");
            if (failWith != null) throw new BuildException(failWith, 1, null);
            return "sha256:" + "ab".repeat(32);
        }

        @Override
        public void pull(String ref, String platform, TransferOutput out) {
            calls.add("pull " + ref + " " + platform);
            out.status("0123456789ab", "Pull complete", 0, -1);
        }

        @Override
        public void push(String ref, TransferOutput out) {
            throw new ImageException("An image does not exist locally with the tag: " + ref);
        }

        @Override
        public void save(List<String> refs, OutputStream out) {
            calls.add("save " + refs);
            try {
                out.write("TAR".getBytes());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void tag(String source, String target) {
            calls.add("tag " + source + " " + target);
        }
    }

    private record Ran(int code, String out, String err) {}

    private static Ran run(Object command, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void buildSendsTheContextWithoutIgnoredFilesAndPassesDockersFlags(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve(".dockerignore"), "*.log\nDockerfile\n");
        Files.writeString(dir.resolve("app.txt"), "x");
        Files.writeString(dir.resolve("debug.log"), "x");
        FakeClient c = new FakeClient();
        Ran r = run(new BuildCommand(c), "-t", "web:1", "--tag", "web:latest", "--build-arg", "V=2", "--no-cache", "--network", "none",
                "--label", "course=docker", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Sending build context to Glassbox engine  "), r.out());
        assertTrue(r.out().contains("Step 1/1 : FROM busybox"), r.out());
        assertEquals(List.of("web:1", "web:latest"), c.options.tags());
        assertEquals(Map.of("V", "2"), c.options.buildArgs());
        assertEquals(Map.of("course", "docker"), c.options.labels());
        assertEquals("none", c.options.network());
        assertTrue(c.options.noCache());
        assertEquals("Dockerfile", c.options.dockerfile());
        assertEquals(List.of(".dockerignore", "Dockerfile", "app.txt"), c.contextEntries.stream().sorted().toList(),
                "ignored files stay home, the Dockerfile always goes");
    }

    @Test
    void aDockerfileOutsideTheContextTravelsInsideTheTar(@TempDir Path dir) throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(dir.resolve("Other.dockerfile"), "FROM busybox\n");
        FakeClient c = new FakeClient();
        Ran r = run(new BuildCommand(c), "-q", "-f", dir.resolve("Other.dockerfile").toString(), ctx.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("sha256:" + "ab".repeat(32) + "\n", r.out(), "-q prints only the id");
        assertTrue(c.contextEntries.contains(c.options.dockerfile()), c.contextEntries.toString());
    }

    @Test
    void aFailedBuildPrintsDockersErrorAndExitsOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nRUN false\n");
        FakeClient c = new FakeClient();
        c.failWith = "The command '/bin/sh -c false' returned a non-zero code: 1";
        Ran r = run(new BuildCommand(c), dir.toString());
        assertEquals(1, r.code());
        assertEquals("ERROR: The command '/bin/sh -c false' returned a non-zero code: 1\n", r.err());
        Ran missing = run(new BuildCommand(c), dir.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("unable to prepare context"), missing.err());
    }

    @Test
    void pullPushTagAndSaveTalkToTheClient(@TempDir Path dir) throws Exception {
        FakeClient c = new FakeClient();
        Ran pull = run(new PullCommand(c), "--platform", "linux/arm64", "alpine:3.20");
        assertEquals(0, pull.code(), pull.err());
        assertEquals("0123456789ab: Pull complete\ndocker.io/library/alpine:3.20\n", pull.out());
        assertEquals("pull alpine:3.20 linux/arm64", c.calls.getFirst());

        Ran push = run(new PushCommand(c), "localhost:5000/web:1");
        assertEquals(1, push.code());
        assertTrue(push.err().startsWith("Error response from daemon: An image does not exist locally"), push.err());

        assertEquals(0, run(new TagCommand(c), "web:1", "localhost:5000/web:1").code());
        assertTrue(c.calls.contains("tag web:1 localhost:5000/web:1"));

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        assertEquals(0, run(new SaveCommand(c, () -> stdout, false), "web:1", "busybox").code());
        assertEquals("TAR", stdout.toString());
        Ran refused = run(new SaveCommand(c, () -> stdout, true), "web:1");
        assertEquals(1, refused.code());
        assertTrue(refused.err().startsWith("Cowardly refusing to save to a terminal"), refused.err());
        Path file = dir.resolve("out.tar");
        assertEquals(0, run(new SaveCommand(c, () -> stdout, true), "-o", file.toString(), "web:1").code());
        assertEquals("TAR", Files.readString(file));
    }
}
