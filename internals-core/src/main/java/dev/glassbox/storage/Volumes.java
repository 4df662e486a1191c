package dev.glassbox.storage;

import dev.glassbox.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Named and anonymous volumes, as Docker's local driver keeps them: a directory per volume
 * ({@code volumes/NAME/_data}) that outlives any container mounting it.
 */
public final class Volumes {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private final Path dir;
    private final SecureRandom random = new SecureRandom();

    /** What Docker's {@code volume inspect} shows. */
    public record Volume(String name, Path mountpoint, Instant createdAt, boolean anonymous, Map<String, String> labels) {}

    public Volumes(Path dir) {
        this.dir = dir;
    }

    /** docker volume create [NAME]: an existing one is returned as it is. */
    public synchronized Volume create(String name, Map<String, String> labels) {
        boolean anonymous = name == null || name.isBlank();
        if (anonymous) {
            byte[] b = new byte[32];
            random.nextBytes(b);
            name = HexFormat.of().formatHex(b);
        } else if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed");
        }
        Optional<Volume> existing = get(name);
        if (existing.isPresent()) return existing.get();
        Path v = dir.resolve(name);
        try {
            Files.createDirectories(v.resolve("_data"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create volume " + name + " in " + dir, e);
        }
        Volume vol = new Volume(name, v.resolve("_data"), Instant.now(), anonymous, labels == null ? Map.of() : labels);
        Json.write(v.resolve("volume.json"), vol);
        return vol;
    }

    public Optional<Volume> get(String name) {
        Path meta = dir.resolve(name).resolve("volume.json");
        if (!NAME.matcher(name).matches() || !Files.exists(meta)) return Optional.empty();
        return Optional.of(Json.read(meta, Volume.class));
    }

    public List<Volume> list() {
        if (!Files.isDirectory(dir)) return List.of();
        List<Volume> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) get(p.getFileName().toString()).ifPresent(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(Volume::name));
        return out;
    }

    /** docker volume rm: the caller checks that no container uses it. */
    public void remove(String name) {
        if (get(name).isEmpty()) throw new IllegalArgumentException("get " + name + ": no such volume");
        deleteTree(dir.resolve(name));
    }

    /** Bytes used by a volume's data. */
    public long size(String name) {
        return du(dir.resolve(name).resolve("_data"));
    }

    /** du -s in bytes, not following symlinks. */
    public static long du(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return 0;
        try (var walk = Files.walk(p)) {
            return walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }
}
