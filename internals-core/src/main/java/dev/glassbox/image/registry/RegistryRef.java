package dev.glassbox.image.registry;

import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageRef;

/**
 * Where an image lives, by Docker's rules: the first path component is a registry host when
 * it has a '.' or a ':' or is {@code localhost}; otherwise the image is on Docker Hub, where a
 * one-component name is in {@code library/}.
 *
 * @param registry   the host[:port] as written ({@code docker.io} for Docker Hub)
 * @param repository the repository path in the registry ({@code library/alpine})
 * @param tag        the tag ({@code latest} when left out)
 * @param localName  the name:tag the image gets in the store ({@code alpine:3}, {@code localhost:5000/web:1})
 */
public record RegistryRef(String registry, String repository, String tag, String localName) {
    public static final String DOCKER_HUB = "docker.io";

    public static RegistryRef parse(String ref) {
        String r = ref;
        if (r.startsWith("docker.io/library/")) r = r.substring("docker.io/library/".length());
        else if (r.startsWith("docker.io/")) r = r.substring("docker.io/".length());
        ImageRef local = ImageRef.parse(r);
        String name = local.name();
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
            return new RegistryRef(first, name.substring(slash + 1), local.tag(), local.toString());
        }
        return new RegistryRef(DOCKER_HUB, slash < 0 ? "library/" + name : name, local.tag(), local.toString());
    }

    /** The registry API's base: Docker Hub's real host; plain HTTP only for this machine's loopback. */
    public String baseUrl() {
        if (registry.equals(DOCKER_HUB)) return "https://registry-1.docker.io";
        return (isLoopback() ? "http://" : "https://") + registry;
    }

    public boolean isLoopback() {
        String host = registry.startsWith("[") ? registry.substring(0, registry.indexOf(']') + 1)
                : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.startsWith("127.");
    }

    @Override
    public String toString() {
        return registry + "/" + repository + ":" + tag;
    }

    static ImageException bad(String ref, String why) {
        return new ImageException("invalid reference " + ref + ": " + why);
    }
}
