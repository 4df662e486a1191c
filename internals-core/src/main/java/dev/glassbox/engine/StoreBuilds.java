package dev.glassbox.engine;

import dev.glassbox.image.ImageStore;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.image.registry.ImageArchiveWriter;
import dev.glassbox.image.registry.RegistryClient;
import dev.glassbox.image.registry.TransferOutput;
import dev.glassbox.runtime.ContainerRuntime;
import java.io.OutputStream;
import java.util.List;

/** {@link EngineBuilds} on the engine's own image store and container runtime. */
public final class StoreBuilds implements EngineBuilds {
    private final ImageStore store;
    private final ImageBuilder builder;

    public StoreBuilds(ImageStore store, ContainerRuntime runtime) {
        this.store = store;
        // FROM an image the store lacks pulls it, as docker build does
        this.builder = new ImageBuilder(store, runtime, ref -> new RegistryClient(store).pull(ref, TransferOutput.NONE));
    }

    @Override
    public String build(BuildRequest request, BuildOutput out) {
        return builder.build(request, out).image().id();
    }

    @Override
    public void pull(String ref, String platform, TransferOutput out) {
        if (ImageStore.isBase(ref)) {
            pullBase(out);
            return;
        }
        RegistryClient c = new RegistryClient(store);
        if (platform != null && !platform.isBlank()) c.platform(platform);
        c.pull(ref, out);
    }

    /**
     * {@code pull base}: no registry has the built-in image; it is made here from this machine's
     * programs (again when they changed), one "Assembling" report per file, then "Extracting"
     * while the layer is unpacked into the store. A client that hangs up
     * stops it: the next report cannot be written, and the half-made layer is removed.
     */
    private void pullBase(TransferOutput out) {
        // first each file copied into the layer's tar (a known count), then the tar unpacked into the store
        store.ensureBase((what, done, total) -> out.status("base", total > 0 ? ASSEMBLING : EXTRACTING, done, total));
        out.status(null, "Status: " + dev.glassbox.image.BaseImageBuilder.REF + " is made from this machine's programs", 0, 0);
    }

    /** The status of each file of the base image as it is copied in (Docker's pull has Downloading). */
    public static final String ASSEMBLING = "Assembling";

    /** The status while the layer is unpacked into the store, as Docker's pull says it. */
    public static final String EXTRACTING = "Extracting";

    @Override
    public void push(String ref, TransferOutput out) {
        new RegistryClient(store).push(ref, out);
    }

    @Override
    public void save(List<String> refs, OutputStream out) {
        ImageArchiveWriter.save(store, refs, out);
    }

    @Override
    public void tag(String source, String target) {
        store.tag(source, target);
    }

    @Override
    public List<ImageBuilder.CacheEntry> buildCache() {
        return builder.cacheEntries();
    }

    @Override
    public ImageBuilder.CachePrune pruneBuildCache() {
        return builder.pruneCache();
    }
}
