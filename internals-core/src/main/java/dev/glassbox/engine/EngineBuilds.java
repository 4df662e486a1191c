package dev.glassbox.engine;

import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.image.registry.TransferOutput;
import java.io.OutputStream;
import java.util.List;

/**
 * The image verbs that make or move images, run inside the engine: {@code POST /build},
 * {@code POST /images/create?fromImage=} (pull), {@code POST /images/{name}/push},
 * {@code GET /images/get} (save), {@code POST /images/{name}/tag}. Only the engine builds: a
 * second runtime on the engine's directories would fight it over containers and layers.
 * {@link StoreBuilds} implements it on the store and the runtime; tests use a fake.
 * Failures are {@link dev.glassbox.image.build.BuildException}s (builds) and
 * {@link dev.glassbox.image.ImageException}s.
 */
public interface EngineBuilds {
    /** Builds from {@code request.context()}, a directory the engine unpacked; returns the image id. */
    String build(BuildRequest request, BuildOutput out);

    /** {@code platform}: "os/arch" to pick from an image index, or null for the host's. */
    void pull(String ref, String platform, TransferOutput out);

    void push(String ref, TransferOutput out);

    /** Writes Docker's save archive of {@code refs}; fails before the first byte when one is missing. */
    void save(List<String> refs, OutputStream out);

    void tag(String source, String target);

    /** The build cache's entries, for {@code GET /system/df}; none for an engine that keeps no cache. */
    default List<ImageBuilder.CacheEntry> buildCache() {
        return List.of();
    }

    /** {@code POST /build/prune}: forgets the build cache. */
    default ImageBuilder.CachePrune pruneBuildCache() {
        return new ImageBuilder.CachePrune(List.of(), 0);
    }
}
