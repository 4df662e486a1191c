package dev.glassbox.exercise.directory;

import java.util.List;
import java.util.Optional;

/**
 * Where the grader finds containers, images and networks by name: Glassbox's engine or
 * runtime, Docker's API socket, or several of them. Read-only: a directory never changes what
 * it describes.
 */
public interface ContainerDirectory {
    /** Where the facts come from, for reports: "glassbox /var/lib/glassbox", "docker /var/run/docker.sock". */
    String source();

    List<ContainerFacts> list();

    /** A container by name or id (full or a unique prefix). */
    default Optional<ContainerFacts> find(String nameOrId) {
        String n = nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId;
        List<ContainerFacts> all = list();
        for (ContainerFacts c : all) if (c.name().equals(n) || c.id().equals(n)) return Optional.of(c);
        List<ContainerFacts> byPrefix = all.stream().filter(c -> n.length() >= 4 && c.id().startsWith(n)).toList();
        return byPrefix.size() == 1 ? Optional.of(byPrefix.getFirst()) : Optional.empty();
    }

    /** What the container wrote to stdout and stderr; "" when unknown. */
    String logs(String nameOrId);

    Optional<ImageFacts> image(String ref);

    Optional<NetworkFacts> network(String name);

    /** A directory that knows nothing: for the by-hand exercises, which need none. */
    ContainerDirectory NONE = new ContainerDirectory() {
        @Override public String source() { return "none"; }

        @Override public List<ContainerFacts> list() { return List.of(); }

        @Override public String logs(String nameOrId) { return ""; }

        @Override public Optional<ImageFacts> image(String ref) { return Optional.empty(); }

        @Override public Optional<NetworkFacts> network(String name) { return Optional.empty(); }
    };
}
