package dev.glassbox.image.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code glassbox build} asks for, with Docker's flags.
 *
 * @param context     the build context directory (the engine unpacks the client's context tar there)
 * @param dockerfile  the Dockerfile's path relative to the context ({@code -f}; "Dockerfile" by default)
 * @param tags        {@code -t name[:tag]}, may be empty
 * @param buildArgs   {@code --build-arg k=v}
 * @param noCache     {@code --no-cache}
 * @param networkMode the network of RUN containers ({@code --network}: default/bridge, none, host)
 * @param labels      {@code --label k=v}, added to the image's labels
 */
public record BuildRequest(Path context, String dockerfile, List<String> tags, Map<String, String> buildArgs, boolean noCache,
        String networkMode, Map<String, String> labels) {

    public BuildRequest {
        dockerfile = dockerfile == null || dockerfile.isBlank() ? "Dockerfile" : dockerfile;
        tags = tags == null ? List.of() : List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
        networkMode = networkMode == null || networkMode.isBlank() ? "default" : networkMode;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A plain build of {@code context}, tagged {@code tag} (may be null). */
    public static BuildRequest of(Path context, String tag) {
        return new BuildRequest(context, null, tag == null ? List.of() : List.of(tag), Map.of(), false, null, Map.of());
    }

    public BuildRequest withBuildArgs(Map<String, String> args) {
        return new BuildRequest(context, dockerfile, tags, args, noCache, networkMode, labels);
    }

    public BuildRequest withNoCache(boolean v) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, v, networkMode, labels);
    }

    public BuildRequest withNetworkMode(String v) {
        return new BuildRequest(context, dockerfile, tags, buildArgs, noCache, v, labels);
    }

    public BuildRequest withDockerfile(String v) {
        return new BuildRequest(context, v, tags, buildArgs, noCache, networkMode, labels);
    }
}
