package dev.glassbox.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The work area of one import or load, before anything is visible in the store: blobs are
 * copied under {@code root/tmp/<op>/}, layers are unpacked into {@code layers/.tmp-<op>-N}
 * beside their final place. {@link ImageStore} renames them into place under the store lock
 * only when every layer is good; {@link #close()} removes whatever is left, so a failure
 * leaves nothing behind.
 */
final class Staging implements AutoCloseable {
    /** A layer ready to commit: its blob is always staged; {@code unpacked} is null when the store already has it. */
    record StagedLayer(String diffId, String blobDigest, String mediaType, long blobSize, Path blobFile, Path unpacked,
            long size) {}

    /** An image ready to commit: its config bytes (whose digest is the image id), layers and tags. */
    record StagedImage(byte[] config, List<StagedLayer> layers, List<String> tags) {}

    final Path dir;
    private final Path layersDir;
    private final Progress progress;
    private final String op = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, StagedLayer> byDiffId = new HashMap<>();
    private final List<Path> tempLayerDirs = new ArrayList<>();
    private int counter;

    Staging(Path storeRoot, Path layersDir, Progress progress) {
        this.layersDir = layersDir;
        this.progress = progress;
        this.dir = storeRoot.resolve("tmp").resolve(op);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ImageException("cannot create a work directory in " + storeRoot + ": " + e.getMessage(), e);
        }
    }

    /** A fresh file name in the work area. */
    Path newFile(String hint) {
        return dir.resolve((counter++) + "-" + hint);
    }

    /**
     * Copies a layer blob in, checks it against what the archive claims (either may be null),
     * and unpacks it unless the store or this operation already has that layer.
     *
     * @param what names the layer in messages, e.g. {@code layer 2/3 (abc/layer.tar) of image.tar}
     */
    StagedLayer stageLayer(InputStream in, String what, String expectedDiffId, String expectedBlobDigest,
            java.util.function.ToLongFunction<String> knownLayerSize) throws IOException {
        Path blob = newFile("blob");
        Digests.HashingInputStream hashing = new Digests.HashingInputStream(in);
        try (OutputStream out = Files.newOutputStream(blob, StandardOpenOption.CREATE_NEW)) {
            hashing.transferTo(out);
        }
        String blobDigest = hashing.digest();
        long blobSize = hashing.count();
        if (expectedBlobDigest != null && !expectedBlobDigest.equals(blobDigest)) {
            throw new ImageException(what + " is corrupt: its digest is " + blobDigest + " but the archive says "
                    + expectedBlobDigest + "; nothing was imported");
        }
        Compression compression;
        try (InputStream head = new BufferedInputStream(Files.newInputStream(blob))) {
            compression = Compression.detect(head);
        }
        if (compression == Compression.NONE && expectedDiffId != null && !expectedDiffId.equals(blobDigest)) {
            throw corrupt(what, blobDigest, expectedDiffId);
        }
        String knownDiffId = compression == Compression.NONE ? blobDigest : expectedDiffId;
        if (knownDiffId != null) {
            StagedLayer seen = byDiffId.get(knownDiffId);
            if (seen != null) return withBlob(seen, blobDigest, compression, blobSize, blob, null);
            long size = knownLayerSize.applyAsLong(knownDiffId);
            if (size >= 0) {
                progress.step(what + ": already unpacked (" + Digests.hex(knownDiffId).substring(0, 12) + ")", 1, 1);
                StagedLayer l = new StagedLayer(knownDiffId, blobDigest, compression.mediaType, blobSize, blob, null, size);
                byDiffId.put(knownDiffId, l);
                return l;
            }
        }
        Path tmp = layersDir.resolve(".tmp-" + op + "-" + (counter++));
        tempLayerDirs.add(tmp);
        LayerUnpacker.Result r;
        try (InputStream raw = Files.newInputStream(blob)) {
            r = LayerUnpacker.unpack(raw, tmp, what, progress);
        }
        if (expectedDiffId != null && !expectedDiffId.equals(r.diffId())) throw corrupt(what, r.diffId(), expectedDiffId);
        for (String note : r.notes()) progress.step(what + ": " + note, 0, -1);
        StagedLayer seen = byDiffId.get(r.diffId());
        if (seen != null) {
            Trees.deleteRecursively(tmp);
            return withBlob(seen, blobDigest, compression, blobSize, blob, null);
        }
        StagedLayer l = new StagedLayer(r.diffId(), blobDigest, compression.mediaType, blobSize, blob, tmp, r.size());
        byDiffId.put(r.diffId(), l);
        return l;
    }

    private static StagedLayer withBlob(StagedLayer seen, String blobDigest, Compression c, long blobSize, Path blob,
            Path unpacked) {
        if (seen.blobDigest().equals(blobDigest)) return seen;
        return new StagedLayer(seen.diffId(), blobDigest, c.mediaType, blobSize, blob, unpacked, seen.size());
    }

    private static ImageException corrupt(String what, String actual, String expected) {
        return new ImageException(what + " is corrupt: its content digest is " + actual + " but the image config says "
                + expected + "; nothing was imported");
    }

    @Override
    public void close() {
        for (Path p : tempLayerDirs) Trees.deleteQuietly(p);
        Trees.deleteQuietly(dir);
    }
}
