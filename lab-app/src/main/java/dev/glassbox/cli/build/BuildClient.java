package dev.glassbox.cli.build;

import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.registry.TransferOutput;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the build, pull, push, save and tag commands need from the engine. The engine's
 * client implements it over the Docker Engine API routes named on each method;
 * {@link DirectBuildClient} does the same work in-process (tests, and the engine's own
 * route handlers can call it).
 */
public interface BuildClient {

    /** {@code docker build}'s options, as the query of {@code POST /build}. */
    record BuildOptions(List<String> tags, String dockerfile, Map<String, String> buildArgs, boolean noCache, String network,
            Map<String, String> labels) {
        public BuildOptions {
            tags = List.copyOf(tags);
            buildArgs = Map.copyOf(buildArgs);
            labels = Map.copyOf(labels);
        }
    }

    /**
     * {@code POST /build?t=..&dockerfile=..&buildargs={json}&nocache=1&networkmode=..&labels={json}},
     * body: the context tar ({@code Content-Type: application/x-tar}); the answer streams
     * {@code {"stream":..}} lines, then {@code {"aux":{"ID":..}}}, or {@code {"errorDetail":{"code":n,"message":..},"error":..}}.
     * Returns the image id; a failed build throws {@link dev.glassbox.image.build.BuildException} with the code.
     */
    String build(Path contextTar, BuildOptions options, BuildOutput out);

    /** {@code POST /images/create?fromImage=name&tag=tag[&platform=linux/arm64]}: streams {@code {"status","id","progressDetail"}} lines. */
    void pull(String ref, String platform, TransferOutput out);

    /** {@code POST /images/{name}/push?tag=tag}: streams status lines like pull. */
    void push(String ref, TransferOutput out);

    /** {@code GET /images/get?names=a&names=b}: the archive as {@code application/x-tar}. */
    void save(List<String> refs, OutputStream out);

    /** {@code POST /images/{name}/tag?repo=repo&tag=tag}: 201. */
    void tag(String source, String target);
}
