package dev.glassbox.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * docker cp, both ways, as tar streams (the Docker API's archive format) on a container's
 * merged root. Every path is resolved with {@link SecureJoin}: a symbolic link in the
 * container, however crafted, never makes a copy read or write the host's files.
 */
public final class ContainerCopy {
    private ContainerCopy() {}

    /** Writes {@code path} (a file or a directory, as the container sees it) as a tar to {@code out}. */
    public static void copyOut(Path root, String path, OutputStream out) throws IOException {
        Path src = SecureJoin.resolve(root, path);
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) throw new java.nio.file.NoSuchFileException("Could not find the file " + path + " in container");
        String base = src.equals(root) ? "." : src.getFileName().toString();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            try (var walk = Files.walk(src)) {
                for (Path p : walk.toList()) {
                    String name = base + (p.equals(src) ? "" : "/" + src.relativize(p));
                    TarArchiveEntry e;
                    if (Files.isSymbolicLink(p)) {
                        e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        e.setLinkName(Files.readSymbolicLink(p).toString());
                    } else {
                        e = new TarArchiveEntry(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? name + "/" : name, LinkOption.NOFOLLOW_LINKS);
                    }
                    tar.putArchiveEntry(e);
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
        }
    }

    /** Extracts the tar {@code in} into directory {@code dir} (as the container sees it). */
    public static void copyIn(Path root, String dir, InputStream in) throws IOException {
        Path dest = SecureJoin.resolve(root, dir);
        if (!Files.isDirectory(dest)) throw new java.nio.file.NotDirectoryException("Could not find the directory " + dir + " in container");
        String destInContainer = "/" + root.relativize(dest);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                // resolved again for every entry: an earlier entry may have planted a symlink
                Path target = SecureJoin.resolve(root, destInContainer + "/" + name);
                if (!target.startsWith(root)) throw new IOException("entry " + name + " leads outside the container");
                Files.createDirectories(target.getParent());
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else if (e.isFile()) {
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    continue; // devices, fifos and hard links are not copied
                }
                if (!e.isSymbolicLink()) Files.setPosixFilePermissions(target, permissions(e.getMode()));
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = new HashSet<>();
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }
}
