package dev.glassbox.engine;

import dev.glassbox.image.ImageException;
import dev.glassbox.image.build.BuildException;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.registry.TransferOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds, pulls, pushes, saves and tags that only record what they were asked. */
public class FakeBuilds implements EngineBuilds {
    public final List<String> calls = new ArrayList<>();
    public BuildRequest lastBuild;
    /** What the context directory held while the build ran. */
    public String dockerfileSeen;
    public BuildException buildFailure;
    public final Set<String> known = new java.util.HashSet<>(Set.of("web:1"));

    @Override
    public String build(BuildRequest request, BuildOutput out) {
        lastBuild = request;
        try {
            dockerfileSeen = Files.readString(request.context().resolve(request.dockerfile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.stream("Step 1/2 : FROM busybox\n");
        if (buildFailure != null) throw buildFailure;
        out.stream(" ---> CACHED\n");
        return "sha256:feed";
    }

    @Override
    public void pull(String ref, String platform, TransferOutput out) {
        calls.add("pull " + ref + " " + platform);
        if (ref.contains("missing")) throw new ImageException("manifest for " + ref + " not found");
        out.status("a1b2c3d4e5f6", "Downloading", 5, 10);
        out.status("a1b2c3d4e5f6", "Pull complete", 0, -1);
        out.status(null, "Status: Downloaded newer image for " + ref, 0, -1);
    }

    @Override
    public void push(String ref, TransferOutput out) {
        calls.add("push " + ref);
        out.status("a1b2c3d4e5f6", "Pushed", 0, -1);
    }

    @Override
    public void save(List<String> refs, OutputStream out) {
        calls.add("save " + String.join(",", refs));
        for (String r : refs) if (!known.contains(r)) throw new ImageException("no such image: " + r);
        try {
            out.write("tar of ".getBytes(StandardCharsets.UTF_8));
            out.write(String.join(",", refs).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void tag(String source, String target) {
        if (!known.contains(source)) throw new ImageException("no such image: " + source);
        calls.add("tag " + source + " " + target);
    }

    /** The build cache system df reports and build prune empties. */
    public final List<dev.glassbox.image.build.ImageBuilder.CacheEntry> cache = new ArrayList<>();

    @Override
    public List<dev.glassbox.image.build.ImageBuilder.CacheEntry> buildCache() {
        return List.copyOf(cache);
    }

    @Override
    public dev.glassbox.image.build.ImageBuilder.CachePrune pruneBuildCache() {
        long freed = cache.stream().filter(e -> !e.shared()).mapToLong(e -> e.size()).sum();
        List<String> ids = cache.stream().map(e -> e.id()).toList();
        cache.clear();
        return new dev.glassbox.image.build.ImageBuilder.CachePrune(ids, freed);
    }
}
