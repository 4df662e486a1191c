package dev.glassbox.image;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

/**
 * Files of an image archive read by their path inside it: a {@code docker save} tar or an OCI
 * layout as a tar or a directory. Paths never leave the archive: {@code ..} is refused and the
 * symlinks a legacy {@code docker save} uses for repeated layers are followed inside the tar.
 */
abstract class ArchiveSource implements Closeable {
    final String name;

    ArchiveSource(String name) {
        this.name = name;
    }

    abstract boolean exists(String path);

    /** The file's bytes; an {@link ImageException} naming the archive when it is missing. */
    abstract InputStream open(String path) throws IOException;

    byte[] readAll(String path) throws IOException {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        }
    }

    ImageException missing(String path) {
        return new ImageException(name + " has no " + path + ": the archive is incomplete or not an image archive");
    }

    /** A path inside the archive, '/'-separated, with "." and ".." resolved; refused if it climbs out. */
    String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (parts.isEmpty()) throw new ImageException("unsafe path \"" + path + "\" in " + name + ": it points outside the archive");
                parts.removeLast();
            } else {
                parts.addLast(c);
            }
        }
        return String.join("/", parts);
    }

    static ArchiveSource of(Path path) throws IOException {
        return Files.isDirectory(path) ? new Dir(path) : new Tar(path);
    }

    /** An uncompressed tar read with random access. */
    static final class Tar extends ArchiveSource {
        private final TarFile tar;
        private final Map<String, TarArchiveEntry> entries = new HashMap<>();

        Tar(Path file) throws IOException {
            super(file.getFileName().toString());
            try {
                this.tar = new TarFile(file);
            } catch (IOException e) {
                throw new ImageException(file + " is not a tar archive or OCI layout directory: " + e.getMessage(), e);
            }
            for (TarArchiveEntry e : tar.getEntries()) {
                try {
                    entries.put(clean(e.getName()), e);
                } catch (ImageException unsafe) {
                    // a name outside the archive can never be asked for; ignore it
                }
            }
        }

        private TarArchiveEntry find(String path) {
            String p = clean(path);
            for (int hops = 0; hops < 16; hops++) {
                TarArchiveEntry e = entries.get(p);
                if (e == null) return null;
                if (e.isSymbolicLink()) {
                    String link = e.getLinkName();
                    String base = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "";
                    p = clean(link.startsWith("/") ? link : base + "/" + link);
                } else if (e.isLink()) {
                    p = clean(e.getLinkName());
                } else {
                    return e.isFile() ? e : null;
                }
            }
            return null;
        }

        @Override
        boolean exists(String path) {
            return find(path) != null;
        }

        @Override
        InputStream open(String path) throws IOException {
            TarArchiveEntry e = find(path);
            if (e == null) throw missing(path);
            return tar.getInputStream(e);
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    /** An OCI layout directory. */
    static final class Dir extends ArchiveSource {
        private final Path dir;

        Dir(Path dir) throws IOException {
            super(dir.toString());
            this.dir = dir.toRealPath();
        }

        private Path resolve(String path) throws IOException {
            Path p = dir.resolve(clean(path));
            if (!Files.exists(p)) return null;
            Path real = p.toRealPath();
            if (!real.startsWith(dir)) {
                throw new ImageException("unsafe path \"" + path + "\" in " + name + ": a symlink leads outside the layout");
            }
            return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
        }

        @Override
        boolean exists(String path) {
            try {
                return resolve(path) != null;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        InputStream open(String path) throws IOException {
            Path p = resolve(path);
            if (p == null) throw missing(path);
            return Files.newInputStream(p);
        }

        @Override
        public void close() {}
    }
}
