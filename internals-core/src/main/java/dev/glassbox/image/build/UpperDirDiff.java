package dev.glassbox.image.build;

import dev.glassbox.mount.XattrCalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a container's overlay upper directory into a layer tar: what a RUN changed.
 *
 * <p>Overlayfs records a deleted file as a character device 0/0 with the file's name, and a
 * directory whose lower contents are hidden (deleted, then made again) with the xattr
 * {@code trusted.overlay.opaque=y}. Layer tars say the same with {@code .wh.NAME} files and
 * {@code .wh..wh..opq}: this class translates one into the other.
 *
 * <p>The runtime's own mount points are left out, as Docker leaves them in its init layer:
 * {@code /proc}, {@code /sys}, {@code /dev} and the bind-mounted {@code /etc/hosts},
 * {@code /etc/hostname}, {@code /etc/resolv.conf}. A directory overlay only copied up on the
 * way to one of them (unchanged mode and owner, nothing else in it) is left out as well.
 */
final class UpperDirDiff {
    private static final Set<String> MOUNT_POINTS = Set.of("proc", "sys", "dev", "etc/hosts", "etc/hostname", "etc/resolv.conf");
    private static final int S_IFMT = 0170000, S_IFCHR = 0020000, S_IFBLK = 0060000, S_IFIFO = 0010000,
            S_IFDIR = 0040000, S_IFLNK = 0120000, S_IFREG = 0100000;
    /** File capabilities (setcap) travel with the file, as Docker keeps them. */
    private static final List<String> KEPT_XATTRS = List.of("security.capability");

    private final Path upper;
    private final List<Path> lowerTopFirst;
    private final Map<String, String> firstPathOfInode = new HashMap<>();

    private UpperDirDiff(Path upper, List<Path> lowerTopFirst) {
        this.upper = upper;
        this.lowerTopFirst = lowerTopFirst;
    }

    /** What a diff held: how many entries were written. */
    record Result(String diffId, long entries) {}

    /** Writes the changes in {@code upper} (over {@code lowerTopFirst}) to {@code tarFile}. */
    static Result write(Path upper, List<Path> lowerTopFirst, Path tarFile) throws IOException {
        UpperDirDiff d = new UpperDirDiff(upper, lowerTopFirst);
        try (LayerTarWriter w = new LayerTarWriter(tarFile)) {
            Node root = d.scan(upper, "");
            for (Node child : root.children) d.emit(child, w);
            w.close();
            return new Result(w.diffId(), w.entries());
        }
    }

    /** A path of the upper dir, with whether anything below it goes into the layer. */
    private static final class Node {
        final String rel;
        final Path path;
        final Map<String, Object> attrs;
        final List<Node> children = new ArrayList<>();
        boolean opaque;
        boolean keep;

        Node(String rel, Path path, Map<String, Object> attrs) {
            this.rel = rel;
            this.path = path;
            this.attrs = attrs;
        }

        int mode() {
            return (Integer) attrs.get("mode");
        }
    }

    private Node scan(Path path, String rel) throws IOException {
        Node n = new Node(rel, path, Files.readAttributes(path, "unix:mode,uid,gid,rdev,ino,dev,nlink,size,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS));
        if ((n.mode() & S_IFMT) != S_IFDIR) {
            n.keep = true;
            return n;
        }
        n.opaque = !rel.isEmpty() && opaque(path);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(path)) {
            ds.forEach(entries::add);
        }
        entries.sort(null);
        for (Path p : entries) {
            String childRel = rel.isEmpty() ? p.getFileName().toString() : rel + "/" + p.getFileName();
            if (MOUNT_POINTS.contains(childRel)) continue;
            Node c = scan(p, childRel);
            if (c.keep) n.children.add(c);
        }
        n.keep = !n.children.isEmpty() || n.opaque || !sameAsLower(n);
        return n;
    }

    /** True when a lower layer has this directory with the same mode and owner: a mere copy-up. */
    private boolean sameAsLower(Node n) throws IOException {
        for (Path lower : lowerTopFirst) {
            Path p = lower.resolve(n.rel);
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue;
            }
            return a.get("mode").equals(n.attrs.get("mode")) && a.get("uid").equals(n.attrs.get("uid"))
                    && a.get("gid").equals(n.attrs.get("gid"));
        }
        return false;
    }

    private static boolean opaque(Path dir) {
        for (String name : List.of("trusted.overlay.opaque", "user.overlay.opaque")) {
            Optional<byte[]> v = XattrCalls.lgetxattr(dir.toString(), name);
            if (v.isPresent() && new String(v.get()).equals("y")) return true;
        }
        return false;
    }

    private void emit(Node n, LayerTarWriter w) throws IOException {
        int mode = n.mode();
        int type = mode & S_IFMT;
        FileTime mtime = (FileTime) n.attrs.get("lastModifiedTime");
        LayerTarWriter.Meta meta = new LayerTarWriter.Meta(mode & 07777, (Integer) n.attrs.get("uid"), (Integer) n.attrs.get("gid"),
                mtime, xattrs(n.path, type));
        long rdev = (Long) n.attrs.get("rdev");
        switch (type) {
            case S_IFDIR -> {
                w.directory(n.rel, meta);
                if (n.opaque) w.opaque(n.rel, mtime);
                for (Node c : n.children) emit(c, w);
            }
            case S_IFCHR -> {
                if (rdev == 0) w.whiteout(n.rel, mtime);
                else w.device(n.rel, meta, true, major(rdev), minor(rdev));
            }
            case S_IFBLK -> w.device(n.rel, meta, false, major(rdev), minor(rdev));
            case S_IFIFO -> w.fifo(n.rel, meta);
            case S_IFLNK -> w.symlink(n.rel, meta, Files.readSymbolicLink(n.path).toString());
            case S_IFREG -> {
                int nlink = (Integer) n.attrs.get("nlink");
                String inode = n.attrs.get("dev") + ":" + n.attrs.get("ino");
                String first = nlink > 1 ? firstPathOfInode.putIfAbsent(inode, n.rel) : null;
                if (first != null) {
                    w.hardlink(n.rel, meta, first);
                } else {
                    try (InputStream in = Files.newInputStream(n.path, LinkOption.NOFOLLOW_LINKS)) {
                        w.file(n.rel, meta, (Long) n.attrs.get("size"), in);
                    }
                }
            }
            default -> {
                // a socket: not part of an image
            }
        }
    }

    private static Map<String, byte[]> xattrs(Path p, int type) {
        if (type != S_IFREG) return Map.of();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : KEPT_XATTRS) XattrCalls.lgetxattr(p.toString(), name).ifPresent(v -> out.put(name, v));
        return out;
    }

    /** major(3) and minor(3) as glibc encodes a dev_t. */
    static int major(long dev) {
        return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL));
    }

    static int minor(long dev) {
        return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL));
    }
}
