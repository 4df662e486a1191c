package dev.glassbox.image.build;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one uncompressed layer tar as the OCI image spec's layer.md describes it: names
 * relative to the root ({@code etc/}, {@code etc/passwd}), numeric owners, modes with the
 * setuid/setgid/sticky bits, PAX headers for long names and xattrs, deletions as
 * {@code .wh.NAME} files and an opaque directory as {@code .wh..wh..opq} in it. The sha256 of
 * the bytes written is the layer's diff id (and, uncompressed, its blob digest).
 */
final class LayerTarWriter implements Closeable {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";

    private final MessageDigest sha256;
    private final TarArchiveOutputStream tar;
    private long entries;
    private boolean closed;
    private String diffId;

    LayerTarWriter(Path file) throws IOException {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        OutputStream out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 65536), sha256);
        tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
    }

    /** File metadata as the tar header carries it. */
    record Meta(int mode, int uid, int gid, FileTime mtime, Map<String, byte[]> xattrs) {
        Meta {
            xattrs = xattrs == null ? Map.of() : Map.copyOf(xattrs);
        }

        Meta withOwner(int uid, int gid) {
            return new Meta(mode, uid, gid, mtime, xattrs);
        }
    }

    long entries() {
        return entries;
    }

    void directory(String rel, Meta m) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel.endsWith("/") ? rel : rel + "/", TarConstants.LF_DIR);
        put(e, m, 0);
        tar.closeArchiveEntry();
    }

    void file(String rel, Meta m, long size, InputStream content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel, TarConstants.LF_NORMAL);
        put(e, m, size);
        long copied = content.transferTo(tar);
        if (copied != size) throw new IOException(rel + " changed size while it was archived (" + size + " then " + copied + " bytes)");
        tar.closeArchiveEntry();
    }

    void symlink(String rel, Meta m, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        put(e, m, 0);
        tar.closeArchiveEntry();
    }

    /** A hard link to {@code target}, an earlier entry of this tar. */
    void hardlink(String rel, Meta m, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel, TarConstants.LF_LINK);
        e.setLinkName(target);
        put(e, m, 0);
        tar.closeArchiveEntry();
    }

    void device(String rel, Meta m, boolean character, int major, int minor) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel, character ? TarConstants.LF_CHR : TarConstants.LF_BLK);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        put(e, m, 0);
        tar.closeArchiveEntry();
    }

    void fifo(String rel, Meta m) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(rel, TarConstants.LF_FIFO);
        put(e, m, 0);
        tar.closeArchiveEntry();
    }

    /** {@code dir/.wh.name}: the lower layers' {@code dir/name} is deleted. */
    void whiteout(String rel, FileTime mtime) throws IOException {
        int slash = rel.lastIndexOf('/');
        String name = (slash < 0 ? "" : rel.substring(0, slash + 1)) + WHITEOUT_PREFIX + rel.substring(slash + 1);
        file(name, new Meta(0, 0, 0, mtime, null), 0, InputStream.nullInputStream());
    }

    /** {@code dir/.wh..wh..opq}: nothing of the lower layers' {@code dir} shows through. */
    void opaque(String dirRel, FileTime mtime) throws IOException {
        String name = (dirRel.isEmpty() ? "" : dirRel + "/") + OPAQUE;
        file(name, new Meta(0, 0, 0, mtime, null), 0, InputStream.nullInputStream());
    }

    private void put(TarArchiveEntry e, Meta m, long size) throws IOException {
        e.setMode((e.getMode() & ~07777) | (m.mode() & 07777));
        e.setUserId(m.uid());
        e.setGroupId(m.gid());
        e.setUserName("");
        e.setGroupName("");
        e.setSize(size);
        if (m.mtime() != null) e.setLastModifiedTime(m.mtime());
        for (var x : m.xattrs().entrySet()) {
            e.addPaxHeader("SCHILY.xattr." + x.getKey(), new String(x.getValue(), StandardCharsets.ISO_8859_1));
        }
        tar.putArchiveEntry(e);
        entries++;
    }

    /** The sha256 of the tar, {@code sha256:<hex>}; valid after {@link #close()}. */
    String diffId() {
        if (diffId == null) throw new IllegalStateException("close the tar first");
        return diffId;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        tar.finish();
        tar.close();
        diffId = "sha256:" + HexFormat.of().formatHex(sha256.digest());
    }
}
