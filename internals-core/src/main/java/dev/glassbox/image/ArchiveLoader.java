package dev.glassbox.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Reads image archives into staged images:
 *
 * <ul>
 *   <li>{@code docker save} output: {@code manifest.json} lists each image's config file,
 *       its tags and its layer files, either legacy ({@code <id>/layer.tar}, with symlinks for
 *       repeated layers) or the OCI form Docker 25+ writes ({@code blobs/sha256/<hex>}).
 *   <li>An OCI image layout: {@code index.json} and blobs, nested indexes (multi-platform)
 *       narrowed to this machine's platform.
 * </ul>
 *
 * Every blob is checked against the digest the archive claims for it.
 */
final class ArchiveLoader {
    private final ArchiveSource src;
    private final Staging staging;
    private final Progress progress;
    private final ToLongFunction<String> knownLayerSize;
    private final String defaultName;

    ArchiveLoader(ArchiveSource src, Staging staging, Progress progress, ToLongFunction<String> knownLayerSize,
            String defaultName) {
        this.src = src;
        this.staging = staging;
        this.progress = progress;
        this.knownLayerSize = knownLayerSize;
        this.defaultName = defaultName;
    }

    List<Staging.StagedImage> load() throws IOException {
        if (src.exists("manifest.json")) return dockerSave();
        if (src.exists("index.json")) return ociLayout();
        throw new ImageException(src.name + " is neither a 'docker save' archive nor an OCI image layout "
                + "(it has no manifest.json and no index.json)");
    }

