package dev.glassbox.image;

import java.nio.file.Path;
import java.util.List;

/**
 * An image exactly as the store keeps it, for code that moves images out of the store
 * (registry push, {@code save}): the manifest and config bytes whose digests name them, and
 * the layer blobs bottom to top with the files that hold them.
 */
public record StoredImage(String manifestDigest, byte[] manifest, String configDigest, byte[] config, List<Blob> layers,
        List<String> repoTags) {

    public StoredImage {
        layers = List.copyOf(layers);
        repoTags = List.copyOf(repoTags);
    }

    /** One layer blob: its digest, media type and size as the manifest lists them, its diff id, and its file. */
    public record Blob(String digest, String mediaType, long size, String diffId, Path file) {}

    /**
     * A layer handed to {@link ImageStore#writeImage}: {@code file} is a blob to import (plain
     * or compressed tar; checked against {@code blobDigest} when that is given, and against the
     * config's diff id), or null when the store already has the blob {@code blobDigest}.
     */
    public record NewLayer(Path file, String blobDigest) {

        /** A blob the store already has. */
        public static NewLayer existing(String blobDigest) {
            return new NewLayer(null, blobDigest);
        }

        /** A tar file to import. */
        public static NewLayer fromFile(Path file) {
            return new NewLayer(file, null);
        }
    }
}
