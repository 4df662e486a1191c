package dev.glassbox.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Tars made in tests, byte by byte as a hostile or a well-behaved archiver would write them. */
final class TestTars {
    private final List<Consumer<TarArchiveOutputStream>> entries = new ArrayList<>();

    static TestTars tar() {
        return new TestTars();
    }

    private TestTars add(String name, byte type, int mode, byte[] content, String link, Consumer<TarArchiveEntry> extra) {
        entries.add(out -> {
            try {
                TarArchiveEntry e = new TarArchiveEntry(name, type, true); // keep "/" and ".." as given
                e.setMode(mode);
                e.setModTime(1_700_000_000_000L);
                if (link != null) e.setLinkName(link);
                if (content != null) e.setSize(content.length);
                if (extra != null) extra.accept(e);
                out.putArchiveEntry(e);
                if (content != null) out.write(content);
                out.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return this;
    }

    TestTars dir(String name, int mode) {
        return add(name.endsWith("/") ? name : name + "/", TarArchiveEntry.LF_DIR, 040000 | mode, null, null, null);
    }

    TestTars file(String name, String content) {
        return file(name, content, 0644);
    }

    TestTars file(String name, String content, int mode) {
        return add(name, TarArchiveEntry.LF_NORMAL, 0100000 | mode, content.getBytes(StandardCharsets.UTF_8), null, null);
    }

    TestTars file(String name, byte[] content) {
        return add(name, TarArchiveEntry.LF_NORMAL, 0100644, content, null, null);
    }

    TestTars fileOwned(String name, String content, int mode, int uid, int gid) {
        return add(name, TarArchiveEntry.LF_NORMAL, 0100000 | mode, content.getBytes(StandardCharsets.UTF_8), null,
                e -> e.setIds(uid, gid));
    }

    TestTars symlink(String name, String target) {
        return add(name, TarArchiveEntry.LF_SYMLINK, 0120777, null, target, null);
    }

    TestTars hardlink(String name, String target) {
        return add(name, TarArchiveEntry.LF_LINK, 0100644, null, target, null);
    }

    TestTars charDevice(String name, int major, int minor) {
        return add(name, TarArchiveEntry.LF_CHR, 020666, null, null, e -> {
            e.setDevMajor(major);
            e.setDevMinor(minor);
        });
    }

    TestTars fifo(String name) {
        return add(name, TarArchiveEntry.LF_FIFO, 010644, null, null, null);
    }

    byte[] bytes() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bos, StandardCharsets.UTF_8.name())) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var e : entries) e.accept(out);
            out.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    byte[] gzipped() {
        return gzip(bytes());
    }

    Path writeTo(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bos)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static String sha256(byte[] data) {
        return Digests.of(data);
    }

    static String hex(byte[] data) {
        return Digests.of(data).substring(7);
    }
}
