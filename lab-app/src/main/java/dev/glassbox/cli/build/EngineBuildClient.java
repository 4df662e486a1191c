package dev.glassbox.cli.build;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.BuildRequest;
import dev.glassbox.image.registry.TransferOutput;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link BuildClient} through the engine: the CLI never builds, pulls or pushes in its own
 * process (a second runtime on the engine's directories would fight the engine). The engine's
 * client is asked for on the first call only, so {@code --help} reaches no engine.
 */
public final class EngineBuildClient implements BuildClient {
    private final Supplier<EngineClient> engine;

    public EngineBuildClient(Supplier<EngineClient> engine) {
        this.engine = engine;
    }

    @Override
    public String build(Path contextTar, BuildOptions o, BuildOutput out) {
        // the context directory is the engine's business: it unpacks the tar where it likes
        BuildRequest req = new BuildRequest(null, o.dockerfile(), o.tags(), o.buildArgs(), o.noCache(), o.network(), o.labels());
        return engine.get().build(contextTar, req, out);
    }

    @Override
    public void pull(String ref, String platform, TransferOutput out) { engine.get().pull(ref, platform, out); }

    @Override
    public void push(String ref, TransferOutput out) { engine.get().push(ref, out); }

    @Override
    public void save(List<String> refs, OutputStream out) { engine.get().save(refs, out); }

    @Override
    public void tag(String source, String target) { engine.get().tag(source, target); }
}
