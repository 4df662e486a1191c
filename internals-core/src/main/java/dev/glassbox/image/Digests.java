package dev.glassbox.image;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** sha256 digests as OCI writes them: {@code "sha256:<64 lower-case hex>"}. */
final class Digests {
    private Digests() {}

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    static String of(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    /** The hex part of a digest, after checking its form (a blob path is made from it). */
    static String hex(String digest) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new ImageException("unsupported or malformed digest \"" + digest + "\": only sha256 digests are supported");
        }
        return digest.substring(7);
    }

    static boolean isDigest(String s) {
        return s != null && DIGEST.matcher(s).matches();
    }

    /** Passes bytes through while hashing and counting them. */
    static final class HashingInputStream extends FilterInputStream {
        private final MessageDigest md = sha256();
        private long count;

        HashingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                md.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                md.update(buf, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                if (r < 0) break;
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        /** Reads to the end, so the digest covers the whole stream. */
        void drain() throws IOException {
            byte[] buf = new byte[65536];
            while (read(buf, 0, buf.length) >= 0) {
                // hashing happens in read
            }
        }

        String digest() {
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        }

        long count() {
            return count;
        }
    }
}
