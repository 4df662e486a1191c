package dev.glassbox.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.image.StoredImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pull and push over the OCI distribution API (distribution-spec), with
 * {@link java.net.http.HttpClient}:
 *
 * <pre>
 * GET  /v2/&lt;repo&gt;/manifests/&lt;tag|digest&gt;     an image index (pick this machine's platform) or a manifest
 * GET  /v2/&lt;repo&gt;/blobs/&lt;digest&gt;             config and layers, checked against their digest while they stream
 * HEAD /v2/&lt;repo&gt;/blobs/&lt;digest&gt;             does the registry have it already?
 * POST /v2/&lt;repo&gt;/blobs/uploads/               start an upload (202 + Location)
 * PATCH &lt;location&gt;  (Content-Range)            a chunk, for big blobs
 * PUT  &lt;location&gt;?digest=&lt;digest&gt;             the whole blob, or the end of a chunked upload
 * PUT  /v2/&lt;repo&gt;/manifests/&lt;tag&gt;             the manifest, last
 * </pre>
 *
 * A 401 with {@code WWW-Authenticate: Bearer realm=..,service=..,scope=..} is answered with
 * an anonymous token from the realm (Docker Hub's flow), then the request is sent again.
 * Registries on this machine's loopback are spoken to over plain HTTP, all others over HTTPS.
 * Layers the store has already are not fetched again; nothing enters the store unless every
 * blob was good.
 */
public final class RegistryClient {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String ACCEPT = String.join(", ", OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final ImageStore images;
    private final HttpClient http;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private long chunkSize = 16L << 20;
    private String architecture = hostArchitecture();
    private String variant;

    public RegistryClient(ImageStore images) {
        this(images, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build());
    }

    public RegistryClient(ImageStore images, HttpClient http) {
        this.images = images;
        this.http = http;
    }

    /** Blobs bigger than this are pushed in PATCH chunks of this size (default 16 MiB). */
    public RegistryClient chunkSize(long bytes) {
        if (bytes <= 0) throw new IllegalArgumentException("chunk size must be positive");
        this.chunkSize = bytes;
        return this;
    }

    /** The architecture picked from an image index ({@code --platform linux/arm64}); this machine's by default. */
    public RegistryClient architecture(String arch) {
        this.architecture = arch;
        return this;
    }

    /** {@code --platform os/arch[/variant]}, as Docker takes it (linux/amd64, linux/arm/v7, linux/arm64/v8). */
    public RegistryClient platform(String platform) {
        String[] p = platform.split("/");
        if (p.length < 2 || p.length > 3 || !p[0].equals("linux") || p[1].isEmpty()) {
            throw new ImageException("invalid platform \"" + platform + "\": use linux/ARCH or linux/ARCH/VARIANT, e.g. linux/arm64 or linux/arm/v7");
        }
        this.architecture = p[1];
        this.variant = p.length == 3 ? p[2] : null;
        return this;
    }

    // ====================================================================== pull

    /** {@code glassbox pull ref}: the image, in the store and tagged with its local name. */
    public Image pull(String reference, TransferOutput out) {
        RegistryRef ref = RegistryRef.parse(reference);
        String scope = "repository:" + ref.repository() + ":pull";
        out.status(null, ref.tag() + ": Pulling from " + ref.repository(), 0, -1);
        Path work = images.root().resolve("tmp").resolve("pull-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(work);
            Fetched top = manifest(ref, scope, ref.tag(), null);
            Fetched manifest = top;
            if (isIndex(top)) {
                String digest = pickPlatform(ref, top.json());
                manifest = manifest(ref, scope, digest, digest);
            }
            if (!manifest.mediaType().equals(OCI_MANIFEST) && !manifest.mediaType().equals(DOCKER_MANIFEST)) {
                throw new ImageException(ref + " is a " + manifest.mediaType() + " manifest, which Glassbox cannot pull "
                        + "(it reads OCI and Docker v2 schema 2 images)");
            }
            JsonNode m = manifest.json();
            String configDigest = m.path("config").path("digest").asText();
            Path configFile = work.resolve("config.json");
            download(ref, scope, configDigest, m.path("config").path("size").asLong(-1), configFile, null, out, "image config");
            byte[] config = Files.readAllBytes(configFile);
            List<String> diffIds = new ArrayList<>();
            for (JsonNode d : JSON.readTree(config).path("rootfs").path("diff_ids")) diffIds.add(d.asText());
            JsonNode layerDescs = m.path("layers");
            if (diffIds.size() != layerDescs.size()) {
                throw new ImageException(ref + " is inconsistent: its manifest lists " + layerDescs.size() + " layers, its config "
                        + diffIds.size() + "; nothing was pulled");
            }
            Optional<Image> before = images.lookup(ref.localName());
            List<StoredImage.NewLayer> layers = new ArrayList<>();
            int fetched = 0;
            for (int i = 0; i < layerDescs.size(); i++) {
                JsonNode l = layerDescs.get(i);
                String digest = l.path("digest").asText();
                String mt = l.path("mediaType").asText("");
                if (mt.contains("foreign") || mt.contains("nondistributable")) {
                    throw new ImageException(ref + " has a non-distributable layer (" + mt + "), which Glassbox does not fetch");
                }
                String id = shortId(digest);
                if (images.hasBlob(digest) && images.hasLayer(diffIds.get(i))) {
                    out.status(id, "Already exists", 0, -1);
                    layers.add(StoredImage.NewLayer.existing(digest));
                    continue;
                }
                out.status(id, "Pulling fs layer", 0, -1);
                Path file = work.resolve("layer-" + i);
                download(ref, scope, digest, l.path("size").asLong(-1), file, id, out, "layer " + (i + 1) + "/" + layerDescs.size());
                out.status(id, "Download complete", 0, -1);
                layers.add(new StoredImage.NewLayer(file, digest));
                fetched++;
            }
            Image img = images.writeImage(config, layers, List.of(ref.localName()), Progress.NONE);
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i).file() != null) out.status(shortId(layerDescs.get(i).path("digest").asText()), "Pull complete", 0, -1);
            }
            out.status(null, "Digest: " + top.digest(), 0, -1);
            boolean upToDate = fetched == 0 && before.isPresent() && before.get().id().equals(img.id());
            out.status(null, "Status: " + (upToDate ? "Image is up to date for " : "Downloaded newer image for ") + ref.localName(), 0, -1);
            return img;
        } catch (IOException e) {
            throw new ImageException("cannot pull " + reference + ": " + e.getMessage() + "; nothing was pulled", e);
        } finally {
            deleteTree(work);
        }
    }

    private record Fetched(byte[] bytes, String mediaType, String digest, JsonNode json) {}

    private static boolean isIndex(Fetched f) {
        return f.mediaType().equals(OCI_INDEX) || f.mediaType().equals(DOCKER_LIST)
                || f.mediaType().isEmpty() && f.json().has("manifests");
    }

    /** GET a manifest; when asked by digest its bytes must hash to it. */
    private Fetched manifest(RegistryRef ref, String scope, String tagOrDigest, String expectedDigest) throws IOException {
        URI uri = URI.create(ref.baseUrl() + "/v2/" + ref.repository() + "/manifests/" + tagOrDigest);
        HttpResponse<byte[]> r = send(ref, scope, HttpRequest.newBuilder(uri).header("Accept", ACCEPT).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            throw new ImageException("manifest for " + ref.localName() + " not found: manifest unknown (is the name or tag right? "
                    + "see the registry's tags)");
        }
        expectStatus(r, 200, "fetch the manifest of " + ref);
        byte[] body = r.body();
        String digest = sha256(body);
        if (expectedDigest != null && !expectedDigest.equals(digest)) {
            throw new ImageException("the manifest " + expectedDigest + " of " + ref + " is corrupt: its content digest is " + digest
                    + "; nothing was pulled");
        }
        String header = r.headers().firstValue("Docker-Content-Digest").orElse(null);
        if (expectedDigest == null && header != null && header.startsWith("sha256:") && !header.equals(digest)) {
            throw new ImageException("the manifest of " + ref + " is corrupt: the registry says " + header + " but its content digest is "
                    + digest + "; nothing was pulled");
        }
        JsonNode json = JSON.readTree(body);
        String mediaType = json.path("mediaType").asText(r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim());
        return new Fetched(body, mediaType, digest, json);
    }

    /** The manifest of an index for linux on this machine's architecture (attestations skipped). */
    private String pickPlatform(RegistryRef ref, JsonNode index) {
        return pickPlatform(index, architecture, variant, ref.toString());
    }

    /**
     * The digest of the index's linux manifest for {@code arch}; with a variant, the entry of that
     * variant, or one that names none (arm64's is v8 by default). Attestations have os "unknown".
     */
    static String pickPlatform(JsonNode index, String arch, String variant, String ref) {
        List<String> offered = new ArrayList<>();
        String withoutVariant = null;
        for (JsonNode d : index.path("manifests")) {
            JsonNode p = d.path("platform");
            String os = p.path("os").asText(""), a = p.path("architecture").asText(""), v = p.path("variant").asText(null);
            offered.add(os + "/" + a + (v != null ? "/" + v : ""));
            if (!os.equals("linux") || !a.equals(arch)) continue;
            if (variant == null || variant.equals(v)) return d.path("digest").asText();
            if (v == null && withoutVariant == null) withoutVariant = d.path("digest").asText();
        }
        if (withoutVariant != null) return withoutVariant;
        throw new ImageException("no matching manifest for linux/" + arch + (variant != null ? "/" + variant : "")
                + " in the manifest list entries of " + ref + " (it has " + String.join(", ", offered) + ")");
    }

    /**
     * GET a blob into {@code file}, hashing while it streams; a blob whose digest or size is
     * not what the manifest says is refused and deleted.
     */
    private void download(RegistryRef ref, String scope, String digest, long size, Path file, String id, TransferOutput out,
            String what) throws IOException {
        if (!digest.matches("sha256:[0-9a-f]{64}")) {
            throw new ImageException(what + " of " + ref + " has an unsupported digest \"" + digest + "\": only sha256 is supported");
        }
        URI uri = URI.create(ref.baseUrl() + "/v2/" + ref.repository() + "/blobs/" + digest);
        HttpResponse<InputStream> r = send(ref, scope, HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 200) {
                throw new ImageException("cannot fetch " + what + " (" + digest + ") of " + ref + ": the registry answered "
                        + r.statusCode());
            }
            long total = size >= 0 ? size : r.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest md = sha256();
            long done = 0, reported = 0;
            byte[] buf = new byte[65536];
            try (OutputStream o = Files.newOutputStream(file)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                    o.write(buf, 0, n);
                    done += n;
                    if (size >= 0 && done > size) break; // longer than promised: refused below
                    if (id != null && done - reported >= (1 << 20)) {
                        out.status(id, "Downloading", done, total);
                        reported = done;
                    }
                }
            }
            String actual = "sha256:" + HexFormat.of().formatHex(md.digest());
            if (!actual.equals(digest) || size >= 0 && done != size) {
                Files.deleteIfExists(file);
                throw new ImageException(what + " of " + ref + " is corrupt: its content digest is " + actual + " (" + done
                        + " bytes) but the manifest says " + digest + " (" + size + " bytes); nothing was pulled");
            }
            if (id != null) out.status(id, "Downloading", done, total);
        }
    }

    // ====================================================================== push

    /** {@code glassbox push ref}: the image tagged {@code ref} goes to its registry; returns the manifest digest. */
    public String push(String reference, TransferOutput out) {
        RegistryRef ref = RegistryRef.parse(reference);
        StoredImage s;
        try {
            s = images.stored(ref.localName());
        } catch (ImageException e) {
            throw new ImageException("An image does not exist locally with the tag: " + ref.localName()
                    + " (tag it first: glassbox tag IMAGE " + ref.localName() + ")", e);
        }
        String scope = "repository:" + ref.repository() + ":pull,push";
        out.status(null, "The push refers to repository [" + ref.registry() + "/" + ref.repository() + "]", 0, -1);
        try {
            for (StoredImage.Blob l : s.layers().reversed()) pushBlob(ref, scope, l.digest(), l.file(), l.size(), out, true);
            Path config = images.root().resolve("tmp").resolve("push-config-" + UUID.randomUUID());
            try {
                Files.write(config, s.config());
                pushBlob(ref, scope, s.configDigest(), config, s.config().length, out, false);
            } finally {
                Files.deleteIfExists(config);
            }
            URI uri = URI.create(ref.baseUrl() + "/v2/" + ref.repository() + "/manifests/" + ref.tag());
            String mediaType = JSON.readTree(s.manifest()).path("mediaType").asText(OCI_MANIFEST);
            HttpResponse<String> r = send(ref, scope, HttpRequest.newBuilder(uri).header("Content-Type", mediaType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(s.manifest())), HttpResponse.BodyHandlers.ofString());
            expectStatus(r, 201, "upload the manifest of " + ref);
            out.status(null, ref.tag() + ": digest: " + s.manifestDigest() + " size: " + s.manifest().length, 0, -1);
            return s.manifestDigest();
        } catch (IOException e) {
            throw new ImageException("cannot push " + reference + ": " + e.getMessage(), e);
        }
    }

    private void pushBlob(RegistryRef ref, String scope, String digest, Path file, long size, TransferOutput out, boolean layer)
            throws IOException {
        String id = shortId(digest);
        String blobs = ref.baseUrl() + "/v2/" + ref.repository() + "/blobs/";
        HttpResponse<Void> head = send(ref, scope, HttpRequest.newBuilder(URI.create(blobs + digest))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 200) {
            if (layer) out.status(id, "Layer already exists", 0, -1);
            return;
        }
        if (layer) out.status(id, "Preparing", 0, -1);
        HttpResponse<Void> start = send(ref, scope, HttpRequest.newBuilder(URI.create(blobs + "uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding());
        expectStatus(start, 202, "start uploading " + digest + " to " + ref);
        URI location = location(start, ref);
        long length = Files.size(file);
        if (length > chunkSize) {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                byte[] chunk = new byte[(int) Math.min(chunkSize, Integer.MAX_VALUE - 8)];
                for (long off = 0; off < length;) {
                    int n = (int) Math.min(chunk.length, length - off);
                    raf.seek(off);
                    raf.readFully(chunk, 0, n);
                    HttpResponse<Void> r = send(ref, scope, HttpRequest.newBuilder(location)
                            .header("Content-Type", "application/octet-stream")
                            .header("Content-Range", off + "-" + (off + n - 1))
                            .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, n)), HttpResponse.BodyHandlers.discarding());
                    expectStatus(r, 202, "upload a chunk of " + digest + " to " + ref);
                    location = location(r, ref);
                    off += n;
                    if (layer) out.status(id, "Pushing", off, length);
                }
            }
            HttpResponse<String> done = send(ref, scope, HttpRequest.newBuilder(withDigest(location, digest))
                    .PUT(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
            expectStatus(done, 201, "finish uploading " + digest + " to " + ref);
        } else {
            HttpResponse<String> done = send(ref, scope, HttpRequest.newBuilder(withDigest(location, digest))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(file)), HttpResponse.BodyHandlers.ofString());
            expectStatus(done, 201, "upload " + digest + " to " + ref);
        }
        if (layer) out.status(id, "Pushed", 0, -1);
    }

    private static URI location(HttpResponse<?> r, RegistryRef ref) {
        String loc = r.headers().firstValue("Location")
                .orElseThrow(() -> new ImageException("the registry " + ref.registry() + " started an upload without a Location"));
        return URI.create(ref.baseUrl() + "/").resolve(loc);
    }

    private static URI withDigest(URI location, String digest) {
        String s = location.toString();
        return URI.create(s + (s.contains("?") ? "&" : "?") + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    }

    // ====================================================================== HTTP and tokens

    /** Sends, answering one Bearer challenge with an anonymous token. */
    private <T> HttpResponse<T> send(RegistryRef ref, String scope, HttpRequest.Builder request, HttpResponse.BodyHandler<T> body)
            throws IOException {
        String key = ref.registry() + " " + scope;
        String token = tokens.get(key);
        HttpRequest.Builder first = request.copy();
        if (token != null) first.setHeader("Authorization", "Bearer " + token);
        HttpResponse<T> r = exchange(ref, first.build(), body);
        if (r.statusCode() != 401) return r;
        discard(r);
        String challenge = r.headers().firstValue("WWW-Authenticate").orElse("");
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ImageException("the registry " + ref.registry() + " wants credentials (" + (challenge.isEmpty() ? "401" : challenge)
                    + "); Glassbox logs in anonymously only");
        }
        token = fetchToken(ref, challenge, scope);
        tokens.put(key, token);
        HttpRequest.Builder again = request.copy();
        again.setHeader("Authorization", "Bearer " + token);
        HttpResponse<T> retried = exchange(ref, again.build(), body);
        if (retried.statusCode() == 401 || retried.statusCode() == 403) {
            discard(retried);
            throw new ImageException("pull access denied for " + ref.repository() + " on " + ref.registry()
                    + ": the repository does not exist or may require 'docker login'");
        }
        return retried;
    }

    private <T> HttpResponse<T> exchange(RegistryRef ref, HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
        try {
            return http.send(request, body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted while talking to " + ref.registry(), e);
        } catch (java.net.ConnectException e) {
            throw new ImageException("cannot reach the registry " + ref.registry() + " at " + request.uri().getScheme() + "://"
                    + request.uri().getAuthority() + ": connection refused (is it running?)", e);
        }
    }

    /** Docker's token flow: GET realm?service=..&scope=.. answers {"token": ..} (or access_token). */
    private String fetchToken(RegistryRef ref, String challenge, String scope) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) params.put(m.group(1).toLowerCase(), m.group(2));
        String realm = params.get("realm");
        if (realm == null) throw new ImageException("the registry " + ref.registry() + " sent a Bearer challenge without a realm");
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (params.containsKey("service")) url.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        url.append("scope=").append(URLEncoder.encode(params.getOrDefault("scope", scope), StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = exchange(ref, HttpRequest.newBuilder(URI.create(url.toString())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new ImageException("the token service " + realm + " of " + ref.registry() + " refused an anonymous token ("
                    + r.statusCode() + ")");
        }
        JsonNode n = JSON.readTree(r.body());
        String token = n.path("token").asText(n.path("access_token").asText(""));
        if (token.isEmpty()) throw new ImageException("the token service " + realm + " answered without a token");
        return token;
    }

    private static void discard(HttpResponse<?> r) {
        if (r.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the connection is dropped instead
            }
        }
    }

    private static void expectStatus(HttpResponse<?> r, int expected, String what) {
        if (r.statusCode() == expected) return;
        String body = r.body() instanceof String s ? s : r.body() instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
        discard(r);
        throw new ImageException("cannot " + what + ": the registry answered " + r.statusCode()
                + (body.isBlank() ? "" : " " + body.strip().lines().findFirst().orElse("")));
    }

    // ====================================================================== helpers

    private static String shortId(String digest) {
        return digest.startsWith("sha256:") && digest.length() >= 19 ? digest.substring(7, 19) : digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static String sha256(byte[] data) {
        return "sha256:" + HexFormat.of().formatHex(sha256().digest(data));
    }

    static String hostArchitecture() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // the store's stale-work cleanup removes it later
        }
    }
}
