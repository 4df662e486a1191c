package dev.glassbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The host side of {@code cp}: a file or directory packed as a tar whose top entry has the name
 * the copy gives it, and a tar unpacked into a directory with its top entry renamed. Unpacking
 * never writes outside the directory: an entry with {@code ..} or an absolute name is refused,
 * and so is one whose way passes through a symbolic link (an earlier entry may have planted it).
 */
final class TarFiles {
    private TarFiles() {}

    /**
     * Writes {@code src} as a tar whose top entry is {@code topName} ({@code "."}: the directory's
     * contents only). Symbolic links are kept as links; sockets and devices are left out.
     * Returns the bytes of file content written.
     */
    static long pack(Path src, String topName, OutputStream out) throws IOException {
        long bytes = 0;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        try (var walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                String rel = src.relativize(p).toString();
                String name = rel.isEmpty() ? topName : (topName.equals(".") ? rel : topName + "/" + rel);
                TarArchiveEntry e;
                if (Files.isSymbolicLink(p)) {
                    e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    e = new TarArchiveEntry(p, name + "/", LinkOption.NOFOLLOW_LINKS);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    e = new TarArchiveEntry(p, name, LinkOption.NOFOLLOW_LINKS);
                } else {
                    continue;
                }
                tar.putArchiveEntry(e);
                if (e.isFile()) bytes += Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
        }
        tar.finish();
        tar.flush();
        return bytes;
    }

    /**
     * Extracts {@code in} into the existing directory {@code dir}. The tar's top name
     * {@code topFrom} (its first entry's first component) becomes {@code topTo}: a new name,
     * or {@code "."} to put its contents straight into {@code dir}; null keeps the names.
     * Returns the bytes of file content written.
     */
    static long unpack(InputStream in, Path dir, String topTo) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        long bytes = 0;
        String topFrom = null;
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = e.getName();
            while (name.startsWith("./")) name = name.substring(2);
            name = name.replaceAll("/+$", "");
            if (name.isEmpty()) name = ".";
            if (name.startsWith("/") || Path.of(name).normalize().startsWith("..") || name.contains("/../") || name.endsWith("/..")) {
                throw new CliException("refusing tar entry \"" + e.getName() + "\": it leads outside " + dir);
            }
            String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
            if (topFrom == null) topFrom = first;
            String rest = name.length() > first.length() ? name.substring(first.length() + 1) : "";
            String mapped = topTo == null || !first.equals(topFrom) ? name
                    : (topTo.equals(".") ? rest : (rest.isEmpty() ? topTo : topTo + "/" + rest));
            Path target = mapped.isEmpty() || mapped.equals(".") ? root : root.resolve(mapped).normalize();
            if (!target.startsWith(root)) throw new CliException("refusing tar entry \"" + e.getName() + "\": it leads outside " + dir);
            checkNoLinkOnTheWay(root, target.getParent() == null || target.equals(root) ? root : target.getParent());
            if (e.isDirectory()) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new CliException("cannot copy directory " + e.getName() + " over the file " + target);
                    }
                    Files.createDirectories(target);
                }
            } else if (e.isSymbolicLink()) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                continue;
            } else if (e.isLink()) {
                Path linked = root.resolve(e.getLinkName().replaceFirst("^(\\./)+", "")).normalize();
                if (!linked.startsWith(root)) throw new CliException("refusing hard link \"" + e.getName() + "\": its target leads outside " + dir);
                Files.deleteIfExists(target);
                Files.createLink(target, linked);
                continue;
            } else if (e.isFile()) {
                if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new CliException("cannot copy the file " + e.getName() + " over the directory " + target);
                }
                bytes += Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            } else {
                continue; // devices and fifos: root-only objects, not copied to the host
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
            if (e.getLastModifiedDate() != null && !e.isDirectory()) {
                Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
            }
        }
        return bytes;
    }

    /** Every directory from {@code root} down to {@code dir} must be a real directory, not a link to elsewhere. */
    private static void checkNoLinkOnTheWay(Path root, Path dir) throws IOException {
        Path p = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) continue;
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) throw new CliException("refusing to write through the symbolic link " + p);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(p);
            else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new FileAlreadyExistsException(p + " is not a directory");
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (1 << (8 - i))) != 0) s.add(all[i]);
        return s;
    }
}
