package dev.glassbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An OCI image layout directory (image-layout.md of the OCI image spec): {@code oci-layout},
 * {@code index.json}, and content-addressed {@code blobs/sha256/<hex>}. Writers hold
 * {@link #lock()}; every file is written to a temporary name, fsynced and renamed into place,
 * so a reader never sees half a file and a crash never leaves a torn {@code index.json}.
 */
final class OciLayout {
    static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
    static final String REF_NAME = "org.opencontainers.image.ref.name";

    static final ObjectMapper JSON = new ObjectMapper();

    /** One entry of index.json's manifests: a manifest and the tag it carries (null when untagged). */
    record IndexEntry(String digest, long size, String ref) {}

    /** In-process locks per layout, since FileChannel.lock is per process, not per thread. */
    private static final Map<Path, ReentrantLock> PROCESS_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path blobs;

    OciLayout(Path dir) {
        this.dir = dir;
        this.blobs = dir.resolve("blobs").resolve("sha256");
    }

    Path dir() {
        return dir;
    }

    /** Creates the layout files when missing. */
    void create() {
        try {
            Files.createDirectories(blobs);
            if (!Files.exists(dir.resolve("oci-layout"))) {
                writeAtomically(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
            }
            if (!Files.exists(dir.resolve("index.json"))) writeIndex(List.of());
        } catch (IOException e) {
            throw new ImageException("cannot create the image store at " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Exclusive access to the layout across threads and processes; close to release. */
    AutoCloseable lock() {
        ReentrantLock local = PROCESS_LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
        local.lock();
        if (local.getHoldCount() > 1) return local::unlock; // re-entered: the file lock is already ours
        try {
            FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.lock();
            return () -> {
                try {
                    fl.release();
                    ch.close();
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException e) {
            local.unlock();
            throw new ImageException("cannot lock the image store " + dir + ": " + e.getMessage(), e);
        }
    }

    Path blob(String digest) {
        return blobs.resolve(Digests.hex(digest));
    }

    boolean hasBlob(String digest) {
        return Files.isRegularFile(blob(digest));
    }

    byte[] readBlob(String digest) {
        try {
            return Files.readAllBytes(blob(digest));
        } catch (IOException e) {
            throw new ImageException("the image store is missing blob " + digest + " (" + e.getMessage()
                    + "): remove the image and load it again", e);
        }
    }

    JsonNode readJsonBlob(String digest) {
        try {
            return JSON.readTree(readBlob(digest));
        } catch (IOException e) {
            throw new ImageException("blob " + digest + " in the image store is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** Stores {@code data} under its digest (idempotent) and returns the digest. */
    String putBlob(byte[] data) {
        String digest = Digests.of(data);
        if (!hasBlob(digest)) {
            try {
                writeAtomically(blob(digest), data);
            } catch (IOException e) {
                throw new ImageException("cannot write blob " + digest + ": " + e.getMessage(), e);
            }
        }
        return digest;
    }

    /** Moves a staged file in as the blob {@code digest}; drops it when that blob is already there. */
    void moveBlobIn(Path staged, String digest) throws IOException {
        Path target = blob(digest);
        if (Files.exists(target)) {
            Files.deleteIfExists(staged);
            return;
        }
        try (FileChannel ch = FileChannel.open(staged, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    }

    void deleteBlob(String digest) throws IOException {
        Files.deleteIfExists(blob(digest));
    }

    List<String> blobDigests() {
        try (var s = Files.list(blobs)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9a-f]{64}")).map(n -> "sha256:" + n)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index last parsed, with the bytes it was parsed from. */
    private record ParsedIndex(byte[] bytes, List<IndexEntry> entries) {}

    private volatile ParsedIndex lastIndex;

    List<IndexEntry> readIndex() {
        Path index = dir.resolve("index.json");
        if (!Files.exists(index)) return List.of();
        try {
            // every create and start looks its image up here: the same bytes as last time are not
            // parsed again (any other process may have rewritten the file, so it is read each time)
            byte[] bytes = Files.readAllBytes(index);
            ParsedIndex last = lastIndex;
            if (last != null && java.util.Arrays.equals(last.bytes(), bytes)) return last.entries();
            JsonNode root = JSON.readTree(bytes);
            List<IndexEntry> out = new ArrayList<>();
            for (JsonNode m : root.path("manifests")) {
                JsonNode ref = m.path("annotations").get(REF_NAME);
                out.add(new IndexEntry(m.path("digest").asText(), m.path("size").asLong(), ref == null ? null : ref.asText()));
            }
            lastIndex = new ParsedIndex(bytes, List.copyOf(out));
            return lastIndex.entries();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of(); // removed meanwhile
        } catch (IOException e) {
            throw new ImageException("cannot read " + index + ": " + e.getMessage(), e);
        }
    }

    void writeIndex(List<IndexEntry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", INDEX_MEDIA_TYPE);
        ArrayNode manifests = root.putArray("manifests");
        for (IndexEntry e : entries) {
            ObjectNode m = manifests.addObject();
            m.put("mediaType", MANIFEST_MEDIA_TYPE);
            m.put("digest", e.digest());
            m.put("size", e.size());
            if (e.ref() != null) m.putObject("annotations").put(REF_NAME, e.ref());
        }
        try {
            writeAtomically(dir.resolve("index.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        } catch (IOException e) {
            throw new ImageException("cannot write " + dir.resolve("index.json") + ": " + e.getMessage(), e);
        }
    }

    /** Write to a temporary file beside, fsync, rename over, fsync the directory. */
    static void writeAtomically(Path target, byte[] data) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            fsyncDir(target.getParent());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static void fsyncDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be fsynced; the rename is still atomic
        }
    }
}
