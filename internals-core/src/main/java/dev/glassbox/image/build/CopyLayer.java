package dev.glassbox.image.build;

import dev.glassbox.image.LayerUnpacker;
import dev.glassbox.image.Progress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * The layer of one COPY or ADD: the sources' files placed under the destination, with
 * Docker's rules. A directory source copies its contents (not itself); several sources or a
 * destination ending in {@code /} make the destination a directory; missing parent
 * directories are made {@code 0755 root:root}, existing ones keep their mode and owner.
 * Files from the context belong to root unless {@code --chown} says otherwise. ADD unpacks a
 * local tar archive (plain, gzip, bzip2, xz) into the destination, keeping its owners.
 */
final class CopyLayer {
    /** One path of the layer, before it is written. */
    private record Entry(Path source, LayerTarWriter.Meta meta, char type, String linkTarget) {}

    private final BuildContext context;
    private final List<Path> lowerTopFirst;
    private final Integer uid, gid;
    private final Integer chmod;
    private final Path workDir;
    private final TreeMap<String, Entry> entries = new TreeMap<>();
    private final FileTime now = FileTime.from(Instant.now());

    /**
     * @param uid,gid {@code --chown}, or null to keep root (or an archive's owners)
     * @param chmod   {@code --chmod}, or null
     * @param workDir where ADD may unpack an archive first
     */
    CopyLayer(BuildContext context, List<Path> lowerTopFirst, Integer uid, Integer gid, Integer chmod, Path workDir) {
        this.context = context;
        this.lowerTopFirst = lowerTopFirst;
        this.uid = uid;
        this.gid = gid;
        this.chmod = chmod;
        this.workDir = workDir;
    }

    /**
     * Places {@code sources} at {@code dest} (absolute, as written: a trailing '/' means a
     * directory); {@code unpackArchives} for ADD.
     */
    void add(List<BuildContext.Source> sources, String dest, boolean unpackArchives) throws IOException {
        boolean destIsDir = dest.endsWith("/") || sources.size() > 1 || isDirInLower(clean(dest));
        String destRel = clean(dest);
        for (BuildContext.Source s : sources) {
            boolean dir = Files.isDirectory(s.path());
            if (dir) {
                makeParents(destRel, true);
                copyTree(s.path(), s.rel(), destRel, false);
            } else if (unpackArchives && isArchive(s.path())) {
                makeParents(destRel, true);
                Path unpacked = workDir.resolve("add-" + entries.size() + "-" + System.nanoTime());
                try (InputStream in = Files.newInputStream(s.path())) {
                    LayerUnpacker.unpack(in, unpacked, s.rel(), Progress.NONE);
                }
                copyTree(unpacked, null, destRel, true);
            } else {
                String target = destIsDir ? join(destRel, s.path().getFileName().toString()) : destRel;
                if (target.isEmpty()) throw new BuildException("COPY failed: cannot copy a file over the root directory");
                makeParents(parent(target), destIsDir);
                putFile(s.path(), target, false);
            }
        }
    }

    /** Writes the layer tar and returns its diff id. */
    String write(Path tarFile) throws IOException {
        try (LayerTarWriter w = new LayerTarWriter(tarFile)) {
            for (Map.Entry<String, Entry> e : entries.entrySet()) {
                Entry en = e.getValue();
                switch (en.type()) {
                    case 'd' -> w.directory(e.getKey(), en.meta());
                    case 'l' -> w.symlink(e.getKey(), en.meta(), en.linkTarget());
                    default -> {
                        long size = Files.size(en.source());
                        try (InputStream in = Files.newInputStream(en.source(), LinkOption.NOFOLLOW_LINKS)) {
                            w.file(e.getKey(), en.meta(), size, in);
                        }
                    }
                }
            }
            w.close();
            return w.diffId();
        }
    }

