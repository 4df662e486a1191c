package dev.glassbox.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * An image in the store. {@code id} is {@code "sha256:<hex>"}, the digest of its config blob
 * (as Docker's image id); {@code layers} go bottom to top; {@code size} is the sum of the
 * layers' sizes; {@code created} may be null when the config does not say.
 */
public record Image(String id, List<String> repoTags, ImageConfig config, List<Layer> layers, long size,
        Instant created) {

    public Image {
        repoTags = List.copyOf(repoTags);
        layers = List.copyOf(layers);
    }

    /**
     * The unpacked layer directories, bottom to top. Overlayfs wants {@code lowerdir} top
     * first: reverse this list before joining it with ':'.
     */
    public List<Path> layerDirs() {
        return layers.stream().map(Layer::dir).toList();
    }

    /** The first 12 hex digits of the id, as {@code docker images} shows it. */
    public String shortId() {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
