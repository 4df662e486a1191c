package dev.glassbox.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The build cache, keyed as Docker's classic builder keys it: the parent image's id (the
 * digest of its config), the instruction's text after substitution, and for COPY/ADD a
 * digest of the files' names, modes and contents. An entry holds the image config the step
 * made and the layer it added (if any); a hit is used only while the store still has that
 * layer. Entries live in {@code <store root>/build-cache/<key hex>.json}.
 */
final class BuildCache {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a cached step made: the config bytes after it, and the digest of its layer blob or null. */
    record Hit(byte[] config, String layerDigest) {}

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

    void store(String key, byte[] config, String layerDigest) {
        ObjectNode n = JSON.createObjectNode();
        n.put("config", new String(config, StandardCharsets.UTF_8));
        if (layerDigest != null) n.put("layer", layerDigest);
        Path f = dir.resolve(key + ".json");
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

    /** {@code builder prune}: forgets every entry; returns how many there were. */
    int prune() {
        int n = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
                n++;
            }
        } catch (IOException e) {
            throw new BuildException("cannot prune the build cache " + dir + ": " + e.getMessage(), e);
        }
        return n;
    }
}