    private void copyTree(Path dir, String contextRel, String destRel, boolean keepOwners) throws IOException {
        if (!destRel.isEmpty()) putDir(dir, destRel, keepOwners);
        List<Path> children = contextRel == null ? listAll(dir) : context.children(dir, contextRel);
        for (Path c : children) {
            String name = c.getFileName().toString();
            String cRel = contextRel == null ? null : join(contextRel, name);
            String target = join(destRel, name);
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(c, cRel, target, keepOwners);
                if (cRel != null && !context.includes(cRel) && entries.subMap(target + "/", target + "0").isEmpty()) {
                    entries.remove(target); // left out, walked only for what a ! pattern takes back
                }
            } else if (cRel == null || context.includes(cRel)) {
                if (Files.isSymbolicLink(c)) putSymlink(c, target, keepOwners);
                else if (Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) putFile(c, target, keepOwners);
                // devices, fifos and sockets in a context are not copied, as Docker skips them
            }
        }
    }

    private static List<Path> listAll(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    private void putDir(Path source, String rel, boolean keepOwners) throws IOException {
        entries.put(rel, new Entry(null, meta(source, keepOwners, true), 'd', null));
    }

    private void putFile(Path source, String rel, boolean keepOwners) throws IOException {
        entries.put(rel, new Entry(source, meta(source, keepOwners, false), 'f', null));
    }

    private void putSymlink(Path source, String rel, boolean keepOwners) throws IOException {
        LayerTarWriter.Meta m = meta(source, keepOwners, false);
        entries.put(rel, new Entry(null, new LayerTarWriter.Meta(0777, m.uid(), m.gid(), m.mtime(), null), 'l',
                Files.readSymbolicLink(source).toString()));
    }

    private LayerTarWriter.Meta meta(Path p, boolean keepOwners, boolean dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode") & 07777;
        if (chmod != null) mode = chmod;
        int u = uid != null ? uid : keepOwners ? (Integer) a.get("uid") : 0;
        int g = gid != null ? gid : keepOwners ? (Integer) a.get("gid") : 0;
        return new LayerTarWriter.Meta(mode, u, g, (FileTime) a.get("lastModifiedTime"), null);
    }

    /**
     * The directories down to {@code rel}: as the image has them, or new (0755 root; the last
     * one chowned when {@code ownLast}, as the destination directory of a COPY --chown).
     */
    private void makeParents(String rel, boolean ownLast) throws IOException {
        if (rel.isEmpty()) return;
        String[] parts = rel.split("/");
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (!cur.isEmpty()) cur.append('/');
            cur.append(parts[i]);
            String r = cur.toString();
            if (entries.containsKey(r)) continue;
            Map<String, Object> lower = lowerAttrs(r);
            LayerTarWriter.Meta m;
            if (lower != null) {
                m = new LayerTarWriter.Meta((Integer) lower.get("mode") & 07777, (Integer) lower.get("uid"), (Integer) lower.get("gid"),
                        (FileTime) lower.get("lastModifiedTime"), null);
            } else {
                boolean own = ownLast && i == parts.length - 1;
                m = new LayerTarWriter.Meta(0755, own && uid != null ? uid : 0, own && gid != null ? gid : 0, now, null);
            }
            entries.put(r, new Entry(null, m, 'd', null));
        }
    }

    private Map<String, Object> lowerAttrs(String rel) throws IOException {
        for (Path lower : lowerTopFirst) {
            try {
                Map<String, Object> a = Files.readAttributes(lower.resolve(rel), "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
                return ((Integer) a.get("mode") & 0170000) == 0040000 ? a : null;
            } catch (NoSuchFileException e) {
                // not in this layer
            }
        }
        return null;
    }

    private boolean isDirInLower(String rel) throws IOException {
        return !rel.isEmpty() && lowerAttrs(rel) != null || rel.isEmpty();
    }

    /** A tar, maybe compressed, told by content as Docker's ADD does. */
    static boolean isArchive(Path p) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(p))) {
            InputStream in = raw;
            try {
                raw.mark(16);
                String kind = CompressorStreamFactory.detect(raw);
                in = new BufferedInputStream(new CompressorStreamFactory().createCompressorInputStream(kind, raw));
            } catch (CompressorException notCompressed) {
                raw.reset();
            }
            in.mark(1024);
            byte[] head = in.readNBytes(512);
            if (head.length < 512) return false;
            return TarArchiveInputStream.matches(head, head.length) && new TarArchiveInputStream(new java.io.ByteArrayInputStream(
                    head)).getNextEntry() instanceof TarArchiveEntry;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static String clean(String abs) {
        return DockerIgnore.clean(abs);
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }
}
