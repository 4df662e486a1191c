package dev.glassbox.image;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of an image's configuration a container is started from (the {@code config} object
 * of an OCI image config). {@code workingDir} and {@code user} are "" when unset; lists,
 * sets and maps are empty, never null.
 */
public record ImageConfig(List<String> env, List<String> cmd, List<String> entrypoint, String workingDir,
        String user, Set<String> exposedPorts, Map<String, String> labels) {

    public ImageConfig {
        env = List.copyOf(env);
        cmd = List.copyOf(cmd);
        entrypoint = List.copyOf(entrypoint);
        workingDir = workingDir == null ? "" : workingDir;
        user = user == null ? "" : user;
        exposedPorts = Set.copyOf(exposedPorts);
        labels = Map.copyOf(labels);
    }

    /** No environment, no command: what an imported rootfs gets unless told otherwise. */
    public static ImageConfig empty() {
        return new ImageConfig(List.of(), List.of(), List.of(), "", "", Set.of(), Map.of());
    }
}
