package dev.glassbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Glassbox's images on disk, under a data root (default {@code /var/lib/glassbox}):
 *
 * <pre>
 * root/oci/                 an OCI image layout: oci-layout, index.json, blobs/sha256/&lt;hex&gt;
 *                           (index.json: one manifest entry per tag, annotated
 *                            org.opencontainers.image.ref.name = "name:tag"; untagged images
 *                            have an entry without it)
 * root/oci/.lock            flock'ed by every writer, across processes
 * root/layers/&lt;hex&gt;/        each layer unpacked ONCE, by diff id, shared by every image
 * root/layers/&lt;hex&gt;.json    its size, so listing images does not walk trees
 * root/tmp/                 work areas of imports in progress
 * </pre>
 *
 * Imports and loads unpack into temporary directories beside their final place and rename
 * them in under the lock only when everything succeeded, so a bad archive leaves nothing.
 */
public final class ImageStore {
    private static final String DEFAULT_NO_SUCH_HINT = "(see 'glassbox images', or 'glassbox import' a rootfs tar)";

    private final Path root;
    private final OciLayout oci;
    private final Path layersDir;
    private final BaseImageBuilder base;

    /** The store under {@code root}, building {@code base} from this machine's programs. */
    public ImageStore(Path root) {
        this(root, BaseImageBuilder.fromHost());
    }

    /** The store under {@code root}, building {@code base} with {@code base} (e.g. with extra files). */
    public ImageStore(Path root, BaseImageBuilder base) {
        this.root = root;
        this.oci = new OciLayout(root.resolve("oci"));
        this.layersDir = root.resolve("layers");
        this.base = base;
        try {
            Files.createDirectories(layersDir);
            Files.createDirectories(root.resolve("tmp"));
        } catch (IOException e) {
            throw new ImageException("cannot create the image store at " + root + ": " + e.getMessage()
                    + " (run as root, or pass --root to a writable directory)", e);
        }
        oci.create();
        removeStaleWork();
    }

