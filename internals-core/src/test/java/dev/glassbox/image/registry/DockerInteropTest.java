package dev.glassbox.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.image.Image;
import dev.glassbox.image.Progress;
import dev.glassbox.image.build.BuildFixture;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.testing.DockerDaemon;
import dev.glassbox.testing.RootOnly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Glassbox's archives against a real Docker (a private dockerd + containerd): {@code glassbox
 * save} is accepted by {@code docker load} and runs there, and {@code docker save} is loaded
 * by Glassbox and runs here.
 */
@RootOnly
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerInteropTest {
    private DockerDaemon docker;
    private BuildFixture fx;

    @BeforeAll
    void start() throws Exception {
        docker = DockerDaemon.start();
        fx = new BuildFixture("glassbox-interop-test");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (fx != null) fx.close();
        } finally {
            if (docker != null) docker.close();
        }
    }

    @Test
    void anImageBuiltAndSavedByGlassboxLoadsAndRunsInDocker(@TempDir Path tmp) throws Exception {
        Path ctx = Files.createDirectories(tmp.resolve("ctx"));
        Files.writeString(ctx.resolve("note.txt"), "copied in\n");
        Files.writeString(ctx.resolve("Dockerfile"), """
                FROM busybox
                COPY note.txt /app/
                RUN echo built by glassbox > /app/built && rm /etc/image-file
                ENV WHO=docker
                CMD ["/bin/sh", "-c", "cat /app/built /app/note.txt; echo run by $WHO; test -e /etc/image-file || echo whiteout kept"]
                """);
        Image app = new ImageBuilder(fx.images, fx.runtime).build(BuildRequest.of(ctx, "course/interop:1").withNetworkMode("none"),
                BuildOutput.NONE).image();
        Path archive = tmp.resolve("glassbox-save.tar");
        ImageArchiveWriter.save(fx.images, List.of("course/interop:1"), archive);

        String loaded = docker.docker("load", "-i", archive.toString());
        assertTrue(loaded.contains("Loaded image: course/interop:1"), loaded);
        assertEquals(app.id(), docker.docker("image", "inspect", "--format", "{{.Id}}", "course/interop:1").strip(),
                "Docker computes the same image id from the same config");
        assertEquals("built by glassbox\ncopied in\nrun by docker\nwhiteout kept\n",
                docker.docker("run", "--rm", "--network", "none", "course/interop:1"));
    }

    @Test
    void anImageSavedByDockerLoadsAndRunsInGlassbox(@TempDir Path tmp) throws Exception {
        Path rootfs = dev.glassbox.testing.BusyboxRootfs.create(tmp.resolve("rootfs"));
        Path tar = tmp.resolve("rootfs.tar");
        assertEquals(0, new ProcessBuilder("tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".").inheritIO().start().waitFor());
        docker.docker("import", tar.toString(), "dockerbase:1");
        // a second layer made by Docker, with a file added and one deleted (a whiteout)
        String name = "gbx-commit-" + Long.toHexString(System.nanoTime());
        docker.docker("run", "--name", name, "--network", "none", "dockerbase:1", "/bin/sh", "-c",
                "echo committed by docker > /committed && rm /etc/image-file");
        docker.docker("commit", "--change", "CMD [\"/bin/sh\", \"-c\", \"cat /committed; test -e /etc/image-file || echo deleted\"]",
                name, "course/from-docker:1");
        docker.docker("rm", name);
        Path archive = tmp.resolve("docker-save.tar");
        docker.docker("save", "-o", archive.toString(), "course/from-docker:1");

        List<Image> loaded = fx.images.load(archive, Progress.NONE);
        assertEquals(1, loaded.size());
        Image img = fx.images.resolve("course/from-docker:1");
        assertEquals(docker.docker("image", "inspect", "--format", "{{.Id}}", "course/from-docker:1").strip(), img.id());
        assertEquals(2, fx.images.stored(img.id()).layers().size(), "import + commit");
        assertEquals("committed by docker\ndeleted\n", fx.run("course/from-docker:1"));
    }
}
