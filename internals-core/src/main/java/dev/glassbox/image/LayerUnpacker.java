package dev.glassbox.image;

import dev.glassbox.sys.SysException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * Unpacks one layer tar (plain, gzip, bzip2; zstd when zstd-jni is present) into a directory,
 * safely: no entry writes outside that directory.
 *
 * <ul>
 *   <li>A leading {@code /} is stripped (as Docker does); a name that climbs out with {@code ..}
 *       is refused.
 *   <li>Every parent of an entry must be a real directory inside the layer, never a symlink an
 *       earlier entry made ({@code a -> /etc} then {@code a/passwd} is refused), checked with
 *       {@code lstat} semantics ({@link LinkOption#NOFOLLOW_LINKS}) on each component.
 *   <li>A file replacing an existing path first removes it, then is created with
 *       {@code O_CREAT|O_EXCL}, which never follows a symlink.
 *   <li>Hardlinks must name an earlier non-directory entry of the same layer.
 *   <li>Whiteouts become what overlayfs reads: {@code .wh.NAME} a 0/0 character device named
 *       NAME, {@code .wh..wh..opq} the xattr {@code trusted.overlay.opaque=y} on its directory
 *       ({@code user.overlay.opaque} when not root, for overlay's {@code userxattr} mode).
 * </ul>
 *
 * Mode (with setuid/setgid/sticky), owner (root only), mtime and xattrs are kept. Device
 * nodes are made only as root and skipped with a note otherwise. On any failure the target
 * directory is removed, so a failed unpack leaves nothing.
 */
public final class LayerUnpacker {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE_MARKER = ".wh..wh..opq";

    /** What an unpack produced: the diff id (sha256 of the uncompressed tar), file bytes, entries, notes. */
    public record Result(String diffId, long size, long entries, List<String> notes) {}

    private final Path root;
    private final String archiveName;
    private final Progress progress;
    private final boolean asRoot;
    private final List<String> notes = new ArrayList<>();
    private final Set<String> knownDirs = new HashSet<>();
    private final Deque<DirAttributes> dirAttributes = new ArrayDeque<>();
    private String currentEntry = "";

    private record DirAttributes(Path dir, int mode, long mtimeSeconds) {}

    private LayerUnpacker(Path root, String archiveName, Progress progress) {
        this.root = root;
        this.archiveName = archiveName;
        this.progress = progress;
        this.asRoot = FileCalls.isRoot();
    }

    /**
     * Unpacks {@code tar} into {@code target}, which must not exist yet (it is created, and
     * removed again on failure). {@code archiveName} names the tar in messages.
     */
    public static Result unpack(InputStream tar, Path target, String archiveName, Progress progress) {
        try {
            Files.createDirectory(target);
        } catch (IOException e) {
            throw new ImageException("cannot create layer directory " + target + ": " + e.getMessage(), e);
        }
        LayerUnpacker u = new LayerUnpacker(target, archiveName, progress);
        try {
            return u.run(tar);
        } catch (RuntimeException | IOException e) {
            try {
                Trees.deleteRecursively(target);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof ImageException ie) throw ie;
            throw new ImageException("cannot unpack " + archiveName + " at entry \"" + u.currentEntry + "\": "
                    + e.getMessage() + "; nothing was imported", e);
        }
    }

    private Result run(InputStream raw) throws IOException {
        Digests.HashingInputStream uncompressed =
                new Digests.HashingInputStream(Compression.decompressed(raw, archiveName));
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(uncompressed, 65536);
        requireTarHeader(in);
        long size = 0, entries = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(in, StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            currentEntry = e.getName();
            entries++;
            progress.step(archiveName + ": " + e.getName(), entries, -1);
            if (isRegularFile(e)) size += e.getSize();
            apply(e, tar);
        }
        in.transferTo(java.io.OutputStream.nullOutputStream()); // the diff id covers the trailing zero blocks too
        uncompressed.drain();
        finishDirectories();
        return new Result(uncompressed.digest(), size, entries, List.copyOf(notes));
    }

    /** Refuses what is not a tar before anything is written: the first header's checksum must hold. */
    private void requireTarHeader(java.io.BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] header = in.readNBytes(512);
        in.reset();
        boolean allZero = true;
        for (byte b : header) allZero &= b == 0;
        if (header.length < 512 || !(allZero || TarUtils.verifyCheckSum(header))) {
            throw new ImageException(archiveName + " is not a tar archive (plain, gzip or bzip2); nothing was imported");
        }
    }

    /** Regular file types only: commons-compress's isFile() also says yes to FIFOs and devices. */
    private static boolean isRegularFile(TarArchiveEntry e) {
        byte f = e.getLinkFlag();
        return f == TarArchiveEntry.LF_NORMAL || f == TarArchiveEntry.LF_OLDNORM || f == TarArchiveEntry.LF_CONTIG;
    }

    private void apply(TarArchiveEntry e, InputStream content) throws IOException {
        String rel = clean(e.getName());
        String base = rel.substring(rel.lastIndexOf('/') + 1);
        String parentRel = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/')) : "";

        if (base.startsWith(WHITEOUT_PREFIX)) {
            whiteout(rel, parentRel, base);
            return;
        }
        if (rel.isEmpty()) { // "./": the layer's root itself
            // its mode, but not its time: the store tells abandoned work areas by their age
            if (e.isDirectory()) dirAttributes.push(new DirAttributes(root, mode(e), -1));
            return;
        }
        Path parent = realParentDir(parentRel, rel);
        Path path = parent.resolve(base);

        if (e.isDirectory()) {
            BasicFileAttributes existing = lstat(path);
            if (existing != null && !existing.isDirectory()) removeExisting(path, existing);
            if (existing == null || !existing.isDirectory()) Files.createDirectory(path);
            knownDirs.add(rel);
            FileCalls.chmod(path, 0700); // writable while we fill it; the real mode comes at the end
            owner(path, e);
            xattrs(path, e);
            dirAttributes.push(new DirAttributes(path, mode(e), mtime(e)));
            return;
        }

        removeExisting(path, lstat(path));
        if (e.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(e.getLinkName()));
            owner(path, e);
            xattrs(path, e);
            FileCalls.lutimes(path, mtime(e), 0);
        } else if (e.isLink()) {
            hardlink(rel, path, e.getLinkName());
        } else if (e.isCharacterDevice() || e.isBlockDevice()) {
            if (!asRoot) {
                notes.add("skipped device node " + rel + " (only root may create device nodes)");
                return;
            }
            int type = e.isCharacterDevice() ? FileCalls.S_IFCHR : FileCalls.S_IFBLK;
            FileCalls.mknod(path, type | 0600, FileCalls.makedev(e.getDevMajor(), e.getDevMinor()));
            finishNode(path, e);
        } else if (e.isFIFO()) {
            FileCalls.mknod(path, FileCalls.S_IFIFO | 0600, 0);
            finishNode(path, e);
        } else if (isRegularFile(e)) {
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                content.transferTo(out);
            }
            finishNode(path, e);
        } else {
            notes.add("skipped " + rel + " (unsupported tar entry type '" + (char) e.getLinkFlag() + "')");
        }
    }

    /** Owner, mode (after chown, which clears setuid), xattrs, then mtime of a non-directory, non-link. */
    private void finishNode(Path path, TarArchiveEntry e) {
        owner(path, e);
        FileCalls.chmod(path, mode(e));
        xattrs(path, e);
        FileCalls.lutimes(path, mtime(e), 0);
    }

    private void hardlink(String rel, Path path, String linkName) throws IOException {
        String targetRel;
        try {
            targetRel = clean(linkName);
        } catch (ImageException outside) {
            throw unsafe(rel, "it is a hardlink to \"" + linkName + "\", outside the layer");
        }
        if (targetRel.isEmpty()) throw unsafe(rel, "it is a hardlink to the layer's root directory");
        String targetParent = targetRel.contains("/") ? targetRel.substring(0, targetRel.lastIndexOf('/')) : "";
        Path target = realParentDir(targetParent, rel, false).resolve(targetRel.substring(targetRel.lastIndexOf('/') + 1));
        BasicFileAttributes attrs = lstat(target);
        if (attrs == null) {
            throw unsafe(rel, "it is a hardlink to \"" + linkName + "\", which is not an earlier entry of the layer");
        }
        if (attrs.isDirectory()) throw unsafe(rel, "it is a hardlink to a directory");
        Files.createLink(path, target); // link(2) does not follow a symlink target
    }

    private void whiteout(String rel, String parentRel, String base) throws IOException {
        Path parent = realParentDir(parentRel, rel);
        if (base.equals(OPAQUE_MARKER)) {
            if (parentRel.isEmpty()) return; // the root of a layer cannot be opaque; nothing to hide
            opaque(parent);
            return;
        }
        if (base.startsWith(WHITEOUT_PREFIX + WHITEOUT_PREFIX)) {
            notes.add("ignored whiteout metadata " + rel);
            return;
        }
        String name = base.substring(WHITEOUT_PREFIX.length());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) throw unsafe(rel, "it is a malformed whiteout");
        Path hidden = parent.resolve(name);
        removeExisting(hidden, lstat(hidden));
        try {
            FileCalls.mknod(hidden, FileCalls.S_IFCHR, 0); // 0/0 char device: overlayfs's whiteout
        } catch (SysException ex) {
            throw new ImageException("cannot create the overlay whiteout for " + parentRel + (parentRel.isEmpty() ? "" : "/")
                    + name + " from " + archiveName + ": " + ex.getMessage() + " (run as root)", ex);
        }
    }

    private void opaque(Path dir) {
        String attr = asRoot ? "trusted.overlay.opaque" : "user.overlay.opaque";
        try {
            FileCalls.lsetxattr(dir, attr, new byte[] {'y'});
        } catch (SysException ex) {
            throw new ImageException("cannot mark " + root.relativize(dir) + " opaque (" + attr + ") while unpacking "
                    + archiveName + ": " + ex.getMessage() + "; the file system under the store must support xattrs", ex);
        }
    }

    /**
     * The directory {@code parentRel} inside the layer, made of real directories only: missing
     * ones are created (tar allows files before their directory), a symlink or a file on the
     * way is refused.
     */
    private Path realParentDir(String parentRel, String entry) throws IOException {
        return realParentDir(parentRel, entry, true);
    }

    private Path realParentDir(String parentRel, String entry, boolean create) throws IOException {
        if (parentRel.isEmpty()) return root;
        if (knownDirs.contains(parentRel)) return root.resolve(parentRel);
        Path cur = root;
        StringBuilder sofar = new StringBuilder();
        for (String c : parentRel.split("/")) {
            if (!sofar.isEmpty()) sofar.append('/');
            sofar.append(c);
            cur = cur.resolve(c);
            if (knownDirs.contains(sofar.toString())) continue;
            BasicFileAttributes a = lstat(cur);
            if (a == null) {
                if (!create) throw unsafe(entry, "its target's directory \"" + sofar + "\" is not in the layer");
                Files.createDirectory(cur);
                FileCalls.chmod(cur, 0700);
                dirAttributes.push(new DirAttributes(cur, 0755, 0));
            } else if (a.isSymbolicLink()) {
                throw unsafe(entry, "its parent \"" + sofar + "\" is a symbolic link, which could lead outside the layer");
            } else if (!a.isDirectory()) {
                throw unsafe(entry, "its parent \"" + sofar + "\" is not a directory");
            }
            knownDirs.add(sofar.toString());
        }
        return cur;
    }

    private void removeExisting(Path path, BasicFileAttributes existing) throws IOException {
        if (existing == null) return;
        if (existing.isDirectory()) {
            Trees.deleteRecursively(path);
            String rel = root.relativize(path).toString();
            knownDirs.removeIf(d -> d.equals(rel) || d.startsWith(rel + "/"));
        } else {
            Files.delete(path); // a symlink is removed itself, never its target
        }
    }

    private void owner(Path path, TarArchiveEntry e) {
        if (!asRoot) return;
        FileCalls.lchown(path, (int) e.getLongUserId(), (int) e.getLongGroupId());
    }

    private void xattrs(Path path, TarArchiveEntry e) {
        for (Map.Entry<String, String> h : e.getExtraPaxHeaders().entrySet()) {
            if (!h.getKey().startsWith("SCHILY.xattr.")) continue;
            String name = h.getKey().substring("SCHILY.xattr.".length());
            try {
                FileCalls.lsetxattr(path, name, h.getValue().getBytes(StandardCharsets.ISO_8859_1));
            } catch (SysException ex) {
                notes.add("skipped xattr " + name + " on " + root.relativize(path) + ": " + ex.getMessage());
            }
        }
    }

    /** Directory modes and times last, deepest first, so filling them never hit a read-only one. */
    private void finishDirectories() {
        while (!dirAttributes.isEmpty()) {
            DirAttributes d = dirAttributes.pop();
            // a later entry may have replaced this directory (or one above it) with a symlink:
            // chmod follows links, so only touch what is still a real directory inside the layer
            if (!stillARealDirectory(d.dir())) continue;
            FileCalls.chmod(d.dir(), d.mode());
            if (d.mtimeSeconds() >= 0) FileCalls.lutimes(d.dir(), d.mtimeSeconds(), 0);
        }
    }

    private boolean stillARealDirectory(Path dir) {
        Path cur = root;
        try {
            if (!lstat(root).isDirectory()) return false;
            for (Path c : root.relativize(dir)) {
                if (c.toString().isEmpty()) continue;
                cur = cur.resolve(c);
                BasicFileAttributes a = lstat(cur);
                if (a == null || !a.isDirectory() || a.isSymbolicLink()) return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int mode(TarArchiveEntry e) {
        return e.getMode() & 07777;
    }

    private static long mtime(TarArchiveEntry e) {
        return e.getLastModifiedTime() == null ? 0 : e.getLastModifiedTime().toInstant().getEpochSecond();
    }

    private static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The entry's path relative to the layer root, '/'-separated, "" for the root. A leading
     * '/' is stripped as Docker does; climbing above the root with ".." is refused.
     */
    String clean(String name) {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (parts.isEmpty()) throw unsafe(name, "it points outside the layer");
                parts.removeLast();
            } else {
                if (c.indexOf('\0') >= 0) throw unsafe(name, "its name contains a NUL byte");
                parts.addLast(c);
            }
        }
        return String.join("/", parts);
    }

    private ImageException unsafe(String entry, String why) {
        return new ImageException("unsafe archive entry \"" + entry + "\" in " + archiveName + ": " + why
                + "; nothing was imported");
    }
}
