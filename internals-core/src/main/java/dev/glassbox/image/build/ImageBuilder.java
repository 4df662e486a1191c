package dev.glassbox.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageRef;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.Progress;
import dev.glassbox.image.StoredImage;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * {@code glassbox build}: runs a Dockerfile's instructions one by one, as Docker's classic
 * builder does, and writes the result as an OCI image in the store.
 *
 * <ul>
 *   <li>RUN runs in a real container of the image built so far (the runtime's create, start,
 *       await); the container's overlay upper directory, turned into a tar with whiteouts
 *       ({@link UpperDirDiff}), is the new layer.
 *   <li>COPY and ADD write their layer straight from the context ({@link CopyLayer}).
 *   <li>ENV, LABEL, WORKDIR, USER, EXPOSE, CMD, ENTRYPOINT... change only the config: a
 *       history entry with {@code empty_layer}.
 *   <li>Every step looks in the {@link BuildCache} first (parent id + instruction + content),
 *       so an unchanged rebuild makes no new layer and the same image id.
 * </ul>
 *
 * A failed step removes its container and every image and layer this build made, so nothing
 * half-built is left (the cache keeps only steps of images that were finished).
 */
public final class ImageBuilder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    private final ImageStore images;
    private final ContainerRuntime runtime;
    private final BuildCache cache;
    private final Function<String, Image> missingImage;

    /** A builder that fails on a FROM image the store does not have. */
    public ImageBuilder(ImageStore images, ContainerRuntime runtime) {
        this(images, runtime, ref -> {
            throw new BuildException("pull access denied for " + ref + ": the image is not in the store "
                    + "('glassbox pull " + ref + "' first)");
        });
    }

    /** @param missingImage fetches a FROM image the store lacks (e.g. a registry pull) */
    public ImageBuilder(ImageStore images, ContainerRuntime runtime, Function<String, Image> missingImage) {
        this.images = images;
        this.runtime = runtime;
        this.cache = new BuildCache(images.root().resolve("build-cache"));
        this.missingImage = missingImage;
    }

    /** What a build made: the image, how many steps ran, how many came from the cache. */
    public record Result(Image image, int steps, int cached, List<String> warnings) {}

    /**
     * One build cache entry, as {@code system df} shows it: the step ({@code description}), and
     * the layer it made. {@code shared}: that layer belongs to an image in the store, so
     * forgetting the entry frees none of it; {@code size}: the layer's bytes while the store
     * has it, else the entry's own.
     */
    public record CacheEntry(String id, String parent, String description, boolean shared, long size, Instant created,
            Instant lastUsed, int usageCount) {}

    /** What {@code builder prune} removed, and the bytes that freed (entries whose layer no image holds). */
    public record CachePrune(List<String> deleted, long reclaimed) {}

    /** The build cache's entries, oldest first. */
    public List<CacheEntry> cacheEntries() {
        Map<String, Long> imageLayers = new java.util.HashMap<>();
        for (Image i : images.list()) {
            for (StoredImage.Blob b : images.stored(i.id()).layers()) imageLayers.put(b.digest(), b.size());
        }
        List<CacheEntry> out = new ArrayList<>();
        for (BuildCache.Entry e : cache.entries()) {
            boolean shared = e.layerDigest() != null && imageLayers.containsKey(e.layerDigest());
            out.add(new CacheEntry(e.key(), e.parent(), e.createdBy(), shared, shared ? imageLayers.get(e.layerDigest()) : e.size(),
                    e.created(), e.lastUsed(), e.usageCount()));
        }
        return out;
    }

    /** {@code builder prune}: forgets the whole build cache, so the next build runs every step. */
    public CachePrune pruneCache() {
        long reclaimed = 0;
        for (CacheEntry e : cacheEntries()) if (!e.shared()) reclaimed += e.size();
        return new CachePrune(cache.prune(), reclaimed);
    }

    /** Builds the image {@code request} describes, reporting to {@code out}. */
    public Result build(BuildRequest request, BuildOutput out) {
        BuildContext context = new BuildContext(request.context());
        Path dockerfile = request.context().resolve(request.dockerfile());
        String text;
        try {
            text = Files.readString(dockerfile);
        } catch (IOException e) {
            throw new BuildException("cannot read the Dockerfile " + dockerfile + ": " + (e instanceof java.nio.file.NoSuchFileException
                    ? "no such file (give its path with -f)" : e.getMessage()), e);
        }
        List<Instruction> instructions = DockerfileParser.parse(text, request.dockerfile());
        Path work = images.root().resolve("tmp").resolve("build-" + UUID.randomUUID().toString().substring(0, 8));
        Run run = new Run(request, context, instructions, work, out);
        try {
            Files.createDirectories(work);
            return run.all();
        } catch (IOException e) {
            run.discard();
            throw new BuildException("the build failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            run.discard();
            throw e;
        } finally {
            deleteQuietly(work);
        }
    }

    /** One build in progress: the stage's config and layers, ARG values, images made so far. */
    private final class Run {
        final BuildRequest request;
        final BuildContext context;
        final List<Instruction> instructions;
        final Path work;
        final BuildOutput out;
        final Map<String, String> globalArgs = new LinkedHashMap<>();
        final Set<String> usedBuildArgs = new TreeSet<>();
        final List<String> madeImages = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        ObjectNode config;                       // the OCI image config so far
        String parentId;                         // digest of the config so far (or "scratch")
        List<StoredImage.NewLayer> layers;       // parallel to rootfs.diff_ids
        List<Path> dirs;                         // their unpacked directories; null while only a tar in work/
        Map<String, String> args;                // ARGs declared in this stage and their values (null: no value)
        boolean fromSeen;
        int cached;
        int layerFiles;

        Run(BuildRequest request, BuildContext context, List<Instruction> instructions, Path work, BuildOutput out) {
            this.request = request;
            this.context = context;
            this.instructions = instructions;
            this.work = work;
            this.out = out;
        }

        Result all() throws IOException {
            int n = instructions.size();
            for (int i = 0; i < n; i++) {
                Instruction in = instructions.get(i);
                out.stream("Step " + (i + 1) + "/" + n + " : " + in.text() + "\n");
                if (!fromSeen && !in.keyword().equals("FROM") && !in.keyword().equals("ARG")) {
                    throw new BuildException(request.dockerfile() + " line " + in.line() + ": no build stage in current context: "
                            + "the first instruction must be FROM (ARG may come before it)");
                }
                step(in);
            }
            if (!fromSeen) throw new BuildException(request.dockerfile() + " has no FROM instruction");
            if (!request.labels().isEmpty()) {
                ObjectNode labels = cfg().with("Labels");
                request.labels().forEach(labels::put);
                config.put("created", now());
            }
            Set<String> unused = new TreeSet<>(request.buildArgs().keySet());
            unused.removeAll(usedBuildArgs);
            if (!unused.isEmpty()) {
                String w = "[Warning] One or more build-args " + unused + " were not consumed";
                warnings.add(w);
                out.stream(w + "\n");
            }
            Image image = images.writeImage(configBytes(), layers, tagsChecked(), Progress.NONE);
            madeImages.remove(image.id());
            removeIntermediates();
            out.stream("Successfully built " + image.shortId() + "\n");
            for (String t : image.repoTags()) if (request.tags().stream().anyMatch(x -> ImageRef.parse(x).toString().equals(t))) {
                out.stream("Successfully tagged " + t + "\n");
            }
            out.imageId(image.id());
            return new Result(image, n, cached, List.copyOf(warnings));
        }

        private List<String> tagsChecked() {
            List<String> tags = new ArrayList<>();
            for (String t : request.tags()) {
                try {
                    tags.add(ImageRef.parse(t).toString());
                } catch (ImageException e) {
                    throw new BuildException("invalid argument \"" + t + "\" for \"-t, --tag\" flag: " + e.getMessage(), e);
                }
            }
            return tags;
        }

        /** After a failure: the images this build committed go, and with them their new layers. */
        void discard() {
            removeIntermediates();
        }

        private void removeIntermediates() {
            for (String id : madeImages.reversed()) {
                try {
                    images.remove(id, true);
                } catch (RuntimeException e) {
                    warnings.add("could not remove intermediate image " + id + ": " + e.getMessage());
                }
            }
            madeImages.clear();
        }

        // ------------------------------------------------------------------ one instruction

        void step(Instruction in) throws IOException {
            switch (in.keyword()) {
                case "FROM" -> from(in);
                case "ARG" -> arg(in);
                case "RUN" -> run(in);
                case "COPY", "ADD" -> copy(in);
                case "ENV" -> env(in);
                case "LABEL" -> label(in);
                case "EXPOSE" -> expose(in);
                case "WORKDIR" -> workdir(in);
                case "USER" -> metadata("USER " + expand(in.args()), c -> c.put("User", expand(in.args())));
                case "CMD" -> metadata("CMD " + execJson(command(in)), c -> setArray(c, "Cmd", command(in)));
                case "ENTRYPOINT" -> metadata("ENTRYPOINT " + execJson(command(in)), c -> {
                    setArray(c, "Entrypoint", command(in));
                    c.remove("Cmd"); // Docker: a new ENTRYPOINT resets the CMD it inherited
                });
                case "VOLUME" -> volume(in);
                case "STOPSIGNAL" -> metadata("STOPSIGNAL " + expand(in.args()), c -> c.put("StopSignal", expand(in.args())));
                case "SHELL" -> {
                    if (!in.jsonForm() || in.json().isEmpty()) {
                        throw new BuildException(request.dockerfile() + " line " + in.line() + ": SHELL requires the arguments to be in JSON form");
                    }
                    metadata("SHELL " + execJson(in.json()), c -> setArray(c, "Shell", in.json()));
                }
                case "MAINTAINER" -> metadata("MAINTAINER " + in.args(), c -> config.put("author", in.args()));
                default -> throw new BuildException(request.dockerfile() + " line " + in.line() + ": " + in.keyword()
                        + " is not supported by Glassbox's builder");
            }
        }

        private ObjectNode cfg() {
            return config.with("config");
        }

        // ------------------------------------------------------------------ FROM and ARG

        void from(Instruction in) throws IOException {
            List<String> words = Words.split(in.args(), globalArgs::get);
            if (words.isEmpty() || words.size() == 2 || words.size() > 3 || words.size() == 3 && !words.get(1).equalsIgnoreCase("AS")) {
                throw new BuildException(request.dockerfile() + " line " + in.line() + ": FROM requires one image, optionally "
                        + "followed by AS name");
            }
            if (fromSeen) out.stream(" ---> only the last stage is kept: multi-stage builds copy nothing across in Glassbox\n");
            fromSeen = true;
            args = new LinkedHashMap<>();
            String ref = words.getFirst();
            if (ref.equals("scratch")) {
                config = JSON.createObjectNode();
                config.put("architecture", hostArchitecture());
                config.put("os", "linux");
                config.putObject("config").putArray("Env").add(DEFAULT_PATH);
                config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
                config.putArray("history");
                layers = new ArrayList<>();
                dirs = new ArrayList<>();
                parentId = "scratch";
                out.stream(" ---> scratch: an empty image\n");
                return;
            }
            Image base = images.lookup(ref).orElseGet(() -> {
                if (ImageRef.isValid(ref) && ImageRef.parse(ref).toString().equals("base:latest")) return images.resolve(ref);
                return missingImage.apply(ref);
            });
            StoredImage stored = images.stored(base.id());
            JsonNode baseConfig = JSON.readTree(stored.config());
            config = JSON.createObjectNode();
            config.put("created", baseConfig.path("created").asText(now()));
            config.put("architecture", baseConfig.path("architecture").asText(hostArchitecture()));
            config.put("os", baseConfig.path("os").asText("linux"));
            if (baseConfig.has("variant")) config.put("variant", baseConfig.path("variant").asText());
            if (baseConfig.has("author")) config.put("author", baseConfig.path("author").asText());
            config.set("config", baseConfig.path("config").isObject() ? baseConfig.path("config").deepCopy() : JSON.createObjectNode());
            ObjectNode rootfs = config.putObject("rootfs");
            rootfs.put("type", "layers");
            ArrayNode diffIds = rootfs.putArray("diff_ids");
            baseConfig.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
            config.set("history", baseConfig.path("history").isArray() ? baseConfig.path("history").deepCopy() : JSON.createArrayNode());
            layers = new ArrayList<>();
            for (StoredImage.Blob b : stored.layers()) layers.add(StoredImage.NewLayer.existing(b.digest()));
            dirs = new ArrayList<>(base.layerDirs());
            parentId = base.id();
            out.stream(" ---> " + base.shortId() + "\n");
        }

        void arg(Instruction in) {
            for (String word : Words.split(in.args(), fromSeen ? this::lookup : globalArgs::get)) {
                int eq = word.indexOf('=');
                String name = eq < 0 ? word : word.substring(0, eq);
                String def = eq < 0 ? null : word.substring(eq + 1);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new BuildException(request.dockerfile() + " line " + in.line() + ": invalid ARG name \"" + name + "\"");
                }
                String value = def;
                if (request.buildArgs().containsKey(name)) {
                    value = request.buildArgs().get(name);
                    usedBuildArgs.add(name);
                } else if (def == null && fromSeen) {
                    value = globalArgs.get(name); // ARG NAME inside a stage takes the global default
                }
                if (fromSeen) args.put(name, value);
                else globalArgs.put(name, value);
            }
        }

        /** Substitution sees ENV first, then the stage's ARGs (ENV wins, as in Docker). */
        private String lookup(String name) {
            for (JsonNode e : cfg().path("Env")) {
                String kv = e.asText();
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).equals(name)) return kv.substring(eq + 1);
            }
            return args == null ? null : args.get(name);
        }

        private String expand(String s) {
            return Words.expand(s, this::lookup);
        }

        // ------------------------------------------------------------------ metadata-only steps

        interface ConfigChange {
            void apply(ObjectNode cfg) throws IOException;
        }

        /** A step that changes only the config: cached like the others so image ids stay stable. */
        void metadata(String createdBy, ConfigChange change) throws IOException {
            String key = BuildCache.key(parentId, createdBy, null);
            if (useCache(key)) return;
            change.apply(cfg());
            addHistory(createdBy, true);
            commitStep(key, null, createdBy);
        }

        void env(Instruction in) throws IOException {
            List<String> words = Words.split(in.args(), this::lookup);
            Map<String, String> pairs = new LinkedHashMap<>();
            if (!words.isEmpty() && !words.getFirst().contains("=")) {
                // legacy form: ENV NAME the rest of the line
                String rest = in.args().strip().substring(in.args().strip().indexOf(words.getFirst().charAt(0)) + words.getFirst().length()).strip();
                pairs.put(words.getFirst(), expand(rest));
            } else {
                for (String w : words) {
                    int eq = w.indexOf('=');
                    if (eq <= 0) throw new BuildException(request.dockerfile() + " line " + in.line() + ": ENV names must be NAME=value");
                    pairs.put(w.substring(0, eq), w.substring(eq + 1));
                }
            }
            if (pairs.isEmpty()) throw new BuildException(request.dockerfile() + " line " + in.line() + ": ENV requires at least one argument");
            StringBuilder text = new StringBuilder("ENV");
            pairs.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
            metadata(text.toString(), c -> {
                List<String> env = new ArrayList<>();
                c.path("Env").forEach(e -> env.add(e.asText()));
                for (var p : pairs.entrySet()) {
                    env.removeIf(e -> e.startsWith(p.getKey() + "="));
                    env.add(p.getKey() + "=" + p.getValue());
                }
                setArray(c, "Env", env);
            });
        }

        void label(Instruction in) throws IOException {
            Map<String, String> pairs = new LinkedHashMap<>();
            List<String> words = Words.split(in.args(), this::lookup);
            for (String w : words) {
                int eq = w.indexOf('=');
                if (eq <= 0) throw new BuildException(request.dockerfile() + " line " + in.line() + ": LABEL must be key=value pairs");
                pairs.put(w.substring(0, eq), w.substring(eq + 1));
            }
            StringBuilder text = new StringBuilder("LABEL");
            pairs.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
            metadata(text.toString(), c -> {
                ObjectNode labels = c.with("Labels");
                pairs.forEach(labels::put);
            });
        }

        void expose(Instruction in) throws IOException {
            List<String> ports = new ArrayList<>();
            for (String w : Words.split(in.args(), this::lookup)) {
                String p = w.contains("/") ? w.toLowerCase() : w + "/tcp";
                if (!p.matches("\\d{1,5}(-\\d{1,5})?/(tcp|udp|sctp)")) {
                    throw new BuildException(request.dockerfile() + " line " + in.line() + ": invalid port \"" + w + "\" for EXPOSE (e.g. 80 or 53/udp)");
                }
                ports.add(p);
            }
            metadata("EXPOSE " + String.join(" ", ports), c -> {
                ObjectNode exposed = c.with("ExposedPorts");
                ports.forEach(exposed::putObject);
            });
        }

        void workdir(Instruction in) throws IOException {
            String dir = expand(in.args());
            if (dir.isEmpty()) throw new BuildException(request.dockerfile() + " line " + in.line() + ": WORKDIR requires a path");
            String abs = "/" + DockerIgnore.clean(dir.startsWith("/") ? dir : cfg().path("WorkingDir").asText("/") + "/" + dir);
            metadata("WORKDIR " + abs, c -> c.put("WorkingDir", abs));
        }

        void volume(Instruction in) throws IOException {
            List<String> vols = in.jsonForm() ? in.json() : Words.split(in.args(), this::lookup);
            metadata("VOLUME " + execJson(vols), c -> {
                ObjectNode v = c.with("Volumes");
                vols.forEach(v::putObject);
            });
        }

        /** CMD/ENTRYPOINT/RUN argv: the exec form as written, the shell form through the shell. */
        private List<String> command(Instruction in) {
            if (in.jsonForm()) return in.json();
            List<String> argv = new ArrayList<>(shell());
            argv.add(in.args());
            return argv;
        }

        private List<String> shell() {
            List<String> sh = new ArrayList<>();
            cfg().path("Shell").forEach(s -> sh.add(s.asText()));
            return sh.isEmpty() ? DEFAULT_SHELL : sh;
        }

        // ------------------------------------------------------------------ RUN

        void run(Instruction in) throws IOException {
            List<String> argv = command(in);
            // ARG values reach RUN as environment variables and are part of its cache key, as in Docker
            Map<String, String> argEnv = new LinkedHashMap<>();
            args.forEach((k, v) -> {
                if (v != null && lookupEnvOnly(k) == null) argEnv.put(k, v);
            });
            String shown = in.jsonForm() ? execJson(argv) : String.join(" ", argv);
            String createdBy = "RUN " + (argEnv.isEmpty() ? "" : "|" + argEnv.size() + " "
                    + String.join(" ", argEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()) + " ") + shown;
            String key = BuildCache.key(parentId, createdBy, null);
            if (useCache(key)) return;

            Image current = intermediateImage();
            ContainerConfig cc = ContainerConfig.builder(current.id()).entrypoint(List.of()).cmd(argv)
                    .env(argEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .networkMode(request.networkMode()).labels(Map.of("dev.glassbox.build", "true")).build();
            ContainerInfo c = runtime.create(cc);
            out.stream(" ---> Running in " + c.shortId() + "\n");
            int exit;
            UpperDirDiff.Result diff;
            Path tar = work.resolve("layer-" + (layerFiles++) + ".tar");
            try {
                exit = startAndStream(c);
                if (exit != 0) {
                    throw new BuildException("The command '" + shown + "' returned a non-zero code: " + exit, exit, null);
                }
                ContainerInfo done = runtime.inspect(c.id());
                diff = UpperDirDiff.write(Path.of(done.paths().get("upper")), current.layerDirs().reversed(), tar);
            } finally {
                runtime.remove(c.id(), true);
                out.stream(" ---> Removed intermediate container " + c.shortId() + "\n");
            }
            String layer = null;
            if (diff.entries() > 0) {
                layers.add(StoredImage.NewLayer.fromFile(tar));
                dirs.add(null);
                ((ArrayNode) config.path("rootfs").path("diff_ids")).add(diff.diffId());
                layer = diff.diffId();
            }
            addHistory(createdBy, layer == null);
            commitStep(key, layer, createdBy);
        }

        private String lookupEnvOnly(String name) {
            for (JsonNode e : cfg().path("Env")) if (e.asText().startsWith(name + "=")) return e.asText();
            return null;
        }

        /** Starts the RUN container and streams its output until it ends; its exit code. */
        private int startAndStream(ContainerInfo c) throws IOException {
            try {
                runtime.start(c.id());
            } catch (ContainerException e) {
                throw new BuildException("The command '" + String.join(" ", c.config().cmd()) + "' could not run: " + e.getMessage(),
                        e.status() == 404 ? 127 : 126, e);
            }
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return runtime.await(c.id());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildException("interrupted while the RUN container ran", e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Path log = runtime.logFile(c.id());
            long offset = 0;
            byte[] buf = new byte[8192];
            while (true) {
                boolean over = exit.isDone();
                if (Files.exists(log)) {
                    try (var ch = java.nio.channels.FileChannel.open(log)) {
                        ch.position(offset);
                        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(buf);
                        int n;
                        while ((n = ch.read(bb)) > 0) {
                            out.stream(new String(buf, 0, n, StandardCharsets.UTF_8));
                            offset += n;
                            bb.clear();
                        }
                    }
                }
                if (over) break;
                try {
                    Thread.sleep(50); // polling the log file: the container writes it directly, not through us
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BuildException("interrupted while the RUN container ran", e);
                }
            }
            return exit.join();
        }

        /** The config and layers so far as an image in the store, so a container can run on it. */
        private Image intermediateImage() throws IOException {
            byte[] bytes = configBytes();
            String id = digest(bytes);
            Optional<Image> existing = images.lookup(id);
            if (existing.isPresent()) return existing.get();
            Image img = images.writeImage(bytes, layers, List.of(), Progress.NONE);
            madeImages.add(img.id());
            // its layers are in the store now: later images refer to them by blob
            List<StoredImage.NewLayer> inStore = new ArrayList<>();
            for (StoredImage.Blob b : images.stored(img.id()).layers()) inStore.add(StoredImage.NewLayer.existing(b.digest()));
            layers = inStore;
            dirs = new ArrayList<>(img.layerDirs());
            return img;
        }

        // ------------------------------------------------------------------ COPY and ADD

        void copy(Instruction in) throws IOException {
            boolean add = in.keyword().equals("ADD");
            if (in.flags().containsKey("from")) {
                throw new BuildException(request.dockerfile() + " line " + in.line() + ": COPY --from needs multi-stage builds, "
                        + "which Glassbox does not support");
            }
            List<String> words = in.jsonForm() ? in.json().stream().map(this::expand).toList() : Words.split(in.args(), this::lookup);
            if (words.size() < 2) {
                throw new BuildException(request.dockerfile() + " line " + in.line() + ": " + in.keyword() + " requires at least two arguments");
            }
            String dest = words.getLast();
            String workdir = cfg().path("WorkingDir").asText("");
            if (!dest.startsWith("/")) dest = (workdir.isEmpty() ? "/" : workdir.endsWith("/") ? workdir : workdir + "/") + dest;
            List<BuildContext.Source> sources = new ArrayList<>();
            for (String src : words.subList(0, words.size() - 1)) {
                if (src.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
                    throw new BuildException(in.keyword() + " " + src + ": sources by URL are not supported by Glassbox; download it "
                            + "into the build context first");
                }
                sources.addAll(context.resolve(src));
            }
            Integer uid = null, gid = null, chmod = null;
            String chown = in.flags().get("chown");
            if (chown != null) {
                int[] ids = owner(expand(chown));
                uid = ids[0];
                gid = ids[1];
            }
            if (in.flags().containsKey("chmod")) {
                String m = in.flags().get("chmod");
                if (!m.matches("[0-7]{3,4}")) throw new BuildException(in.keyword() + " --chmod=" + m + ": give an octal mode such as 755");
                chmod = Integer.parseInt(m, 8);
            }
            StringBuilder text = new StringBuilder(in.keyword());
            if (chown != null) text.append(" --chown=").append(expand(chown));
            if (chmod != null) text.append(" --chmod=").append(in.flags().get("chmod"));
            for (String w : words.subList(0, words.size() - 1)) text.append(' ').append(w);
            text.append(' ').append(dest);
            String key = BuildCache.key(parentId, text.toString(), context.digest(sources));
            if (useCache(key)) return;

            CopyLayer layer = new CopyLayer(context, lowerDirsTopFirst(), uid, gid, chmod, work);
            layer.add(sources, dest, add);
            Path tar = work.resolve("layer-" + (layerFiles++) + ".tar");
            String diffId = layer.write(tar);
            layers.add(StoredImage.NewLayer.fromFile(tar));
            dirs.add(null);
            ((ArrayNode) config.path("rootfs").path("diff_ids")).add(diffId);
            addHistory(text.toString(), false);
            commitStep(key, diffId, text.toString());
        }

        /**
         * The unpacked directories of the layers so far, top first (for COPY's existing parent
         * directories and --chown names); layers still only tars are committed first.
         */
        private List<Path> lowerDirsTopFirst() throws IOException {
            if (dirs.contains(null)) intermediateImage();
            return new ArrayList<>(dirs).reversed();
        }

        /** {@code --chown=user[:group]}: numbers, or names from the image's /etc/passwd and /etc/group. */
        private int[] owner(String spec) throws IOException {
            String[] parts = spec.split(":", 2);
            List<Path> lower = lowerDirsTopFirst();
            int uid = parts[0].matches("\\d+") ? Integer.parseInt(parts[0]) : idFrom(lower, "etc/passwd", parts[0], spec);
            int gid = parts.length < 2 ? uid : parts[1].matches("\\d+") ? Integer.parseInt(parts[1]) : idFrom(lower, "etc/group", parts[1], spec);
            return new int[] {uid, gid};
        }

        private int idFrom(List<Path> lowerTopFirst, String file, String name, String spec) throws IOException {
            for (Path l : lowerTopFirst) {
                Path f = l.resolve(file);
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) continue;
                for (String line : Files.readAllLines(f)) {
                    String[] p = line.split(":");
                    if (p.length > 2 && p[0].equals(name)) return Integer.parseInt(p[2]);
                }
                break;
            }
            throw new BuildException("--chown=" + spec + ": unable to find " + (file.endsWith("passwd") ? "user " : "group ") + name
                    + " in the image's /" + file);
        }

        // ------------------------------------------------------------------ cache and history

        /** On a hit: the step's config and layer taken from the cache; says CACHED, as BuildKit does. */
        private boolean useCache(String key) throws IOException {
            if (request.noCache()) return false;
            Optional<BuildCache.Hit> hit = cache.lookup(key);
            if (hit.isEmpty()) return false;
            String layer = hit.get().layerDigest();
            if (layer != null && !(images.hasBlob(layer) && images.hasLayer(layer))) return false;
            ObjectNode next = (ObjectNode) JSON.readTree(hit.get().config());
            if (layer != null) {
                layers.add(StoredImage.NewLayer.existing(layer));
                dirs.add(images.unpackedLayer(layer).orElseThrow());
            }
            config = next;
            parentId = digest(hit.get().config());
            cached++;
            cache.used(key);
            out.stream(" ---> CACHED\n ---> " + parentId.substring(7, 19) + "\n");
            return true;
        }

        private void addHistory(String createdBy, boolean emptyLayer) {
            String t = now();
            config.put("created", t);
            ObjectNode h = ((ArrayNode) config.withArray("history")).addObject();
            h.put("created", t);
            h.put("created_by", createdBy);
            h.put("comment", "glassbox build");
            if (emptyLayer) h.put("empty_layer", true);
        }

        private void commitStep(String key, String layerDigest, String createdBy) throws IOException {
            byte[] bytes = configBytes();
            cache.store(key, bytes, layerDigest, parentId, createdBy);
            parentId = digest(bytes);
            out.stream(" ---> " + parentId.substring(7, 19) + "\n");
        }

        private byte[] configBytes() throws IOException {
            return JSON.writeValueAsBytes(config);
        }
    }

    // ---------------------------------------------------------------------- helpers

    private static void setArray(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }

    private static String execJson(List<String> argv) {
        try {
            return JSON.writeValueAsString(argv);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String digest(byte[] data) {
        return "sha256:" + java.util.HexFormat.of().formatHex(BuildContext.sha256().digest(data));
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now());
    }

    static String hostArchitecture() {
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the store's stale-work cleanup removes it later
                }
            }
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // likewise
        }
    }
}
