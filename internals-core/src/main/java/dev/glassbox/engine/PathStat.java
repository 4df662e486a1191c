package dev.glassbox.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Docker's {@code X-Docker-Container-Path-Stat}: the base64 of a JSON {@code {name, size, mode,
 * mtime, linkTarget}} for the path a copy reads, mode in Go's {@code os.FileMode} bits (so the
 * real docker CLI can read it). Glassbox takes it from the first entry of the tar the runtime
 * writes, which is the path itself.
 */
final class PathStat {
    static final String HEADER = "X-Docker-Container-Path-Stat";
    /** Go's os.ModeDir and os.ModeSymlink. */
    static final long MODE_DIR = 1L << 31, MODE_SYMLINK = 1L << 27;

    private PathStat() {}

    static String header(TarArchiveEntry e, String path) {
        ObjectNode n = DockerJson.MAPPER.createObjectNode();
        String name = path.equals("/") ? "/" : e.getName().replaceAll("/+$", "");
        if (name.isEmpty() || name.equals(".")) name = path.replaceAll("/+$", "").replaceAll(".*/", "");
        n.put("name", name.isEmpty() ? "/" : name);
        n.put("size", e.getSize());
        long mode = e.getMode() & 07777;
        if (e.isDirectory()) mode |= MODE_DIR;
        if (e.isSymbolicLink()) mode |= MODE_SYMLINK;
        n.put("mode", mode);
        Instant mtime = e.getLastModifiedDate() == null ? Instant.EPOCH : e.getLastModifiedDate().toInstant();
        n.put("mtime", mtime.toString());
        n.put("linkTarget", e.isSymbolicLink() ? e.getLinkName() : "");
        return Base64.getEncoder().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes the header: the JSON object, or null. */
    static ObjectNode decode(String header) {
        if (header == null || header.isEmpty()) return null;
        try {
            return (ObjectNode) DockerJson.MAPPER.readTree(Base64.getDecoder().decode(header));
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    /** Thrown from the commit callback to stop a copy once the first entry is known (HEAD). */
    static final class Enough extends IOException {
        final transient TarArchiveEntry entry;

        Enough(TarArchiveEntry entry) {
            super("stat only");
            this.entry = entry;
        }
    }

    /** What to do once the first entry is known (null if the tar had none): the stream for the rest. */
    @FunctionalInterface
    interface Commit {
        OutputStream commit(TarArchiveEntry first) throws IOException;
    }

    /**
     * A tar stream held back until its first entry's header has arrived (the response's headers
     * must go before the body), then passed through.
     */
    static final class FirstEntry extends OutputStream {
        private static final int ENOUGH = 64 * 1024;
        private final Commit commit;
        private ByteArrayOutputStream held = new ByteArrayOutputStream();
        private OutputStream out;
        private boolean closed;

        FirstEntry(Commit commit) {
            this.commit = commit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (out != null) {
                out.write(b, off, len);
                return;
            }
            if (held == null) throw new IOException("the copy was stopped");
            held.write(b, off, len);
            if (held.size() >= ENOUGH) tryCommit(false);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) out.flush();
        }

        /** Commits (if not yet) without closing the response: the caller finishes it. */
        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            if (out == null && held != null) tryCommit(true);
            if (out != null) out.flush();
        }

        private void tryCommit(boolean atEnd) throws IOException {
            TarArchiveEntry first;
            try (TarArchiveInputStream t = new TarArchiveInputStream(new ByteArrayInputStream(held.toByteArray()))) {
                first = t.getNextEntry();
            } catch (IOException | RuntimeException e) {
                if (!atEnd && held.size() < 16 * ENOUGH) return; // a long PAX header: wait for more
                first = null;
            }
            byte[] bytes = held.toByteArray();
            held = null;
            out = commit.commit(first);
            out.write(bytes);
        }
    }
}