    /** Work areas a crashed import left: anything in tmp/ or layers/.tmp-* untouched for a day. */
    private void removeStaleWork() {
        Instant dayAgo = Instant.now().minus(java.time.Duration.ofDays(1));
        for (Path dir : List.of(root.resolve("tmp"), layersDir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    boolean work = dir.equals(layersDir) ? p.getFileName().toString().startsWith(".tmp-") : true;
                    if (work && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(dayAgo)) {
                        Trees.deleteQuietly(p);
                    }
                }
            } catch (IOException ignored) {
                // best effort: the next store opened will try again
            }
        }
    }

    public Path root() {
        return root;
    }

    /** The builder the base image comes from; add extra files before the base is first used. */
    public BaseImageBuilder baseBuilder() {
        return base;
    }

    // ---------------------------------------------------------------- reading

    /** An index entry resolved to its image. */
    private record Found(Image image, String manifestDigest) {}

    /**
     * The image {@code ref} names: {@code name}, {@code name:tag}, or a full or short (4+ hex
     * digits) image id, with or without {@code sha256:}. {@code base} is built on first use.
     */
    public Image resolve(String ref) {
        return resolve(ref, Progress.NONE);
    }

    /** As {@link #resolve(String)}, reporting progress if the base image must be built. */
    public Image resolve(String ref, Progress progress) {
        // base goes through ensureBase even when present: it is rebuilt when its recipe changed
        if (isBase(ref)) return ensureBase(progress);
        return find(ref).map(Found::image).orElseThrow(() -> noSuchImage(ref));
    }

    /** The image {@code ref} names, without building anything. */
    public Optional<Image> lookup(String ref) {
        return find(ref).map(Found::image);
    }

    private ImageException noSuchImage(String ref) {
        String shown = ImageRef.isValid(ref) && !looksLikeId(ref) ? ImageRef.parse(ref).toString() : ref;
        return new ImageException("no such image: " + shown + " " + DEFAULT_NO_SUCH_HINT);
    }

    private static boolean looksLikeId(String ref) {
        return ref.matches("(sha256:)?[0-9a-f]{4,64}");
    }

    private Optional<Found> find(String ref) {
        List<OciLayout.IndexEntry> index = oci.readIndex();
        if (!ref.startsWith("sha256:") && ImageRef.isValid(ref)) {
            String tag = ImageRef.parse(ref).toString();
            for (OciLayout.IndexEntry e : index) {
                if (tag.equals(e.ref())) return Optional.of(new Found(readImage(e.digest(), index), e.digest()));
            }
        }
        if (!looksLikeId(ref)) return Optional.empty();
        String prefix = ref.startsWith("sha256:") ? ref : "sha256:" + ref;
        Map<String, Found> matches = new LinkedHashMap<>();
        for (String manifest : new LinkedHashSet<>(index.stream().map(OciLayout.IndexEntry::digest).toList())) {
            Image img = readImage(manifest, index);
            if (img.id().startsWith(prefix)) matches.putIfAbsent(img.id(), new Found(img, manifest));
        }
        if (matches.size() > 1) {
            throw new ImageException("image id prefix " + ref + " is ambiguous: it matches " + matches.size()
                    + " images; give more digits");
        }
        return matches.values().stream().findFirst();
    }

    /** Every image, newest first, as {@code glassbox images} lists them (untagged ones too). */
    public List<Image> list() {
        List<OciLayout.IndexEntry> index = oci.readIndex();
        Map<String, Image> byId = new LinkedHashMap<>();
        for (String manifest : new LinkedHashSet<>(index.stream().map(OciLayout.IndexEntry::digest).toList())) {
            Image img = readImage(manifest, index);
            byId.merge(img.id(), img, (a, b) -> new Image(a.id(), Stream.concat(a.repoTags().stream(), b.repoTags().stream())
                    .distinct().toList(), a.config(), a.layers(), a.size(), a.created()));
        }
        List<Image> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing((Image i) -> i.created() == null ? Instant.EPOCH : i.created()).reversed()
                .thenComparing(Image::id));
        return out;
    }

    /**
     * Images by manifest digest, as their blobs say (without tags): a manifest and its config are
     * content-addressed, so that never changes. Every create and start resolves its image, and
     * reading the two blobs and each layer's size file was a fifth of a millisecond of each. An
     * entry is used while all of its layers are unpacked; one removed meanwhile is read again.
     */
    private final Map<String, Image> byManifest = new java.util.concurrent.ConcurrentHashMap<>();

    private Image readImage(String manifestDigest, List<OciLayout.IndexEntry> index) {
        List<String> tags = index.stream().filter(e -> e.digest().equals(manifestDigest) && e.ref() != null)
                .map(OciLayout.IndexEntry::ref).toList();
        Image known = byManifest.get(manifestDigest);
        if (known == null || !known.layers().stream().allMatch(l -> Files.isDirectory(l.dir()))) {
            known = readImage(manifestDigest);
            if (known.layers().stream().allMatch(l -> l.size() >= 0)) byManifest.put(manifestDigest, known);
            else byManifest.remove(manifestDigest);
        }
        return new Image(known.id(), tags, known.config(), known.layers(), known.size(), known.created());
    }

    private Image readImage(String manifestDigest) {
        JsonNode manifest = oci.readJsonBlob(manifestDigest);
        String configDigest = manifest.path("config").path("digest").asText();
        JsonNode config = oci.readJsonBlob(configDigest);
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : config.path("rootfs").path("diff_ids")) diffIds.add(d.asText());
        List<Layer> layers = new ArrayList<>();
        int i = 0;
        for (JsonNode l : manifest.path("layers")) {
            String diffId = i < diffIds.size() ? diffIds.get(i) : l.path("digest").asText();
            layers.add(new Layer(diffId, l.path("digest").asText(), layerDir(diffId), layerSize(diffId)));
            i++;
        }
        long size = layers.stream().mapToLong(Layer::size).sum();
        return new Image(configDigest, List.of(), imageConfig(config.path("config")), layers, size,
                parseTime(config.path("created").asText(null)));
    }

    private Path layerDir(String diffId) {
        return layersDir.resolve(Digests.hex(diffId));
    }

    /** The unpacked size of a layer the store has, or -1 when it has not got it. */
    private long layerSize(String diffId) {
        Path dir = layerDir(diffId);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return -1;
        Path meta = layersDir.resolve(Digests.hex(diffId) + ".json");
        try {
            if (Files.exists(meta)) return OciLayout.JSON.readTree(meta.toFile()).path("size").asLong();
            long[] total = {0};
            try (Stream<Path> s = Files.walk(dir)) {
                s.forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (a.isRegularFile()) total[0] += a.size();
                    } catch (IOException ignored) {
                        // vanished while counting
                    }
                });
            }
            return total[0];
        } catch (IOException e) {
            return 0;
        }
    }

    static ImageConfig imageConfig(JsonNode c) {
        Set<String> ports = new TreeSet<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        Map<String, String> labels = new TreeMap<>();
        c.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageConfig(strings(c.path("Env")), strings(c.path("Cmd")), strings(c.path("Entrypoint")),
                c.path("WorkingDir").asText(""), c.path("User").asText(""), ports, labels);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    static Instant parseTime(String s) {
        if (s == null || s.isEmpty()) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- base image

    /** Whether {@code ref} names the built-in base image ({@code base}, {@code base:latest}). */
    public static boolean isBase(String ref) {
        return ImageRef.isValid(ref) && ImageRef.parse(ref).toString().equals(BaseImageBuilder.REF);
    }

    /** The {@code base} image, built from this machine's programs when missing or out of date. */
    public Image ensureBase(Progress progress) {
        String recipe = base.recipe();
        Optional<Found> existing = findTag(BaseImageBuilder.REF);
        if (existing.isPresent() && recipe.equals(existing.get().image().config().labels().get(BaseImageBuilder.RECIPE_LABEL))) {
            return existing.get().image();
        }
        try (Staging st = new Staging(root, layersDir, progress)) {
            Path tar = st.newFile("base-layer.tar");
            BaseImageBuilder.Contents contents = base.writeLayer(tar, progress);
            Staging.StagedLayer layer;
            try (InputStream in = Files.newInputStream(tar)) {
                layer = st.stageLayer(in, "base image layer", null, null, this::layerSize);
            }
            String createdBy = "glassbox: base image from this machine's " + String.join(" ", contents.programs());
            byte[] config = configJson(base.config(), Instant.EPOCH, List.of(layer.diffId()), createdBy,
                    "assembled offline; " + contents.files() + " files"
                            + (contents.missing().isEmpty() ? "" : "; not on this machine: " + String.join(" ", contents.missing())));
            return commit(List.of(new Staging.StagedImage(config, List.of(layer), List.of(BaseImageBuilder.REF))), st).getFirst();
        } catch (IOException e) {
            throw new ImageException("cannot build the base image in " + root + ": " + e.getMessage(), e);
        }
    }

    private Optional<Found> findTag(String tag) {
        List<OciLayout.IndexEntry> index = oci.readIndex();
        return index.stream().filter(e -> tag.equals(e.ref())).findFirst().map(e -> new Found(readImage(e.digest(), index), e.digest()));
    }

    // ---------------------------------------------------------------- import and load

    /** {@code glassbox import}: one rootfs tar (plain, gzip or bzip2) becomes a one-layer image tagged {@code ref} (may be null). */
    public Image importRootfs(Path tar, String ref, Progress progress) {
        try (InputStream in = Files.newInputStream(tar)) {
            return importRootfs(in, tar.getFileName().toString(), ref, ImageConfig.empty(), progress);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ImageException("cannot import " + tar + ": no such file");
        } catch (IOException e) {
            throw new ImageException("cannot import " + tar + ": " + e.getMessage(), e);
        }
    }

    /** {@code glassbox import -}: as {@link #importRootfs(Path, String, Progress)} from a stream (stdin). */
    public Image importRootfs(InputStream tar, String ref, Progress progress) {
        return importRootfs(tar, "-", ref, ImageConfig.empty(), progress);
    }

    /**
     * The general import: {@code sourceName} names the tar in messages and history,
     * {@code config} is the image's config (e.g. from {@code --change CMD ...}).
     */
    public Image importRootfs(InputStream tar, String sourceName, String ref, ImageConfig config, Progress progress) {
        List<String> tags = ref == null || ref.isBlank() ? List.of() : List.of(ImageRef.parse(ref).toString());
        try (Staging st = new Staging(root, layersDir, progress)) {
            Staging.StagedLayer layer = st.stageLayer(tar, sourceName, null, null, this::layerSize);
            byte[] cfg = configJson(config, Instant.now(), List.of(layer.diffId()), "", "Imported from " + sourceName);
            return commit(List.of(new Staging.StagedImage(cfg, List.of(layer), tags)), st).getFirst();
        } catch (IOException e) {
            throw new ImageException("cannot import " + sourceName + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code glassbox load -i}: a {@code docker save} archive (legacy or OCI form, plain or
     * compressed) or an OCI image layout (directory or tar). Returns the images loaded.
     */
    public List<Image> load(Path archiveOrDir, Progress progress) {
        if (!Files.exists(archiveOrDir)) throw new ImageException("cannot load " + archiveOrDir + ": no such file or directory");
        String defaultName = archiveOrDir.getFileName() == null ? "image" : defaultName(archiveOrDir.getFileName().toString());
        try (Staging st = new Staging(root, layersDir, progress)) {
            Path source = archiveOrDir;
            if (!Files.isDirectory(archiveOrDir)) source = uncompressedCopy(archiveOrDir, st);
            List<Staging.StagedImage> staged;
            try (ArchiveSource src = ArchiveSource.of(source)) {
                ArchiveSource named = src;
                staged = new ArchiveLoader(named, st, progress, this::layerSize, defaultName).load();
            }
            return commit(staged, st);
        } catch (IOException e) {
            throw new ImageException("cannot load " + archiveOrDir + ": " + e.getMessage() + "; nothing was imported", e);
        }
    }

    /** {@code glassbox load} from stdin: the stream is saved to a work file first (the format needs random access). */
    public List<Image> load(InputStream archive, Progress progress) {
        Path tmp = root.resolve("tmp").resolve("stdin-" + java.util.UUID.randomUUID() + ".tar");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                archive.transferTo(out);
            }
            return load(tmp, progress);
        } catch (IOException e) {
            throw new ImageException("cannot read the archive from standard input: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the tmp directory is a work area
            }
        }
    }

    private static String defaultName(String fileName) {
        String n = fileName.replaceAll("\\.(tar|tgz|tar\\.gz|gz|oci)$", "").toLowerCase().replaceAll("[^a-z0-9._-]", "-");
        return ImageRef.isValid(n) ? n : "image";
    }

    /** A compressed archive decompressed into the work area; a plain one as it is. */
    private static Path uncompressedCopy(Path archive, Staging st) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive))) {
            if (Compression.detect(raw) == Compression.NONE) return archive;
            Path plain = st.newFile("archive.tar");
            try (InputStream in = Compression.decompressed(raw, archive.toString())) {
                Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
            }
            return plain;
        }
    }

    /**
     * Makes staged images visible, under the lock: layers renamed into place (or dropped when
     * another import got there first), blobs moved in, config and manifest written, then
     * index.json, last, atomically.
     */
    private List<Image> commit(List<Staging.StagedImage> images, Staging st) throws IOException {
        try (AutoCloseable lock = oci.lock()) {
            List<OciLayout.IndexEntry> index = new ArrayList<>(oci.readIndex());
            List<String> manifests = new ArrayList<>();
            List<Staging.StagedLayer> all = images.stream().flatMap(i -> i.layers().stream())
                    .sorted(Comparator.comparing(l -> l.unpacked() == null)).toList();
            for (Staging.StagedLayer l : all) placeLayer(l);
            for (Staging.StagedLayer l : all) {
                if (Files.exists(l.blobFile())) oci.moveBlobIn(l.blobFile(), l.blobDigest());
            }
            for (Staging.StagedImage img : images) {
                String configDigest = oci.putBlob(img.config());
                byte[] manifest = manifestJson(configDigest, img.config().length, img.layers());
                String manifestDigest = oci.putBlob(manifest);
                manifests.add(manifestDigest);
                if (img.tags().isEmpty()) {
                    if (index.stream().noneMatch(e -> e.digest().equals(manifestDigest))) {
                        index.add(new OciLayout.IndexEntry(manifestDigest, manifest.length, null));
                    }
                }
                for (String tag : img.tags()) setTag(index, tag, manifestDigest, manifest.length);
            }
            oci.writeIndex(index);
            List<Image> out = new ArrayList<>();
            for (String m : manifests) out.add(readImage(m, index));
            return out;
        } catch (ImageException | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new ImageException("cannot commit to the image store " + root + ": " + e.getMessage(), e);
        }
    }

    /** Puts a staged layer at layers/&lt;hex&gt;, unless the store has it already. */
    private void placeLayer(Staging.StagedLayer l) throws IOException {
        Path dir = layerDir(l.diffId());
        Path meta = layersDir.resolve(Digests.hex(l.diffId()) + ".json");
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (l.unpacked() != null) Trees.deleteRecursively(l.unpacked());
            return;
        }
        Path unpacked = l.unpacked();
        if (unpacked == null || !Files.exists(unpacked)) {
            // the store had it when we staged, but an image removal took it since: unpack it now
            unpacked = layersDir.resolve(".tmp-late-" + Digests.hex(l.diffId()).substring(0, 12));
            Trees.deleteRecursively(unpacked);
            try (InputStream in = Files.newInputStream(l.blobFile())) {
                LayerUnpacker.unpack(in, unpacked, "layer " + l.diffId(), Progress.NONE);
            }
        }
        ObjectNode m = OciLayout.JSON.createObjectNode();
        m.put("diffId", l.diffId());
        m.put("size", l.size());
        OciLayout.writeAtomically(meta, OciLayout.JSON.writeValueAsBytes(m));
        Files.move(unpacked, dir, StandardCopyOption.ATOMIC_MOVE);
        OciLayout.fsyncDir(layersDir);
    }

    /** Points {@code tag} at a manifest; the image it left keeps an untagged entry if it has no other. */
    private static void setTag(List<OciLayout.IndexEntry> index, String tag, String manifestDigest, long size) {
        for (int i = 0; i < index.size(); i++) {
            OciLayout.IndexEntry e = index.get(i);
            if (!tag.equals(e.ref())) continue;
            if (e.digest().equals(manifestDigest)) return;
            String old = e.digest();
            index.remove(i);
            boolean stillReferenced = index.stream().anyMatch(x -> x.digest().equals(old));
            if (!stillReferenced) index.add(i, new OciLayout.IndexEntry(old, e.size(), null)); // dangling, as Docker keeps it
            break;
        }
        index.removeIf(e -> e.digest().equals(manifestDigest) && e.ref() == null);
        index.add(new OciLayout.IndexEntry(manifestDigest, size, tag));
    }

    // ---------------------------------------------------------------- tag and remove

    /** {@code glassbox tag SRC NEW}: {@code newRef} now names the image {@code src} names too. */
    public void tag(String src, String newRef) {
        String tag = ImageRef.parse(newRef).toString();
        resolve(src);
        try (AutoCloseable lock = oci.lock()) {
            Found f = find(src).orElseThrow(() -> noSuchImage(src));
            List<OciLayout.IndexEntry> index = new ArrayList<>(oci.readIndex());
            long size = index.stream().filter(e -> e.digest().equals(f.manifestDigest())).findFirst().map(OciLayout.IndexEntry::size)
                    .orElse((long) oci.readBlob(f.manifestDigest()).length);
            setTag(index, tag, f.manifestDigest(), size);
            oci.writeIndex(index);
        } catch (ImageException e) {
            throw e;
        } catch (Exception e) {
            throw new ImageException("cannot tag " + src + " as " + tag + ": " + e.getMessage(), e);
        }
    }

    /** {@code glassbox image rm} when no container uses any image. */
    public List<String> remove(String ref, boolean force) {
        return remove(ref, force, id -> false);
    }

    /**
     * {@code glassbox image rm}: by tag, removes that tag, and the image with its last tag;
     * by id, the image and all its tags (more than one tag needs {@code force}). An image a
     * container uses ({@code imageIdInUse} given the {@code sha256:} id) is refused, or with
     * {@code force} only untagged and kept (as Docker does). Blobs and unpacked layers no
     * image needs any more are deleted. Returns Docker's lines: {@code Untagged: x},
     * {@code Deleted: sha256:...}.
     */
    public List<String> remove(String ref, boolean force, Predicate<String> imageIdInUse) {
        List<String> out = new ArrayList<>();
        try (AutoCloseable lock = oci.lock()) {
            Found f = find(ref).orElseThrow(() -> noSuchImage(ref));
            String id = f.image().id();
            List<OciLayout.IndexEntry> index = new ArrayList<>(oci.readIndex());
            Set<String> manifests = new HashSet<>();
            for (OciLayout.IndexEntry e : index) if (readImage(e.digest(), index).id().equals(id)) manifests.add(e.digest());
            List<String> tags = index.stream().filter(e -> manifests.contains(e.digest()) && e.ref() != null)
                    .map(OciLayout.IndexEntry::ref).distinct().toList();
            boolean byTag = !ref.startsWith("sha256:") && ImageRef.isValid(ref) && tags.contains(ImageRef.parse(ref).toString());
            boolean inUse = imageIdInUse.test(id);

            if (byTag && tags.size() > 1) {
                String tag = ImageRef.parse(ref).toString();
                index.removeIf(e -> tag.equals(e.ref()));
                out.add("Untagged: " + tag);
                oci.writeIndex(index);
                return out;
            }
            if (!byTag && tags.size() > 1 && !force) {
                throw new ImageException("cannot remove image " + f.image().shortId() + ": it is tagged " + String.join(", ", tags)
                        + "; remove the tags one by one or use --force");
            }
            if (inUse && !force) {
                throw new ImageException("cannot remove image " + (byTag ? ImageRef.parse(ref).toString() : f.image().shortId())
                        + ": a container uses it; remove the container first (glassbox rm) or use --force");
            }
            index.removeIf(e -> manifests.contains(e.digest()));
            for (String t : tags) out.add("Untagged: " + t);
            if (inUse) {
                // forced while in use: keep the image, untagged, so the container's layers stay
                String m = manifests.iterator().next();
                index.add(new OciLayout.IndexEntry(m, oci.readBlob(m).length, null));
                oci.writeIndex(index);
                return out;
            }
            oci.writeIndex(index);
            out.add("Deleted: " + id);
            collectGarbage(index);
            return out;
        } catch (ImageException e) {
            throw e;
        } catch (Exception e) {
            throw new ImageException("cannot remove image " + ref + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the blobs and unpacked layers that no image in {@code index} needs. Holds the lock. */
    private void collectGarbage(List<OciLayout.IndexEntry> index) throws IOException {
        Set<String> liveBlobs = new HashSet<>(), liveLayers = new HashSet<>();
        for (String m : new HashSet<>(index.stream().map(OciLayout.IndexEntry::digest).toList())) {
            liveBlobs.add(m);
            JsonNode manifest = oci.readJsonBlob(m);
            String config = manifest.path("config").path("digest").asText();
            liveBlobs.add(config);
            for (JsonNode l : manifest.path("layers")) liveBlobs.add(l.path("digest").asText());
            for (JsonNode d : oci.readJsonBlob(config).path("rootfs").path("diff_ids")) liveLayers.add(Digests.hex(d.asText()));
        }
        for (String b : oci.blobDigests()) if (!liveBlobs.contains(b)) oci.deleteBlob(b);
        try (Stream<Path> s = Files.list(layersDir)) {
            for (Iterator<Path> it = s.iterator(); it.hasNext();) {
                Path p = it.next();
                String name = p.getFileName().toString();
                String hex = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
                if (!hex.matches("[0-9a-f]{64}") || liveLayers.contains(hex)) continue;
                if (name.endsWith(".json")) Files.deleteIfExists(p);
                else Trees.deleteRecursively(p);
            }
        }
    }

    // ---------------------------------------------------------------- for builds, registries and save

    /** True when the store holds the blob {@code digest} (e.g. a layer a pull need not fetch again). */
    public boolean hasBlob(String digest) {
        return Digests.isDigest(digest) && oci.hasBlob(digest);
    }

    /** True when the layer with this diff id is unpacked in the store. */
    public boolean hasLayer(String diffId) {
        return Digests.isDigest(diffId) && Files.isDirectory(layerDir(diffId), LinkOption.NOFOLLOW_LINKS);
    }

    /** Where the layer with this diff id is unpacked, when the store has it. */
    public Optional<Path> unpackedLayer(String diffId) {
        return hasLayer(diffId) ? Optional.of(layerDir(diffId)) : Optional.empty();
    }

    /** The image {@code ref} names, with its manifest, config and layer blob files (for push and save). */
    public StoredImage stored(String ref) {
        Found f = find(ref).orElseGet(() -> {
            Image img = resolve(ref); // builds base when asked for it
            return find(img.id()).orElseThrow(() -> noSuchImage(ref));
        });
        byte[] manifest = oci.readBlob(f.manifestDigest());
        JsonNode m = oci.readJsonBlob(f.manifestDigest());
        String configDigest = m.path("config").path("digest").asText();
        byte[] config = oci.readBlob(configDigest);
        List<StoredImage.Blob> layers = new ArrayList<>();
        Iterator<Layer> diffIds = f.image().layers().iterator();
        for (JsonNode l : m.path("layers")) {
            String digest = l.path("digest").asText();
            layers.add(new StoredImage.Blob(digest, l.path("mediaType").asText(), l.path("size").asLong(),
                    diffIds.hasNext() ? diffIds.next().diffId() : digest, oci.blob(digest)));
        }
        return new StoredImage(f.manifestDigest(), manifest, configDigest, config, layers, f.image().repoTags());
    }

    /**
     * Writes an image from its config (an OCI image config whose {@code rootfs.diff_ids} list
     * every layer) and its layers bottom to top, as a build or a pull makes one, tagged with
     * {@code tags} (may be empty). New blobs are checked against their digest and diff id and
     * unpacked once; blobs the store has are reused as they are. Nothing is visible until every
     * layer is good.
     */
    public Image writeImage(byte[] config, List<StoredImage.NewLayer> layers, List<String> tags, Progress progress) {
        List<String> refs = tags.stream().map(t -> ImageRef.parse(t).toString()).toList();
        List<String> diffIds = new ArrayList<>();
        try {
            for (JsonNode d : OciLayout.JSON.readTree(config).path("rootfs").path("diff_ids")) diffIds.add(d.asText());
        } catch (IOException e) {
            throw new ImageException("the image config to write is not valid JSON: " + e.getMessage(), e);
        }
        if (diffIds.size() != layers.size()) {
            throw new ImageException("the image config lists " + diffIds.size() + " layers but " + layers.size() + " were given");
        }
        try (Staging st = new Staging(root, layersDir, progress)) {
            List<Staging.StagedLayer> staged = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                StoredImage.NewLayer l = layers.get(i);
                String diffId = diffIds.get(i);
                String what = "layer " + (i + 1) + "/" + layers.size();
                if (l.file() == null) {
                    if (!hasBlob(l.blobDigest()) || !hasLayer(diffId)) {
                        throw new ImageException(what + " (" + l.blobDigest() + ") is not in the image store; nothing was written");
                    }
                    Path blob = oci.blob(l.blobDigest());
                    Compression c;
                    try (InputStream head = new BufferedInputStream(Files.newInputStream(blob))) {
                        c = Compression.detect(head);
                    }
                    staged.add(new Staging.StagedLayer(diffId, l.blobDigest(), c.mediaType, Files.size(blob),
                            st.newFile("in-store"), null, layerSize(diffId)));
                } else {
                    try (InputStream in = Files.newInputStream(l.file())) {
                        staged.add(st.stageLayer(in, what, diffId, l.blobDigest(), this::layerSize));
                    }
                }
            }
            return commit(List.of(new Staging.StagedImage(config, staged, refs)), st).getFirst();
        } catch (IOException e) {
            throw new ImageException("cannot write an image to " + root + ": " + e.getMessage() + "; nothing was written", e);
        }
    }

    // ---------------------------------------------------------------- history and inspect

    /** {@code glassbox image history}: newest first, one entry per step that made the image. */
    public List<HistoryEntry> history(String ref) {
        Found f = find(ref).orElseGet(() -> new Found(resolve(ref), null));
        Image img = f.image();
        JsonNode config = oci.readJsonBlob(img.id());
        List<HistoryEntry> oldestFirst = new ArrayList<>();
        Iterator<Layer> layers = img.layers().iterator();
        for (JsonNode h : config.path("history")) {
            boolean empty = h.path("empty_layer").asBoolean(false);
            long size = !empty && layers.hasNext() ? Math.max(0, layers.next().size()) : 0;
            oldestFirst.add(new HistoryEntry("<missing>", parseTime(h.path("created").asText(null)), h.path("created_by").asText(""),
                    size, h.path("comment").asText(""), empty));
        }
        if (oldestFirst.isEmpty()) {
            for (Layer l : img.layers()) oldestFirst.add(new HistoryEntry("<missing>", img.created(), "", Math.max(0, l.size()), "", false));
        }
        List<HistoryEntry> out = new ArrayList<>(oldestFirst.reversed());
        if (!out.isEmpty()) {
            HistoryEntry top = out.getFirst();
            out.set(0, new HistoryEntry(img.id(), top.created(), top.createdBy(), top.size(), top.comment(), top.emptyLayer()));
        }
        return out;
    }

    /** {@code glassbox image inspect}: Docker's JSON shape for the fields Glassbox has. */
    public ObjectNode inspect(String ref) {
        Image img = resolve(ref);
        JsonNode config = oci.readJsonBlob(img.id());
        ObjectNode o = OciLayout.JSON.createObjectNode();
        o.put("Id", img.id());
        ArrayNode tags = o.putArray("RepoTags");
        img.repoTags().forEach(tags::add);
        o.putArray("RepoDigests");
        o.put("Parent", "");
        o.put("Comment", config.path("comment").asText(""));
        o.put("Created", config.path("created").asText(img.created() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(img.created())));
        o.put("Author", config.path("author").asText(""));
        ObjectNode c = o.putObject("Config");
        ImageConfig ic = img.config();
        c.put("User", ic.user());
        if (ic.exposedPorts().isEmpty()) c.putNull("ExposedPorts");
        else {
            ObjectNode ports = c.putObject("ExposedPorts");
            ic.exposedPorts().forEach(p -> ports.putObject(p));
        }
        putList(c, "Env", ic.env());
        putList(c, "Cmd", ic.cmd());
        putList(c, "Entrypoint", ic.entrypoint());
        c.put("WorkingDir", ic.workingDir());
        if (ic.labels().isEmpty()) c.putNull("Labels");
        else {
            ObjectNode labels = c.putObject("Labels");
            new TreeMap<>(ic.labels()).forEach(labels::put);
        }
        o.put("Architecture", config.path("architecture").asText(""));
        if (config.has("variant")) o.put("Variant", config.path("variant").asText());
        o.put("Os", config.path("os").asText(""));
        o.put("Size", img.size());
        ObjectNode driver = o.putObject("GraphDriver");
        driver.put("Name", "overlay");
        ObjectNode data = driver.putObject("Data");
        List<Path> dirs = img.layerDirs();
        if (!dirs.isEmpty()) {
            List<String> lower = dirs.subList(0, dirs.size() - 1).reversed().stream().map(Path::toString).toList();
            if (!lower.isEmpty()) data.put("LowerDir", String.join(":", lower));
            data.put("UpperDir", dirs.getLast().toString());
        }
        ObjectNode rootfs = o.putObject("RootFS");
        rootfs.put("Type", "layers");
        ArrayNode layers = rootfs.putArray("Layers");
        img.layers().forEach(l -> layers.add(l.diffId()));
        return o;
    }

    private static void putList(ObjectNode o, String field, List<String> values) {
        if (values.isEmpty()) {
            o.putNull(field);
            return;
        }
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    // ---------------------------------------------------------------- JSON we write

    /** An OCI image config (config.md of the OCI image spec). */
    static byte[] configJson(ImageConfig c, Instant created, List<String> diffIds, String createdBy, String comment)
            throws IOException {
        ObjectNode o = OciLayout.JSON.createObjectNode();
        o.put("created", DateTimeFormatter.ISO_INSTANT.format(created));
        o.put("architecture", ArchiveLoader.hostArchitecture());
        o.put("os", "linux");
        ObjectNode cfg = o.putObject("config");
        if (!c.user().isEmpty()) cfg.put("User", c.user());
        if (!c.exposedPorts().isEmpty()) {
            ObjectNode ports = cfg.putObject("ExposedPorts");
            new TreeSet<>(c.exposedPorts()).forEach(ports::putObject);
        }
        if (!c.env().isEmpty()) c.env().forEach(cfg.withArray("Env")::add);
        if (!c.entrypoint().isEmpty()) c.entrypoint().forEach(cfg.withArray("Entrypoint")::add);
        if (!c.cmd().isEmpty()) c.cmd().forEach(cfg.withArray("Cmd")::add);
        if (!c.workingDir().isEmpty()) cfg.put("WorkingDir", c.workingDir());
        if (!c.labels().isEmpty()) {
            ObjectNode labels = cfg.putObject("Labels");
            new TreeMap<>(c.labels()).forEach(labels::put);
        }
        ObjectNode rootfs = o.putObject("rootfs");
        rootfs.put("type", "layers");
        diffIds.forEach(rootfs.putArray("diff_ids")::add);
        ObjectNode h = o.putArray("history").addObject();
        h.put("created", DateTimeFormatter.ISO_INSTANT.format(created));
        h.put("created_by", createdBy);
        if (!comment.isEmpty()) h.put("comment", comment);
        return OciLayout.JSON.writeValueAsBytes(o);
    }

    /** An OCI image manifest (manifest.md of the OCI image spec). */
    private static byte[] manifestJson(String configDigest, long configSize, List<Staging.StagedLayer> layers)
            throws IOException {
        ObjectNode o = OciLayout.JSON.createObjectNode();
        o.put("schemaVersion", 2);
        o.put("mediaType", OciLayout.MANIFEST_MEDIA_TYPE);
        ObjectNode config = o.putObject("config");
        config.put("mediaType", OciLayout.CONFIG_MEDIA_TYPE);
        config.put("digest", configDigest);
        config.put("size", configSize);
        ArrayNode ls = o.putArray("layers");
        for (Staging.StagedLayer l : layers) {
            ObjectNode d = ls.addObject();
            d.put("mediaType", l.mediaType());
            d.put("digest", l.blobDigest());
            d.put("size", l.blobSize());
        }
        return OciLayout.JSON.writeValueAsBytes(o);
    }
}
