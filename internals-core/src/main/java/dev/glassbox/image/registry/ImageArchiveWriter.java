package dev.glassbox.image.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageRef;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code glassbox save}: images as the archive Docker 25+ writes, which is both a
 * {@code docker save} archive and an OCI image layout:
 *
 * <pre>
 * oci-layout               {"imageLayoutVersion":"1.0.0"}
 * index.json               one manifest per tag (io.containerd.image.name, org.opencontainers.image.ref.name)
 * manifest.json            [{"Config": "blobs/sha256/..", "RepoTags": [..], "Layers": ["blobs/sha256/..", ..]}]
 * blobs/sha256/&lt;hex&gt;      manifests, configs and layers, each once
 * </pre>
 *
 * {@code docker load} reads manifest.json; {@link ImageStore#load} reads either.
 */
public final class ImageArchiveWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

    private ImageArchiveWriter() {}

    /** Writes the images {@code refs} name (tags or ids) to {@code out} as one tar. */
    public static void save(ImageStore images, List<String> refs, OutputStream out) {
        if (refs.isEmpty()) throw new ImageException("glassbox save needs at least one image");
        List<StoredImage> stored = new ArrayList<>();
        Map<String, List<String>> tagsOf = new LinkedHashMap<>();
        for (String ref : refs) {
            StoredImage s = images.stored(ref);
            String tag = tagNamedBy(ref, s);
            if (!tagsOf.containsKey(s.manifestDigest())) stored.add(s);
            List<String> tags = tagsOf.computeIfAbsent(s.manifestDigest(), k -> new ArrayList<>());
            if (tag != null && !tags.contains(tag)) tags.add(tag);
        }
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new NoClose(out),
                    StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            directory(tar, "blobs/");
            directory(tar, "blobs/sha256/");
            Set<String> written = new HashSet<>();
            ArrayNode manifestJson = JSON.createArrayNode();
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", "application/vnd.oci.image.index.v1+json");
            ArrayNode manifests = index.putArray("manifests");
            for (StoredImage s : stored) {
                blob(tar, written, s.configDigest(), s.config());
                for (StoredImage.Blob l : s.layers()) blobFile(tar, written, l.digest(), l.file(), l.size());
                blob(tar, written, s.manifestDigest(), s.manifest());

                ObjectNode m = manifestJson.addObject();
                m.put("Config", path(s.configDigest()));
                ArrayNode repoTags = m.putArray("RepoTags");
                tagsOf.get(s.manifestDigest()).forEach(repoTags::add);
                ArrayNode layers = m.putArray("Layers");
                s.layers().forEach(l -> layers.add(path(l.digest())));

                List<String> tags = tagsOf.get(s.manifestDigest());
                for (String t : tags.isEmpty() ? java.util.Collections.<String>singletonList(null) : tags) {
                    ObjectNode d = manifests.addObject();
                    d.put("mediaType", OCI_MANIFEST);
                    d.put("digest", s.manifestDigest());
                    d.put("size", s.manifest().length);
                    if (t != null) {
                        ObjectNode a = d.putObject("annotations");
                        a.put("io.containerd.image.name", fullName(t));
                        a.put("org.opencontainers.image.ref.name", ImageRef.parse(t).tag());
                    }
                }
            }
            file(tar, "index.json", JSON.writeValueAsBytes(index));
            file(tar, "manifest.json", JSON.writeValueAsBytes(manifestJson));
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new ImageException("cannot write the image archive: " + e.getMessage(), e);
        }
    }

    /** As {@link #save(ImageStore, List, OutputStream)} into {@code file} ({@code -o}), written whole or not at all. */
    public static void save(ImageStore images, List<String> refs, Path file) {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                save(images, refs, out);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImageException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** The tag a reference names when it is a tag the image has; null for an id. */
    private static String tagNamedBy(String ref, StoredImage s) {
        if (ImageRef.isValid(ref) && !ref.startsWith("sha256:")) {
            String t = ImageRef.parse(ref).toString();
            if (s.repoTags().contains(t)) return t;
        }
        return null;
    }

    /** docker.io/library/alpine:3 for alpine:3, as Docker writes the containerd name. */
    static String fullName(String tag) {
        String name = ImageRef.parse(tag).name();
        String first = name.contains("/") ? name.substring(0, name.indexOf('/')) : "";
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (hasRegistry) return tag;
        return "docker.io/" + (name.contains("/") ? "" : "library/") + tag;
    }

    private static String path(String digest) {
        return "blobs/sha256/" + digest.substring("sha256:".length());
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setLastModifiedTime(FileTime.from(Instant.EPOCH));
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(data.length);
        e.setLastModifiedTime(FileTime.from(Instant.EPOCH));
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void blob(TarArchiveOutputStream tar, Set<String> written, String digest, byte[] data) throws IOException {
        if (written.add(digest)) file(tar, path(digest), data);
    }

    private static void blobFile(TarArchiveOutputStream tar, Set<String> written, String digest, Path file, long size)
            throws IOException {
        if (!written.add(digest)) return;
        long actual = Files.size(file);
        TarArchiveEntry e = new TarArchiveEntry(path(digest));
        e.setMode(0100644);
        e.setSize(actual);
        e.setLastModifiedTime(FileTime.from(Instant.EPOCH));
        tar.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    /** The caller owns the stream (stdout, an HTTP response): finishing the tar must not close it. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
