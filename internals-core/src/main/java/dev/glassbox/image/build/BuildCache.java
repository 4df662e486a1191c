package dev.glassbox.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The build cache, keyed as Docker's classic builder keys it: the parent image's id (the
 * digest of its config), the instruction's text after substitution, and for COPY/ADD a
 * digest of the files' names, modes and contents. An entry holds the image config the step
 * made and the layer it added (if any); a hit is used only while the store still has that
 * layer. Entries live in {@code <store root>/build-cache/<key hex>.json}, with the step's
 * parent and instruction, when it was made, when last used and how often, for
 * {@code system df}.
 *
 * <p>The layers themselves belong to the images in the store (a build's last image holds
 * every layer its steps made); an entry only points at one. So forgetting entries
 * ({@link #prune}) frees little space, but makes the next build run every step again.
 */
final class BuildCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a cached step made: the config bytes after it, and the digest of its layer blob or null. */
    record Hit(byte[] config, String layerDigest) {}

    /** One entry as {@code system df} lists it. {@code size} is the entry file's own bytes. */
    record Entry(String key, String parent, String createdBy, String layerDigest, long size, Instant created, Instant lastUsed,
            int usageCount) {}

    private final Path dir;

    BuildCache(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BuildException("cannot create the build cache " + dir + ": " + e.getMessage(), e);
        }
    }

    static String key(String parentId, String instruction, String contentDigest) {
        var md = BuildContext.sha256();
        md.update((parentId + "\n" + instruction + "\n" + (contentDigest == null ? "" : contentDigest)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    Optional<Hit> lookup(String key) {
        Path f = dir.resolve(key + ".json");
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            JsonNode n = JSON.readTree(f.toFile());
            String layer = n.hasNonNull("layer") ? n.get("layer").asText() : null;
            return Optional.of(new Hit(n.get("config").asText().getBytes(StandardCharsets.UTF_8), layer));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a torn entry is a miss
        }
    }

    /** A hit was used: counts it and stamps the time. */
    void used(String key) {
        Path f = dir.resolve(key + ".json");
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(f.toFile());
            n.put("usageCount", n.path("usageCount").asInt() + 1);
            n.put("lastUsed", Instant.now().toString());
            write(f, n);
        } catch (IOException | RuntimeException e) {
            // only the statistics are lost
        }
    }

    void store(String key, byte[] config, String layerDigest, String parentId, String createdBy) {
        ObjectNode n = JSON.createObjectNode();
        n.put("config", new String(config, StandardCharsets.UTF_8));
        if (layerDigest != null) n.put("layer", layerDigest);
        n.put("parent", parentId);
        n.put("createdBy", createdBy);
        String now = Instant.now().toString();
        n.put("created", now);
        n.put("lastUsed", now);
        n.put("usageCount", 0);
        write(dir.resolve(key + ".json"), n);
    }

    private void write(Path f, ObjectNode n) {
        Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
        try {
            JSON.writeValue(tmp.toFile(), n);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // a cache that cannot be written only costs time on the next build
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // left for prune
            }
        }
    }

    /** Every entry, oldest first. */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    JsonNode n = JSON.readTree(p.toFile());
                    Instant modified = Files.getLastModifiedTime(p).toInstant();
                    String name = p.getFileName().toString();
                    out.add(new Entry(name.substring(0, name.length() - 5), n.path("parent").asText(""), n.path("createdBy").asText(""),
                            n.hasNonNull("layer") ? n.get("layer").asText() : null, Files.size(p),
                            n.has("created") ? Instant.parse(n.get("created").asText()) : modified,
                            n.has("lastUsed") ? Instant.parse(n.get("lastUsed").asText()) : modified, n.path("usageCount").asInt()));
                } catch (IOException | RuntimeException torn) {
                    // a torn or foreign file: not an entry (prune removes it)
                }
            }
        } catch (IOException e) {
            throw new BuildException("cannot read the build cache " + dir + ": " + e.getMessage(), e);
        }
        out.sort(java.util.Comparator.comparing(Entry::created));
        return out;
    }

    /** {@code builder prune}: forgets every entry (and any torn file); returns the keys of the entries removed. */
    List<String> prune() {
        List<String> removed = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                Files.deleteIfExists(p);
                if (name.endsWith(".json")) removed.add(name.substring(0, name.length() - 5));
            }
        } catch (IOException e) {
            throw new BuildException("cannot prune the build cache " + dir + ": " + e.getMessage(), e);
        }
        return removed;
    }
}
