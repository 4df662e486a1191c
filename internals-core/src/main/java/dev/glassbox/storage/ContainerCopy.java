package dev.glassbox.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.DirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * docker cp, both ways, as tar streams (the Docker API's archive format) on a container's
 * merged root. Every file is opened through {@link InRoot}: the kernel resolves each path
 * with the container's root as {@code /} ({@code openat2} with {@code RESOLVE_IN_ROOT}), so a
 * symbolic link in the container, however crafted, and even one swapped in by a running
 * container while the copy goes on, never makes a copy read or write the host's files. A
 * tar's names are cleaned the same way ({@code ..} stops at the root).
 */
public final class ContainerCopy {
    private ContainerCopy() {}

    /** Writes {@code path} (a file or a directory, as the container sees it) as a tar to {@code out}. */
    public static void copyOut(Path root, String path, OutputStream out) throws IOException {
        Path src = SecureJoin.resolve(root, path); // the name a link leads to, for the tar's first entry
        String rel = root.relativize(src).toString();
        String base = rel.isEmpty() ? "." : src.getFileName().toString();
        try (InRoot in = InRoot.open(root)) {
            try {
                in.open(rel, InRoot.O_PATH).close();
            } catch (java.nio.file.NoSuchFileException e) {
                throw new java.nio.file.NoSuchFileException("Could not find the file " + path + " in container");
            }
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                // the first path was resolved by SecureJoin; should it have become a link since, it is followed inside the root
                emit(in, rel, base, tar, true);
            }
        }
    }

    /** One entry, and a directory's contents after it; nothing is opened by a path the kernel has not scoped. */
    private static void emit(InRoot in, String rel, String name, TarArchiveOutputStream tar, boolean followFirst) throws IOException {
        try (InRoot.Fd parent = in.open(parentOf(rel), InRoot.O_PATH | InRoot.O_DIRECTORY)) {
            String leaf = rel.isEmpty() ? "." : rel.substring(rel.lastIndexOf('/') + 1);
            Path here = rel.isEmpty() ? parent.path() : parent.child(leaf);
            PosixFileAttributes attrs = rel.isEmpty() ? Files.readAttributes(here, PosixFileAttributes.class) // the root itself
                    : Files.readAttributes(here, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink() && !followFirst) {
                TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(Files.readSymbolicLink(here).toString());
                e.setModTime(attrs.lastModifiedTime());
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } else if (attrs.isDirectory() || attrs.isSymbolicLink()) {
                try (InRoot.Fd dir = in.open(rel, InRoot.O_RDONLY | InRoot.O_DIRECTORY | (followFirst ? 0 : InRoot.O_NOFOLLOW))) {
                    TarArchiveEntry e = new TarArchiveEntry(dir.path(), name + "/");
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                    List<String> children = new ArrayList<>();
                    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.path())) {
                        for (Path c : s) children.add(c.getFileName().toString());
                    }
                    Collections.sort(children);
                    for (String c : children) emit(in, rel.isEmpty() ? c : rel + "/" + c, name + "/" + c, tar, false);
                } catch (java.nio.file.NotDirectoryException e) {
                    if (!followFirst) throw changed(rel, e);
                    regular(in, rel, name, tar, true); // a link to a file
                }
            } else if (attrs.isRegularFile()) {
                regular(in, rel, name, tar, followFirst);
            } else {
                // devices, fifos, sockets: the header only, nothing is opened (a fifo would block)
                TarArchiveEntry e = new TarArchiveEntry(here, name, LinkOption.NOFOLLOW_LINKS);
                e.setSize(0);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
    }

    private static void regular(InRoot in, String rel, String name, TarArchiveOutputStream tar, boolean follow) throws IOException {
        try (InRoot.Fd f = in.open(rel, InRoot.O_RDONLY | (follow ? 0 : InRoot.O_NOFOLLOW));
             InputStream data = Files.newInputStream(f.path())) {
            TarArchiveEntry e = new TarArchiveEntry(f.path(), name);
            if (!e.isFile()) throw changed(rel, null);
            tar.putArchiveEntry(e);
            long left = e.getSize();
            byte[] buf = new byte[65536];
            while (left > 0) {
                int n = data.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw changed(rel, null);
                tar.write(buf, 0, n);
                left -= n;
            }
            tar.closeArchiveEntry();
        }
    }

    private static IOException changed(String rel, Exception cause) {
        return new IOException("/" + rel + " changed while it was being copied; copy it again", cause);
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /**
     * Extracts the tar {@code in} into directory {@code dir} (as the container sees it). Each
     * entry's name is cleaned ({@code ..} stops at the root), its parent directory opened
     * inside the root (links in it followed as the container would, inside the root), and the
     * entry made there without following a link in its own name.
     */
    public static void copyIn(Path root, String dir, InputStream in) throws IOException {
        try (InRoot r = InRoot.open(root); in) {
            String dest = clean(dir);
            try {
                r.open(dest, InRoot.O_PATH | InRoot.O_DIRECTORY).close();
            } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
                throw new java.nio.file.NotDirectoryException("Could not find the directory " + dir + " in container");
            }
            TarArchiveInputStream tar = new TarArchiveInputStream(in);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String rel = clean(dest + "/" + e.getName());
                if (rel.isEmpty()) continue; // "." or "/": the destination itself
                String leaf = rel.substring(rel.lastIndexOf('/') + 1);
                try (InRoot.Fd parent = r.mkdirs(parentOf(rel))) {
                    Path target = parent.child(leaf);
                    if (e.isDirectory()) {
                        try (InRoot.Fd d = r.mkdirs(rel)) {
                            Files.setPosixFilePermissions(d.path(), permissions(e.getMode()));
                        }
                    } else if (e.isSymbolicLink()) {
                        Files.deleteIfExists(target); // the link itself, never what it points to
                        Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                    } else if (e.isFile()) {
                        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                            throw new IOException("cannot overwrite directory /" + rel + " with the file " + e.getName());
                        }
                        Files.deleteIfExists(target);
                        try (InRoot.Fd f = r.create(rel, e.getMode() & 0777); OutputStream o = Files.newOutputStream(f.path())) {
                            tar.transferTo(o);
                            Files.setPosixFilePermissions(f.path(), permissions(e.getMode()));
                        }
                    }
                    // devices, fifos and hard links are not copied
                }
            }
        }
    }

    /** {@code path} as a relative path under the root: no empty parts, no ".", ".." stopping at the root. */
    static String clean(String path) {
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String p : path.split("/")) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }
}