    private JsonNode json(String path) throws IOException {
        try {
            return OciLayout.JSON.readTree(src.readAll(path));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ImageException(path + " in " + src.name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private List<Staging.StagedImage> dockerSave() throws IOException {
        JsonNode manifest = json("manifest.json");
        if (!manifest.isArray() || manifest.isEmpty()) {
            throw new ImageException("manifest.json in " + src.name + " lists no images");
        }
        List<Staging.StagedImage> out = new ArrayList<>();
        for (JsonNode image : manifest) {
            String configPath = image.path("Config").asText("");
            if (configPath.isEmpty()) throw new ImageException("manifest.json in " + src.name + " has an image without Config");
            byte[] config = src.readAll(configPath);
            String blobDigest = digestFromBlobPath(configPath);
            if (blobDigest != null && !blobDigest.equals(Digests.of(config))) {
                throw new ImageException(configPath + " in " + src.name + " is corrupt: its digest does not match its name");
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode t : image.path("RepoTags")) tags.add(ImageRef.parse(shortName(t.asText())).toString());
            List<String> layerPaths = new ArrayList<>();
            for (JsonNode l : image.path("Layers")) layerPaths.add(l.asText());
            out.add(stageImage(config, layerPaths, layerPaths.stream().map(ArchiveLoader::digestFromBlobPath).toList(), tags));
        }
        return out;
    }

    private Staging.StagedImage stageImage(byte[] config, List<String> layerPaths, List<String> blobDigests,
            List<String> tags) throws IOException {
        JsonNode cfg;
        try {
            cfg = OciLayout.JSON.readTree(config);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ImageException("an image config in " + src.name + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> diffIds = new ArrayList<>();
        for (JsonNode d : cfg.path("rootfs").path("diff_ids")) diffIds.add(d.asText());
        if (diffIds.size() != layerPaths.size()) {
            throw new ImageException("an image in " + src.name + " lists " + layerPaths.size() + " layers but its config has "
                    + diffIds.size() + " diff ids; the archive is corrupt");
        }
        for (String d : diffIds) Digests.hex(d);
        List<Staging.StagedLayer> layers = new ArrayList<>();
        String label = tags.isEmpty() ? "an untagged image" : tags.getFirst();
        for (int i = 0; i < layerPaths.size(); i++) {
            String what = "layer " + (i + 1) + "/" + layerPaths.size() + " (" + layerPaths.get(i) + ") of " + label + " in " + src.name;
            progress.step(what, i, layerPaths.size());
            try (InputStream in = src.open(layerPaths.get(i))) {
                layers.add(staging.stageLayer(in, what, diffIds.get(i), blobDigests.get(i), knownLayerSize));
            }
        }
        return new Staging.StagedImage(config, layers, tags);
    }

    /** {@code blobs/sha256/<hex>} names its own digest; legacy paths do not. */
    private static String digestFromBlobPath(String path) {
        String[] p = path.split("/");
        if (p.length >= 3 && p[p.length - 3].equals("blobs") && Digests.isDigest(p[p.length - 2] + ":" + p[p.length - 1])) {
            return p[p.length - 2] + ":" + p[p.length - 1];
        }
        return null;
    }

    private static String blobPath(String digest) {
        return "blobs/sha256/" + Digests.hex(digest);
    }

    private List<Staging.StagedImage> ociLayout() throws IOException {
        List<Staging.StagedImage> out = new ArrayList<>();
        walkIndex(json("index.json"), null, out, 0);
        if (out.isEmpty()) throw new ImageException("the OCI layout " + src.name + " has no image for " + hostPlatform());
        return out;
    }

    private void walkIndex(JsonNode index, String inheritedTag, List<Staging.StagedImage> out, int depth) throws IOException {
        if (depth > 4) throw new ImageException("the OCI layout " + src.name + " nests indexes too deeply");
        boolean nested = depth > 0;
        for (JsonNode d : index.path("manifests")) {
            String mediaType = d.path("mediaType").asText("");
            String digest = d.path("digest").asText();
            String tag = tagOf(d.path("annotations"));
            if (tag == null) tag = inheritedTag;
            if (d.path("annotations").path("vnd.docker.reference.type").asText("").equals("attestation-manifest")) continue;
            if (nested && d.has("platform") && !matchesHost(d.path("platform"))) continue;
            byte[] blob = readVerified(digest);
            JsonNode node = OciLayout.JSON.readTree(blob);
            if (mediaType.contains("index") || mediaType.contains("manifest.list") || node.has("manifests")) {
                walkIndex(node, tag, out, depth + 1);
                continue;
            }
            byte[] config = readVerified(node.path("config").path("digest").asText());
            List<String> paths = new ArrayList<>(), digests = new ArrayList<>();
            for (JsonNode l : node.path("layers")) {
                String ld = l.path("digest").asText();
                paths.add(blobPath(ld));
                digests.add(ld);
            }
            out.add(stageImage(config, paths, digests, tag == null ? List.of() : List.of(tag)));
            if (nested) return; // one image of a multi-platform index is enough: the one for this machine
        }
    }

    private byte[] readVerified(String digest) throws IOException {
        byte[] data = src.readAll(blobPath(digest));
        if (!Digests.of(data).equals(digest)) {
            throw new ImageException("blob " + digest + " in " + src.name + " is corrupt: its content does not match its digest");
        }
        return data;
    }

    /**
     * The tag a descriptor names: containerd's full name when present, else the OCI ref name
     * (a bare tag such as {@code latest} gets the archive's name as its repository).
     */
    private String tagOf(JsonNode annotations) {
        String full = annotations.path("io.containerd.image.name").asText("");
        if (!full.isEmpty() && ImageRef.isValid(shortName(full))) return ImageRef.parse(shortName(full)).toString();
        String ref = annotations.path(OciLayout.REF_NAME).asText("");
        if (ref.isEmpty()) return null;
        if (ref.contains(":") || ref.contains("/")) return ImageRef.parse(shortName(ref)).toString();
        return new ImageRef(defaultName, ref).toString();
    }

    /** docker.io/library/alpine:3 is alpine:3 to Docker's CLI; keep names short the same way. */
    private static String shortName(String ref) {
        if (ref.startsWith("docker.io/library/")) return ref.substring("docker.io/library/".length());
        if (ref.startsWith("docker.io/")) return ref.substring("docker.io/".length());
        return ref;
    }

    static String hostArchitecture() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

    private static String hostPlatform() {
        return "linux/" + hostArchitecture();
    }

    private static boolean matchesHost(JsonNode platform) {
        return platform.path("os").asText("linux").equals("linux")
                && platform.path("architecture").asText(hostArchitecture()).equals(hostArchitecture());
    }
}
