package dev.glassbox.exercise.directory;

import java.util.List;
import java.util.Map;

/**
 * An image as the checks see it: the fields of {@code docker image inspect} and
 * {@code docker history} that exercises on Dockerfiles compare.
 *
 * @param id         the image id (sha256:...)
 * @param tags       its names
 * @param layers     layer digests (diff ids), bottom first
 * @param sizeBytes  total size of its layers
 * @param cmd        CMD, null when unset
 * @param entrypoint ENTRYPOINT, null when unset
 * @param user       USER, "" when unset (root)
 * @param workingDir WORKDIR, "" when unset
 * @param env        ENV as NAME=value
 * @param labels     LABEL
 * @param exposedPorts EXPOSE, as "8080/tcp"
 * @param history    the instructions that made it, oldest first ({@code created_by})
 */
public record ImageFacts(String id, List<String> tags, List<String> layers, long sizeBytes, List<String> cmd,
                         List<String> entrypoint, String user, String workingDir, List<String> env,
                         Map<String, String> labels, List<String> exposedPorts, List<History> history) {

    /** One line of docker history: the instruction and whether it made a layer. */
    public record History(String createdBy, boolean emptyLayer) {}
}
