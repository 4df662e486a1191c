package dev.glassbox.cli.build;

import dev.glassbox.image.ImageStore;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ContextArchive;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.image.registry.ImageArchiveWriter;
import dev.glassbox.image.registry.RegistryClient;
import dev.glassbox.image.registry.TransferOutput;
import dev.glassbox.runtime.ContainerRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** The image verbs done in this process, on a store and runtime it is given: what the engine's routes run. */
public final class DirectBuildClient implements BuildClient {
    private final ImageStore images;
    private final ImageBuilder builder;

    public DirectBuildClient(ImageStore images, ContainerRuntime runtime) {
        this.images = images;
        this.builder = new ImageBuilder(images, runtime, ref -> new RegistryClient(images).pull(ref, TransferOutput.NONE));
    }

    @Override
    public String build(Path contextTar, BuildOptions o, BuildOutput out) {
        Path dir = images.root().resolve("tmp").resolve("context-" + UUID.randomUUID().toString().substring(0, 8));
        try (InputStream in = Files.newInputStream(contextTar)) {
            ContextArchive.extract(in, dir);
            BuildRequest req = new BuildRequest(dir, o.dockerfile(), o.tags(), o.buildArgs(), o.noCache(), o.network(), o.labels());
            return builder.build(req, out).image().id();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(dir);
        }
    }

    @Override
    public void pull(String ref, String platform, TransferOutput out) {
        RegistryClient c = new RegistryClient(images);
        if (platform != null && !platform.isBlank()) c.architecture(platform.substring(platform.indexOf('/') + 1));
        c.pull(ref, out);
    }

    @Override
    public void push(String ref, TransferOutput out) {
        new RegistryClient(images).push(ref, out);
    }

    @Override
    public void save(List<String> refs, OutputStream out) {
        ImageArchiveWriter.save(images, refs, out);
    }

    @Override
    public void tag(String source, String target) {
        images.tag(source, target);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | UncheckedIOException ignored) {
            // the store's stale-work cleanup removes it later
        }
    }
}
