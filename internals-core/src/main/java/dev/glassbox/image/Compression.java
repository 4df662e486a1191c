package dev.glassbox.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdUtils;

/** How a layer blob is compressed, told by its first bytes (media types are not trusted). */
enum Compression {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    BZIP2("application/vnd.oci.image.layer.v1.tar+bzip2"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    /** Looks at the first bytes of {@code in}, which must support mark/reset. */
    static Compression detect(InputStream in) throws IOException {
        in.mark(8);
        byte[] head = in.readNBytes(6);
        in.reset();
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) return GZIP;
        if (head.length >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return BZIP2;
        if (head.length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) return ZSTD;
        if (head.length >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X'
                && head[4] == 'Z' && head[5] == 0) {
            throw new ImageException("xz-compressed archives are not supported: decompress it first (xz -d)");
        }
        return NONE;
    }

    /** The uncompressed bytes of {@code raw}, whatever of the supported compressions it uses. */
    static InputStream decompressed(InputStream raw, String what) throws IOException {
        InputStream in = raw.markSupported() ? raw : new BufferedInputStream(raw, 65536);
        return switch (detect(in)) {
            case NONE -> in;
            case GZIP -> new GzipCompressorInputStream(in, true);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case ZSTD -> {
                if (!ZstdUtils.isZstdCompressionAvailable()) {
                    throw new ImageException(what + " is zstd-compressed, which this Glassbox cannot read: "
                            + "recompress it with gzip or save it uncompressed");
                }
                yield new ZstdCompressorInputStream(in);
            }
        };
    }
}
