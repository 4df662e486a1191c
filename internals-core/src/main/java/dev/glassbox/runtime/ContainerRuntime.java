package dev.glassbox.runtime;

import dev.glassbox.cgroup.CgroupHierarchy;
import dev.glassbox.cgroup.ContainerCgroup;
import dev.glassbox.image.Image;
import dev.glassbox.image.ImageException;
import dev.glassbox.image.ImageStore;
import dev.glassbox.net.PortProxy;
import dev.glassbox.runtime.step.MountsStep;
import dev.glassbox.runtime.step.PublishPortsStep;
import dev.glassbox.storage.MountSpec;
import dev.glassbox.storage.Volumes;
import dev.glassbox.runtime.init.InitBinary;
import dev.glassbox.runtime.init.InitPool;
import dev.glassbox.runtime.init.InitStage;
import dev.glassbox.runtime.step.StepContext;
import dev.glassbox.runtime.step.StepEngine;
import dev.glassbox.runtime.step.StepFailedException;
import dev.glassbox.runtime.step.StepReport;
import dev.glassbox.sys.Errno;
import dev.glassbox.sys.Kernel;
import dev.glassbox.sys.SysException;
import dev.glassbox.sys.Syscalls;
import dev.glassbox.util.Dirs;
import dev.glassbox.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The runtime: makes containers with the step engine, watches their shims, and works out
 * their state from the kernel each time it is asked.
 *
 * <p>On disk, per container: {@code lib/containers/ID/} holds {@code config.json} (what was
 * asked), {@code status.json} (the last run's start, end and exit code), the container layer
 * ({@code upper}, {@code work}, {@code merged}) and {@code container.log}; {@code run/containers/ID/}
 * holds {@code state.json} (shim and init PIDs while it runs) and {@code exit}, the wait status
 * glassbox-init writes when the container's PID 1 ends. A removed container's directory moves to
 * {@code lib/removing/ID/} until a background thread has deleted it.
 */
public final class ContainerRuntime implements ContainerService, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final Syscalls sys;
    private final Path containersLib;
    private final Path containersRun;
    private final ImageStore images;
    private final Path initBinary;
    /** Mount points for what every container gets mounted, stacked over each image (see {@link InitLayer}). */
    private final Path initLayer;
    /** A glassbox-init started ahead of time for the next container (see {@link InitPool}). */
    private final InitPool inits;
    private final String cgroupParent;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    /** Configs by id: written once by create and never changed, so each is parsed once. */
    private final Map<String, ContainerConfig> configs = new ConcurrentHashMap<>();
    /**
     * A removed container's directory is renamed into {@code lib/removing} and deleted there by this
     * thread: rm returns once the container is gone from every list, not after its files (1 ms of
     * each removal). What an engine that stopped meanwhile left there goes at the next start.
     */
    private final Path removing;
    /** The same for the run directories (another file system, a tmpfs): {@code run/removing}. */
    private final Path runRemoving;
    private final java.util.concurrent.ExecutorService remover =
            java.util.concurrent.Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("remover").factory());
    /** The threads that wait for containers to end, kept for the next one: making a thread is a good part of a start. */
    private final java.util.concurrent.ExecutorService watchers =
            java.util.concurrent.Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("watch").factory());
    private final Map<String, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    /**
     * --rm containers started for a client that follows their output ({@code run --rm}, attached):
     * removed once a wait has had their exit code, as Docker's {@code wait?condition=removed}
     * answers it, so the client reads all of their output first; or, if no wait comes (the client
     * was killed), {@link #unclaimedRemoval} after the exit.
     */
    private final java.util.Set<String> removeAfterWait = ConcurrentHashMap.newKeySet();
    private volatile java.time.Duration unclaimedRemoval = java.time.Duration.ofSeconds(10);
    /**
     * The last status of those, in memory only: a --rm container does not outlive its run, so its
     * end is not written to disk (an engine that restarts meanwhile removes it, see reconcile).
     */
    private final Map<String, Status> endedKept = new ConcurrentHashMap<>();
    private final Map<String, TtyPump> pumps = new ConcurrentHashMap<>();
    /** The cgroups of the containers this engine started, as made: their end need not find them again (ten stats on v1). */
    private final Map<String, ContainerCgroup> liveCgroups = new ConcurrentHashMap<>();
    private final Map<String, List<PortProxy>> proxies = new ConcurrentHashMap<>();
    private final Map<String, List<dev.glassbox.net.Nftables.Dnat>> dnats = new ConcurrentHashMap<>();
    private HostNat hostNat;
    private final Networks networks;
    private final Volumes volumes;
    private volatile CgroupHierarchy cgroups;
    private volatile StepEngine.FailureInjector injector = StepEngine.FailureInjector.NONE;

    public ContainerRuntime(Syscalls sys, Path libDir, Path runDir, ImageStore images) {
        this(sys, libDir, runDir, images, "glassbox", dev.glassbox.net.BridgeNetwork.DEFAULT_BRIDGE);
    }

    /**
     * @param cgroupParent  the cgroup under which containers' cgroups are made
     * @param defaultBridge the default network's bridge device
     * (tests pass their own, so they never touch a real Glassbox's cgroups or glassbox0)
     */
    public ContainerRuntime(Syscalls sys, Path libDir, Path runDir, ImageStore images, String cgroupParent, String defaultBridge) {
        this.sys = sys;
        this.cgroupParent = cgroupParent;
        this.containersLib = libDir.resolve("containers");
        this.containersRun = runDir.resolve("containers");
        this.removing = libDir.resolve("removing");
        this.runRemoving = runDir.resolve("removing");
        this.images = images;
        try {
            Files.createDirectories(containersLib);
            Files.createDirectories(containersRun);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + containersLib + " or " + containersRun, e);
        }
        for (Path trash : List.of(removing, runRemoving)) {
            try (var left = Files.exists(trash) ? Files.list(trash) : java.util.stream.Stream.<Path>empty()) {
                left.forEach(dir -> remover.execute(() -> deleteTreeQuietly(dir)));
            } catch (IOException e) {
                System.err.println("glassbox: listing " + trash + ": " + e.getMessage());
            }
        }
        this.initBinary = InitBinary.extract(runDir.resolve("bin"));
        this.initLayer = InitLayer.ensure(libDir);
        this.inits = new InitPool(sys, initBinary);
        this.networks = new Networks(libDir.resolve("network"), defaultBridge);
        this.volumes = new Volumes(libDir.resolve("volumes"));
        dropUnreadable();
        reconcile();
    }

    /** How long a --rm container started for a client is kept after its exit when no wait comes (tests shorten it). */
    void unclaimedRemovalAfter(java.time.Duration d) {
        this.unclaimedRemoval = d;
    }

    /** Tests: fail before the step with this id, to check that every earlier step is undone. */
    public void injectFailures(StepEngine.FailureInjector injector) {
        this.injector = injector == null ? StepEngine.FailureInjector.NONE : injector;
    }

    public ImageStore images() { return images; }

    @Override
    public Networks networks() { return networks; }

    /**
     * The engine's part, as dockerd's: IP forwarding, masquerading and DNAT for the bridge
     * networks, undone by {@link #close}. Tests leave it off: they never change the host's
     * forwarding or firewall.
     */
    public void enableHostNat() {
        enableHostNat(null);
    }

    /**
     * {@link #enableHostNat()} in the network namespace {@code netns} (null: the engine's own);
     * tests give one they created. The table starts empty (what a crashed engine left is cleared),
     * then gets the masquerade of each network in use and the DNAT of each running container's
     * published ports, read from its run state: after a restart, the engine knows them again.
     */
    synchronized void enableHostNat(Path netns) {
        if (hostNat != null) return;
        hostNat = HostNat.start(netns, containersRun.resolveSibling("ip_forward.before"));
        if (hostNat == null) return;
        networks.nat(hostNat);
        for (var pool : networks.ipam().pools()) {
            if (!pool.leases().isEmpty()) networks.up(networks.get(pool.network()));
        }
        for (String id : ids()) {
            synchronized (lock(id)) {
                RunState state = readRunState(id);
                if (state == null || state.ports() == null || !dnats.getOrDefault(id, List.of()).isEmpty()) continue;
                List<dev.glassbox.net.Nftables.Dnat> added = new ArrayList<>();
                for (String m : state.ports()) {
                    try {
                        PortMapping pm = PortMapping.parse(m);
                        var d = networks.publish(pm.spec(), pm.hostPort(), (java.net.Inet4Address) java.net.InetAddress.ofLiteral(pm.containerIp()));
                        if (d != null) added.add(d);
                    } catch (RuntimeException e) {
                        System.err.println("glassbox: DNAT again for " + m + " of " + id + ": " + e.getMessage());
                    }
                }
                if (!added.isEmpty()) dnats.put(id, added);
            }
        }
    }

    @Override
    public Volumes volumes() { return volumes; }

    /** The cgroup hierarchy of this machine, detected once (v1, v2 or hybrid). */
    public CgroupHierarchy cgroups() {
        CgroupHierarchy c = cgroups;
        if (c == null) cgroups = c = CgroupHierarchy.detect(sys);
        return c;
    }

    // ---- create ---------------------------------------------------------------------------

    @Override
    public synchronized ContainerInfo create(ContainerConfig request) {
        if (request.image() == null || request.image().isBlank()) throw ContainerException.badParameter("no image given: glassbox create IMAGE [COMMAND]");
        String name = request.name();
        if (name != null) {
            if (name.startsWith("/")) name = name.substring(1);
            if (!NAME.matcher(name).matches()) {
                throw ContainerException.badParameter("Invalid container name (" + name + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
            }
            for (String id : ids()) {
                ContainerConfig other = config(id);
                if (name.equals(other.name())) {
                    throw ContainerException.conflict("Conflict. The container name \"/" + name + "\" is already in use by container \""
                            + id + "\". You have to remove (or rename) that container to be able to reuse that name.");
                }
            }
        }
        Image image = resolveImage(request.image());
        Resolved resolved = Resolved.of(request, image);
        String mode = resolved.networkMode();
        if (Networks.isBridgeMode(mode)) networks.get(mode); // "network X not found"
        else if (mode.startsWith("container:")) resolve(mode.substring(10));
        List<MountSpec> storage = storage(request);
        if (name == null) name = uniqueRandomName();
        String id = HexFormat.of().formatHex(randomBytes());
        ContainerConfig config = Resolved.withImageDefaults(request.toBuilder().storage(storage).build(), image.config())
                .withIdentity(id, name, image.id(), Instant.now());
        Path dir = containersLib.resolve(id);
        try {
            Files.createDirectories(dir);
            // atomic, not fsynced: the fsync was 0.6-0.8 ms of every run here. A power cut in the
            // seconds after may lose the new container, or leave its config empty: the next engine
            // removes such a leftover (see dropUnreadable)
            Json.writeVolatile(dir.resolve("config.json"), config);
        } catch (IOException | UncheckedIOException e) {
            deleteTree(dir);
            throw new ContainerException(500, "cannot create the container's directory " + dir + ": " + e.getMessage(), e);
        }
        return info(id);
    }

    /** -v, --mount, --tmpfs and --volumes-from resolved: anonymous volumes get their name now, once. */
    private List<MountSpec> storage(ContainerConfig c) {
        List<MountSpec> out = new ArrayList<>();
        try {
            for (String from : c.volumesFrom() == null ? List.<String>of() : c.volumesFrom()) {
                String[] p = from.split(":", 2);
                boolean ro = p.length == 2 && p[1].equals("ro");
                if (p.length == 2 && !p[1].equals("ro") && !p[1].equals("rw")) {
                    throw new IllegalArgumentException("invalid mode for --volumes-from " + from + ": use ro or rw");
                }
                ContainerConfig other = info(resolve(p[0])).config();
                for (MountSpec m : other.storage() == null ? List.<MountSpec>of() : other.storage()) {
                    if (m.type() == MountSpec.Type.TMPFS) continue;
                    out.add(new MountSpec(m.type(), m.source(), m.target(), ro || (p.length < 2 && m.readOnly()), null, m.anonymous()));
                }
            }
            for (String v : c.volumes() == null ? List.<String>of() : c.volumes()) out.add(MountSpec.parseVolumeFlag(v));
            for (String m : c.mounts() == null ? List.<String>of() : c.mounts()) out.add(MountSpec.parseMountFlag(m));
            for (String t : c.tmpfs() == null ? List.<String>of() : c.tmpfs()) out.add(MountSpec.parseTmpfsFlag(t));
        } catch (IllegalArgumentException e) {
            throw ContainerException.badParameter(e.getMessage());
        }
        java.util.Set<String> targets = new java.util.HashSet<>();
        List<MountSpec> named = new ArrayList<>();
        for (MountSpec m : out) {
            if (!targets.add(m.target())) throw ContainerException.badParameter("Duplicate mount point: " + m.target());
            if (m.type() == MountSpec.Type.VOLUME && m.source() == null) m = m.withSource(volumes.create(null, Map.of()).name());
            else if (m.type() == MountSpec.Type.VOLUME) {
                try {
                    volumes.create(m.source(), Map.of());
                } catch (IllegalArgumentException e) {
                    throw ContainerException.badParameter(e.getMessage());
                }
            }
            named.add(m);
        }
        return named;
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }

    /** Images by id: an id names immutable content, so a start need not read the store's index again. */
    private final Map<String, Image> imagesById = new ConcurrentHashMap<>();

    private Image resolveImage(String ref) {
        Image cached = imagesById.get(ref);
        if (cached != null && cached.layerDirs().stream().allMatch(Files::isDirectory)) return cached;
        try {
            Image image = images.resolve(ref);
            if (ref.startsWith("sha256:")) imagesById.put(ref, image);
            return image;
        } catch (ImageException e) {
            throw new ContainerException(404, e.getMessage(), e);
        }
    }

    /** A container's read-only layers, top first: the init layer, then the image's, its last layer first. */
    private List<Path> lowerDirs(Image image) {
        List<Path> out = new ArrayList<>();
        out.add(initLayer);
        out.addAll(image.layerDirs().reversed());
        return out;
    }

    private String uniqueRandomName() {
        List<String> taken = ids().stream().map(id -> config(id).name()).toList();
        while (true) {
            String n = Names.random(random);
            if (!taken.contains(n)) return n;
        }
    }

    // ---- start ------------------------------------------------------------------------------

    @Override
    public ContainerInfo start(String ref) {
        String id = resolve(ref);
        start(id, false);
        return info(id);
    }

    /** Without the container's info after: the engine's start answers with none (it cost a part of a millisecond). */
    @Override
    public void start(String ref, boolean clientAttaches) {
        begin(resolve(ref), false, clientAttaches).runStraight();
    }

    @Override
    public StepSession startStepByStep(String ref) {
        return startStepByStep(ref, false);
    }

    @Override
    public StepSession startStepByStep(String ref, boolean clientAttaches) {
        return begin(resolve(ref), true, clientAttaches);
    }

    private Session begin(String id, boolean observe, boolean clientAttaches) {
        synchronized (lock(id)) {
            ContainerInfo now = info(id);
            if (now.running()) throw ContainerException.conflict("container " + now.name() + " is already running");
            ContainerConfig config = now.config();
            Image image = resolveImage(config.imageId());
            Resolved r = Resolved.of(config, image);
            Path lib = containersLib.resolve(id), run = containersRun.resolve(id);
            awaitReleased(id); // its last run's overlay holds the same upper and work directories
            deleteTree(run);
            try {
                Files.createDirectories(run);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Stdio stdio = Stdio.open(sys, config, lib.resolve("container.log"));
            try {
                ContainerSpec spec = new ContainerSpec(id, config.name(), r.hostname(), lowerDirs(image),
                        lib.resolve("upper"), lib.resolve("work"), lib.resolve("merged"), r.namespaces(),
                        networkMode(r.networkMode()), r.ports(), lib, storageMounts(config),
                        cgroupParent + "/" + id, r.resources(), r.capMask(), r.lastCap(), config.privileged(), r.uid(), r.gid(),
                        r.groups(), r.argv(), r.env(), r.workingDir(), config.readOnlyRootfs(), stdio.consolePath(),
                        run.resolve("exit"), initBinary, stdio.fds());
                StepContext ctx = new StepContext(sys, spec).observe(observe);
                StepEngine engine = new StepEngine(ContainerSteps.forStart(spec, cgroups(), networks, this::refreshHosts, inits), ctx, injector);
                writeStatus(id, new Status(Instant.now(), null, null, false, null));
                return new Session(id, engine, stdio, r, clientAttaches);
            } catch (RuntimeException e) {
                stdio.close();
                throw e;
            }
        }
    }

    /** Host sources of the container's mounts; a missing bind source directory is created, as {@code -v} does. */
    private List<ContainerSpec.StorageMount> storageMounts(ContainerConfig c) {
        List<ContainerSpec.StorageMount> out = new ArrayList<>();
        for (MountSpec m : c.storage() == null ? List.<MountSpec>of() : c.storage()) {
            switch (m.type()) {
                case TMPFS -> out.add(new ContainerSpec.StorageMount(m, null, false));
                case VOLUME -> out.add(new ContainerSpec.StorageMount(m, volumes.create(m.source(), Map.of()).mountpoint(), true));
                case BIND -> {
                    Path src = Path.of(m.source());
                    if (!Files.exists(src)) {
                        try {
                            Files.createDirectories(src);
                        } catch (IOException e) {
                            throw ContainerException.badParameter("bind source path " + src + " does not exist and cannot be created: " + e.getMessage());
                        }
                    }
                    out.add(new ContainerSpec.StorageMount(m, src, false));
                }
            }
        }
        return out;
    }

    /** A start in progress; {@link #start} drives it to the end, {@code run --step} one step at a time. */
    private final class Session implements StepSession {
        private final String id;
        private final StepEngine engine;
        private final Stdio stdio;
        private final Resolved resolved;
        private final boolean clientAttaches;
        private boolean over;

        Session(String id, StepEngine engine, Stdio stdio, Resolved resolved, boolean clientAttaches) {
            this.id = id;
            this.engine = engine;
            this.stdio = stdio;
            this.resolved = resolved;
            this.clientAttaches = clientAttaches;
        }

        @Override public String containerId() { return id; }

        @Override public List<String> titles() { return engine.steps().stream().map(s -> s.title()).toList(); }

        @Override public boolean hasNext() { return !over && engine.hasNext(); }

        @Override
        public StepReport next() {
            if (over) throw new IllegalStateException("the start is over");
            try {
                StepReport report = engine.next();
                if (!engine.hasNext()) started();
                return report;
            } catch (StepFailedException e) {
                over = true;
                stdio.close();
                failed(e);
                throw e;
            }
        }

        /** All the steps, with no one watching: some work beside the next ones (see {@link StepEngine#runAll(java.util.concurrent.Executor)}). */
        void runStraight() {
            if (over) throw new IllegalStateException("the start is over");
            try {
                engine.runAll(watchers);
                started();
            } catch (StepFailedException e) {
                over = true;
                stdio.close();
                failed(e);
                throw e;
            }
        }

        @Override
        public void abort() {
            if (over) return;
            over = true;
            try {
                engine.undoTo(0);
            } finally {
                stdio.close();
                deleteTree(containersRun.resolve(id));
                writeStatus(id, null);
            }
        }

        /** The command runs: hand the container to its watcher. */
        private void started() {
            over = true;
            StepContext ctx = engine.context();
            InitStage init = ctx.init();
            PublishPortsStep.Published published = ctx.get(PublishPortsStep.Published.class);
            List<String> ports = new ArrayList<>();
            if (published != null) {
                proxies.put(id, published.proxies());
                dnats.put(id, published.dnats());
                for (PortProxy p : published.proxies()) ports.add(PortMapping.of(p).toString());
            }
            RunState state = new RunState(init.shimPid(), init.initPid(), startTime(init.initPid()),
                    ctx.spec().consolePath(), resolved.hostname(), ctx.spec().cgroupPath(), ports);
            // the run state says what the kernel holds (PIDs): it needs no fsync, only an atomic replace
            Json.writeVolatile(containersRun.resolve(id).resolve("state.json"), state);
            if (clientAttaches && config(id).autoRemove()) removeAfterWait.add(id);
            inits.prepare(); // the next container's glassbox-init, now that this one's runs
            ContainerCgroup cg = ctx.get(ContainerCgroup.class);
            if (cg != null) liveCgroups.put(id, cg);
            init.close();
            int pidfd = sys.pidfdOpen(init.shimPid());
            CompletableFuture<Integer> exit = exits.computeIfAbsent(id, k -> new CompletableFuture<>());
            if (stdio.tty()) {
                // the terminal made in the container's devpts; the host pty it was spawned with is closed below
                MountsStep.Console console = ctx.get(MountsStep.Console.class);
                int master = console != null ? console.master() : stdio.takeMaster();
                pumps.put(id, TtyPump.start(sys, master, containersLib.resolve(id).resolve("container.log"), clientAttaches));
            }
            stdio.close();
            watchers.execute(() -> watch(id, init.shimPid(), pidfd, true));
        }

        private void failed(StepFailedException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InitStage.ExecFailed ex) {
                // Docker: the container was started, its command could not run: 126 or 127
                writeStatus(id, new Status(Instant.now(), Instant.now(), ex.exitCode(), false, ex.getMessage()));
                exits.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(ex.exitCode());
                deleteTree(containersRun.resolve(id));
                throw new ContainerException(ex.exitCode() == 127 ? 404 : 400, ex.getMessage(), ex);
            }
            writeStatus(id, null);
            deleteTree(containersRun.resolve(id));
        }
    }

    // ---- watching and finishing -------------------------------------------------------------

    /** Waits for the shim to end (pidfd readable), then records the exit and cleans up. */
    private void watch(String id, int shimPid, int pidfd, boolean ourChild) {
        Thread.currentThread().setName("watch-" + id.substring(0, 12));
        try {
            try {
                sys.pollIn(pidfd, -1);
                if (ourChild) {
                    try {
                        sys.waitpid(shimPid, 0);
                    } catch (SysException e) {
                        if (e.errno() != Errno.ECHILD) throw e;
                    }
                }
            } finally {
                sys.close(pidfd);
            }
            finish(id);
        } catch (RuntimeException e) {
            // whoever waits for its exit is told, not left waiting
            CompletableFuture<Integer> waiting = exits.remove(id);
            if (waiting != null) waiting.completeExceptionally(e);
            throw e;
        } finally {
            Thread.currentThread().setName("watch");
        }
    }

    /** The container's PID 1 ended: exit code, OOM, unmount, remove the cgroup. Idempotent. */
    private void finish(String id) {
        synchronized (lock(id)) {
            Path run = containersRun.resolve(id);
            RunState state = readRunState(id);
            if (state == null) return;
            int code = exitCodeFromFile(run.resolve("exit"));
            boolean oom = false;
            // unmounting the overlay and removing the cgroup are mostly waits for the kernel (RCU grace
            // periods, exiting tasks leaving the cgroup): each on a pooled thread, beside the rest
            CompletableFuture<Void> unmounted = CompletableFuture.runAsync(() -> unmountReleasingLater(id), watchers);
            CompletableFuture<Void> cgroupRemoved = CompletableFuture.completedFuture(null);
            try {
                ContainerCgroup kept = liveCgroups.remove(id);
                ContainerCgroup cg = kept != null ? kept : cgroups().open(state.cgroupPath());
                if (cg != null) {
                    oom = cg.oomKilled();
                    // the parent stays for the next container, until close
                    cgroupRemoved = CompletableFuture.runAsync(cg::destroyLeavingParents, watchers);
                }
            } catch (RuntimeException e) {
                System.err.println("glassbox: cleaning up the cgroup of " + id + ": " + e.getMessage());
            }
            TtyPump pump = pumps.remove(id);
            if (pump != null) pump.close();
            List<PortProxy> published = proxies.remove(id);
            if (published != null) published.forEach(PortProxy::close);
            List<dev.glassbox.net.Nftables.Dnat> natted = dnats.remove(id);
            if (natted != null) natted.forEach(networks::unpublish);
            for (String network : networks.networksOf(id)) {
                try {
                    networks.get(network).detach(id);
                    refreshHosts(network);
                } catch (RuntimeException e) {
                    System.err.println("glassbox: disconnecting " + id + " from " + network + ": " + e.getMessage());
                }
            }
            boolean goes = config(id).autoRemove();
            if (!goes || removeAfterWait.contains(id)) {
                Status previous = readStatus(id);
                Status ended = new Status(previous == null ? null : previous.startedAt(), Instant.now(), code, oom, null);
                if (goes) endedKept.put(id, ended);
                else writeStatus(id, ended);
            }
            try {
                cgroupRemoved.join();
            } catch (java.util.concurrent.CompletionException e) {
                System.err.println("glassbox: cleaning up the cgroup of " + id + ": " + e.getCause().getMessage());
            }
            try {
                unmounted.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
            discardRun(id);
            exits.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(code);
            exits.remove(id);
            if (goes) {
                if (removeAfterWait.contains(id)) {
                    CompletableFuture.runAsync(() -> removeIfWaitedFor(id),
                            CompletableFuture.delayedExecutor(unclaimedRemoval.toMillis(), TimeUnit.MILLISECONDS, watchers));
                } else {
                    autoRemove(id);
                }
            }
        }
    }

    /** --rm: the container goes, and with it its anonymous volumes, as Docker does. Under its lock. */
    private void autoRemove(String id) {
        ContainerConfig cfg = config(id);
        removeFiles(id);
        for (MountSpec m : cfg.storage() == null ? List.<MountSpec>of() : cfg.storage()) {
            if (m.type() == MountSpec.Type.VOLUME && m.anonymous() && volumeUsers(m.source()).isEmpty()) volumes.remove(m.source());
        }
    }

    /** After a wait has its exit code (or when none came): a --rm container kept for its client goes now. */
    private void removeIfWaitedFor(String id) {
        synchronized (lock(id)) {
            if (removeAfterWait.remove(id) && Files.isDirectory(containersLib.resolve(id))) autoRemove(id);
        }
    }

    /** Docker's exit code from a wait status: the code, or 128 + the signal. */
    static int exitCode(int waitStatus) {
        int signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    private static int exitCodeFromFile(Path exit) {
        try {
            return exitCode(Integer.parseInt(Files.readString(exit).trim()));
        } catch (IOException | NumberFormatException e) {
            return 137; // the shim itself was killed: report it as SIGKILL, as Docker would
        }
    }

    /**
     * Containers whose config did not survive (a power cut just after their create, which does not
     * fsync it): they never ran, or ran before the cut. Moved out to the remover, one line each.
     */
    private void dropUnreadable() {
        for (String id : ids()) {
            Path f = containersLib.resolve(id).resolve("config.json");
            boolean readable;
            try {
                // not JSON at all (empty, or cut short): a config of another shape is not ours to drop
                readable = Files.size(f) > 0 && Json.MAPPER.readTree(f.toFile()) != null;
            } catch (IOException e) {
                readable = false;
            }
            if (!readable) {
                System.err.println("glassbox: container " + id + " has no readable configuration (a crash just after its create?): removed");
                configs.remove(id);
                if (!discard(containersLib.resolve(id), removing.resolve(id))) deleteTreeQuietly(containersLib.resolve(id));
            }
        }
    }

    /** After an engine restart: watch the containers still running, finish those that ended meanwhile. */
    private void reconcile() {
        for (String id : ids()) {
            RunState state = readRunState(id);
            if (state == null) {
                // a --rm container that ran and ended while no engine could remove it (its end was in memory only)
                Status s = config(id).autoRemove() ? readStatus(id) : null;
                if (s != null && s.startedAt() != null) {
                    synchronized (lock(id)) {
                        autoRemove(id);
                    }
                }
                continue;
            }
            if (alive(state.shimPid())) {
                republish(id, state);
                try {
                    int pidfd = sys.pidfdOpen(state.shimPid());
                    watchers.execute(() -> watch(id, state.shimPid(), pidfd, false));
                    continue;
                } catch (SysException e) {
                    if (e.errno() != Errno.ESRCH) throw e;
                }
            }
            finish(id);
        }
        // leases and veths of containers that no longer exist (an engine crash, a deleted directory)
        List<String> existing = ids();
        for (var pool : networks.ipam().pools()) {
            try {
                networks.get(pool.network()).prune(cid -> existing.contains(cid) && readRunState(cid) != null);
            } catch (RuntimeException e) {
                System.err.println("glassbox: pruning network " + pool.network() + ": " + e.getMessage());
            }
        }
    }

    /** The engine restarted: its port proxies died with it; start them again for running containers. */
    private void republish(String id, RunState state) {
        if (state.ports() == null || state.ports().isEmpty()) return;
        List<PortProxy> started = new ArrayList<>();
        for (String m : state.ports()) {
            try {
                PortMapping pm = PortMapping.parse(m);
                started.add(PortProxy.start(pm.spec(), java.net.InetAddress.ofLiteral(pm.containerIp())));
            } catch (RuntimeException e) {
                System.err.println("glassbox: re-publishing " + m + " of " + id + ": " + e.getMessage());
            }
        }
        proxies.put(id, started);
    }

    /**
     * Rewrites /etc/hosts of every container on {@code network}: its own name and address, and on a
     * user-defined network its peers' names, as Docker's embedded DNS would answer them. Written in
     * place (same inode), because each file is bind-mounted into its container.
     */
    void refreshHosts(String network) {
        var pool = networks.pool(network);
        if (pool.isEmpty()) return;
        for (String id : pool.get().leases().keySet()) writeHosts(id);
    }

    /**
     * /etc/hosts of one container from every network it is on: its address on its first network
     * (the one of {@code --network}, its eth0), and the names of its peers on each user-defined one.
     */
    private void writeHosts(String id) {
        Path hostsFile = containersLib.resolve(id).resolve("hosts");
        if (!Files.exists(hostsFile)) return;
        try {
            ContainerConfig own = config(id);
            String hostname = own.hostname() != null ? own.hostname() : id.substring(0, 12);
            List<String> on = new ArrayList<>(networks.networksOf(id));
            String first = own.networkMode() == null ? dev.glassbox.net.BridgeNetwork.DEFAULT_NAME : own.networkMode();
            if (on.remove(first)) on.addFirst(first);
            java.net.Inet4Address ownIp = null;
            boolean resolveNames = false;
            Map<String, java.net.InetAddress> peers = new LinkedHashMap<>();
            for (String network : on) {
                Map<String, java.net.Inet4Address> leases = networks.pool(network).map(p -> p.leases()).orElse(Map.of());
                if (ownIp == null) ownIp = leases.get(id);
                if (network.equals(dev.glassbox.net.BridgeNetwork.DEFAULT_NAME)) continue;
                resolveNames = true;
                for (var p : leases.entrySet()) {
                    if (p.getKey().equals(id)) continue;
                    try {
                        peers.putIfAbsent(config(p.getKey()).name(), p.getValue());
                    } catch (ContainerException gone) {
                        // removed meanwhile
                    }
                }
            }
            String text = dev.glassbox.net.EtcFiles.hosts(hostname, ownIp, peers);
            if (resolveNames && ownIp != null) text = text.stripTrailing() + "\n" + ownIp.getHostAddress() + "\t" + own.name() + "\n";
            Files.writeString(hostsFile, text, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException ex) {
            System.err.println("glassbox: writing /etc/hosts of " + id + ": " + ex.getMessage());
        }
    }

    /** --network: {@code container:<name>} becomes {@code container:<its init's PID>}; default is bridge. */
    private String networkMode(String mode) {
        if (!mode.startsWith("container:")) {
            if (Networks.isBridgeMode(mode)) networks.get(mode); // fails clearly for an unknown network
            return mode;
        }
        ContainerInfo other = info(resolve(mode.substring(10)));
        if (other.state() != ContainerState.RUNNING) {
            throw ContainerException.conflict("cannot join the network of container " + other.name() + ": it is not running");
        }
        return "container:" + other.pid();
    }

    // ---- networks of a container ----------------------------------------------------------

    @Override
    public void connect(String ref, String network) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (!i.running()) throw ContainerException.conflict("container " + i.name() + " is not running");
        if (networks.networksOf(id).contains(network)) throw ContainerException.conflict("endpoint with name " + i.name() + " already exists in network " + network);
        String mode = i.config().networkMode();
        if (mode != null && !Networks.isBridgeMode(mode)) {
            throw ContainerException.badParameter("container " + i.name() + " uses --network " + mode + ": it cannot join other networks");
        }
        var n = networks.up(networks.get(network)); // the bridge, and with host NAT its masquerade and isolation
        n.attach(id, i.pid(), freeInterfaceName(i.pid()));
        refreshHosts(network);
    }

    /** eth0, eth1, ...: the first name no interface of the container's network namespace has. */
    private static String freeInterfaceName(int pid) {
        try (dev.glassbox.net.Rtnl rtnl = dev.glassbox.net.Rtnl.open(dev.glassbox.net.NetNs.ofPid(pid))) {
            java.util.Set<String> taken = new java.util.HashSet<>();
            for (var l : rtnl.links()) taken.add(l.name());
            for (int k = 0; ; k++) if (!taken.contains("eth" + k)) return "eth" + k;
        }
    }

    @Override
    public void disconnect(String ref, String network) {
        String id = resolve(ref);
        if (!networks.networksOf(id).contains(network)) throw ContainerException.badParameter("container " + ref + " is not connected to network " + network);
        networks.get(network).detach(id);
        refreshHosts(network);
        writeHosts(id); // its peers there are no longer its peers
    }

    @Override
    public List<PortMapping> ports(String ref) {
        String id = resolve(ref);
        RunState s = readRunState(id);
        if (s == null || s.ports() == null) return List.of();
        return s.ports().stream().map(PortMapping::parse).toList();
    }

    // ---- the other verbs --------------------------------------------------------------------

    @Override
    public List<ContainerInfo> list(boolean all) {
        List<ContainerInfo> out = new ArrayList<>();
        for (String id : ids()) {
            try {
                ContainerInfo i = info(id);
                if (all || i.running()) out.add(i);
            } catch (ContainerException | UncheckedIOException e) {
                // removed while listing
            }
        }
        out.sort(Comparator.comparing((ContainerInfo i) -> i.config().created()).reversed());
        return out;
    }

    @Override
    public ContainerInfo inspect(String ref) {
        return info(resolve(ref));
    }

    @Override
    public ContainerInfo stop(String ref, int timeoutSeconds) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (!i.running()) return i;
        if (i.state() == ContainerState.PAUSED) unpause(id);
        signal(i, Kernel.SIGTERM);
        try {
            awaitExit(id, timeoutSeconds);
        } catch (TimeoutException e) {
            signal(info(id), Kernel.SIGKILL);
            try {
                awaitExit(id, 10);
            } catch (TimeoutException again) {
                throw new ContainerException(500, "container " + i.name() + " did not stop after SIGKILL");
            }
        }
        return info(id);
    }

    @Override
    public void kill(String ref, int signal) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (!i.running()) throw ContainerException.conflict("Container " + id + " is not running");
        signal(i, signal);
    }

    private void signal(ContainerInfo i, int signal) {
        try {
            sys.kill(i.pid(), signal);
        } catch (SysException e) {
            if (e.errno() != Errno.ESRCH) throw e;
        }
    }

    @Override
    public void remove(String ref, boolean force) {
        remove(ref, force, false);
    }

    @Override
    public void remove(String ref, boolean force, boolean anonymousVolumes) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (i.running()) {
            if (!force) {
                throw ContainerException.conflict("You cannot remove a running container " + id
                        + ". Stop the container before attempting removal or force remove");
            }
            if (i.state() == ContainerState.PAUSED) unpause(id);
            signal(i, Kernel.SIGKILL);
            try {
                awaitExit(id, 10);
            } catch (TimeoutException e) {
                throw new ContainerException(500, "container " + i.name() + " did not die after SIGKILL");
            }
        }
        finish(id); // if it ended and nobody recorded it yet (no-op otherwise)
        List<MountSpec> storage = i.config().storage() == null ? List.of() : i.config().storage();
        synchronized (lock(id)) {
            if (Files.exists(containersLib.resolve(id))) removeFiles(id);
        }
        if (anonymousVolumes) {
            for (MountSpec m : storage) {
                if (m.type() == MountSpec.Type.VOLUME && m.anonymous() && volumeUsers(m.source()).isEmpty()) volumes.remove(m.source());
            }
        }
    }

    /**
     * The run directory of a container that ended: renamed out of the way and deleted by the
     * remover, so that its waiters are answered a rename later, not after a walk of its files
     * (half a millisecond of each run). Without its state file it is not running, at once.
     */
    private void discardRun(String id) {
        Path run = containersRun.resolve(id);
        if (!discard(run, runRemoving.resolve(id + "." + System.nanoTime()))) deleteTree(run); // in place (or already gone)
    }

    /**
     * Renames {@code dir} to {@code gone}, in a trash directory on its file system, and has the
     * remover delete it there: gone from its place at once. False when it could not be renamed
     * (not there, or another file system): the caller deletes it in place.
     */
    private boolean discard(Path dir, Path gone) {
        if (!Files.exists(dir)) return false; // gone already: a rename would fail (with two exceptions)
        try {
            Dirs.ensure(gone.getParent());
            Files.move(dir, gone, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return false;
        }
        remover.execute(() -> deleteTreeQuietly(gone));
        return true;
    }

    private void removeFiles(String id) {
        Path merged = containersLib.resolve(id).resolve("merged");
        if (mountedOn(merged)) unmountQuietly(merged); // its end unmounted it, unless an engine died first
        discardRun(id);
        Path dir = containersLib.resolve(id);
        if (discard(dir, removing.resolve(id))) {
            releasing.remove(id); // the remover released its overlay before it deletes it (it is one thread)
        } else {
            awaitReleased(id);
            deleteTree(dir); // not renamed (already gone, or another file system): in place
        }
        configs.remove(id);
        endedKept.remove(id);
        locks.remove(id);
    }

    @Override
    public void pause(String ref) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (i.state() != ContainerState.RUNNING) throw ContainerException.conflict("Container " + id + " is not running");
        cgroupOf(id).freeze();
    }

    @Override
    public void unpause(String ref) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (i.state() != ContainerState.PAUSED) throw ContainerException.conflict("Container " + id + " is not paused");
        cgroupOf(id).thaw();
    }

    private ContainerCgroup cgroupOf(String id) {
        RunState s = readRunState(id);
        ContainerCgroup live = liveCgroups.get(id);
        ContainerCgroup cg = s == null ? null : live != null ? live : cgroups().open(s.cgroupPath());
        if (cg == null) throw ContainerException.conflict("Container " + id + " has no cgroup: is it running?");
        return cg;
    }

    @Override
    public int await(String ref) throws InterruptedException {
        String id = resolve(ref);
        CompletableFuture<Integer> f;
        synchronized (lock(id)) {
            f = exitOf(id);
            if (f == null) {
                int code = info(id).exitCode();
                removeIfWaitedFor(id);
                return code;
            }
        }
        try {
            int code = f.get();
            removeIfWaitedFor(id);
            return code;
        } catch (ExecutionException e) {
            throw new ContainerException(500, e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public boolean awaitStopped(String ref, long millis) throws InterruptedException {
        String id;
        try {
            id = resolve(ref);
        } catch (ContainerException gone) {
            if (gone.status() == 404) return true; // removed meanwhile (--rm): it has stopped
            throw gone;
        }
        CompletableFuture<Integer> f = exitOf(id);
        if (f == null) return true;
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true; // its watcher failed: it is not running, and await says why
        }
    }

    /**
     * What the container's watcher completes with its exit code once it has cleaned up; null when
     * it is not running (finished means that, not only that its PID 1 is gone).
     */
    private CompletableFuture<Integer> exitOf(String id) {
        synchronized (lock(id)) {
            return readRunState(id) == null ? null : exits.computeIfAbsent(id, k -> new CompletableFuture<>());
        }
    }

    private void awaitExit(String id, int seconds) throws TimeoutException {
        CompletableFuture<Integer> f = exitOf(id);
        if (f == null) return;
        try {
            f.get(Math.max(0, seconds), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerException(500, "interrupted while waiting for " + id);
        } catch (ExecutionException e) {
            throw new ContainerException(500, e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Path logFile(String ref) {
        return containersLib.resolve(resolve(ref)).resolve("container.log");
    }

    @Override
    public List<List<String>> top(String ref) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (!i.running()) throw ContainerException.conflict("Container " + id + " is not running");
        return Top.of(cgroupOf(id).pids());
    }

    @Override
    public Attach attach(String ref) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (!i.running()) throw ContainerException.conflict("You cannot attach to a stopped container, start it first");
        ContainerConfig c = i.config();
        if (!c.tty() && !c.openStdin()) return null;
        TtyPump pump = pumps.get(id);
        if (pump != null) pump.pause(); // the client reads the terminal now; two readers would split it
        return new Attach(i.shimPid(), Stdio.SHIM_FD, c.tty());
    }

    /** The client that attached has gone: the engine drains the terminal into the log again. */
    public void detached(String ref) {
        TtyPump pump = pumps.get(resolve(ref));
        if (pump != null) pump.resume();
    }

    @Override
    public ExecHandle exec(String ref, ExecRequest request) {
        String id = resolve(ref);
        ContainerInfo i = info(id);
        if (i.state() != ContainerState.RUNNING) throw ContainerException.conflict("Container " + id + " is not running");
        if (request.cmd() == null || request.cmd().isEmpty()) throw ContainerException.badParameter("No exec command specified");
        Image image = resolveImage(i.config().imageId());
        return Exec.start(sys, this, i, image, request, containersLib.resolve(id), initBinary, cgroupOf(id));
    }

    // ---- storage ---------------------------------------------------------------------------

    /** The containers (names) whose mounts use volume {@code name}. */
    public List<String> volumeUsers(String name) {
        List<String> users = new ArrayList<>();
        for (String id : ids()) {
            ContainerConfig c = config(id);
            if (c.storage() == null) continue;
            if (c.storage().stream().anyMatch(m -> m.type() == MountSpec.Type.VOLUME && name.equals(m.source()))) users.add(c.name());
        }
        return users;
    }

    @Override
    public void removeVolume(String name, boolean force) {
        List<String> users = volumeUsers(name);
        if (!users.isEmpty() && !force) {
            throw ContainerException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", users) + "]");
        }
        try {
            volumes.remove(name);
        } catch (IllegalArgumentException e) {
            throw new ContainerException(404, e.getMessage());
        }
    }

    @Override
    public List<String> pruneVolumes(boolean all) {
        List<String> removed = new ArrayList<>();
        for (Volumes.Volume v : volumes.list()) {
            if ((all || v.anonymous()) && volumeUsers(v.name()).isEmpty()) {
                volumes.remove(v.name());
                removed.add(v.name());
            }
        }
        return removed;
    }

    /** docker diff: the container layer against the image, from the upper directory. */
    @Override
    public List<dev.glassbox.mount.Change> diff(String ref) {
        String id = resolve(ref);
        Path lib = containersLib.resolve(id);
        List<String> lowers = lowerDirs(images.resolve(config(id).imageId())).stream().map(Path::toString).toList();
        var stack = new dev.glassbox.mount.OverlayStack(0, "/", lib.resolve("merged").toString(), lowers,
                lib.resolve("upper").toString(), lib.resolve("work").toString(), List.of(), false);
        if (!Files.isDirectory(lib.resolve("upper"))) return List.of();
        return stack.scanUpper().changes();
    }

    /** docker cp CONTAINER:PATH -: the path as a tar. A stopped container's layers are mounted for the copy. */
    @Override
    public void copyOut(String ref, String path, java.io.OutputStream tar) throws IOException {
        String id = resolve(ref);
        withRoot(id, root -> dev.glassbox.storage.ContainerCopy.copyOut(root, path, tar));
    }

    /** docker cp - CONTAINER:DIR: a tar extracted into the container's directory. */
    @Override
    public void copyIn(String ref, String dir, java.io.InputStream tar) throws IOException {
        String id = resolve(ref);
        withRoot(id, root -> dev.glassbox.storage.ContainerCopy.copyIn(root, dir, tar));
    }

    private interface RootAction {
        void run(Path root) throws IOException;
    }

    /**
     * Runs {@code action} on the container's root. A running container's is its init's
     * {@code /proc/PID/root}: the root of its own mount namespace, so its volumes, bind mounts and
     * tmpfs are there as the container sees them (docker cp into a volume's path writes to the
     * volume). A stopped container's merged overlay is mounted for the time of it.
     */
    private void withRoot(String id, RootAction action) throws IOException {
        synchronized (lock(id)) {
            Path lib = containersLib.resolve(id), merged = lib.resolve("merged");
            ContainerInfo now = info(id);
            if (now.running()) {
                action.run(Path.of("/proc", Integer.toString(now.pid()), "root"));
                return;
            }
            List<String> lowers = lowerDirs(images.resolve(config(id).imageId())).stream().map(Path::toString).toList();
            awaitReleased(id);
            Files.createDirectories(lib.resolve("upper"));
            Files.createDirectories(lib.resolve("work"));
            Files.createDirectories(merged);
            sys.mount("overlay", merged.toString(), "overlay", Kernel.MS_NODEV, "lowerdir=" + String.join(":", lowers)
                    + ",upperdir=" + lib.resolve("upper") + ",workdir=" + lib.resolve("work"));
            try {
                action.run(merged);
            } finally {
                unmountQuietly(merged);
            }
        }
    }

    /** docker ps -s: bytes in the container layer. */
    @Override
    public long size(String ref) {
        return Volumes.du(containersLib.resolve(resolve(ref)).resolve("upper"));
    }

    // ---- state from disk and kernel ------------------------------------------------------

    /** A name, full id or unique id prefix to the full id. */
    public String resolve(String ref) {
        if (ref == null || ref.isBlank()) throw ContainerException.badParameter("no container given");
        String r = ref.startsWith("/") ? ref.substring(1) : ref;
        // a full id, as the engine's own calls and the CLI's after create give it: no listing of every container
        if (r.length() == 64 && configs.containsKey(r) && Files.exists(containersLib.resolve(r).resolve("config.json"))) return r;
        List<String> ids = ids();
        if (ids.contains(r)) return r;
        for (String id : ids) if (r.equals(config(id).name())) return id;
        List<String> prefixed = ids.stream().filter(id -> id.startsWith(r)).toList();
        if (prefixed.size() == 1) return prefixed.get(0);
        if (prefixed.size() > 1) throw ContainerException.badParameter("multiple containers match \"" + ref + "\": give more of the id");
        throw ContainerException.notFound(ref);
    }

    private List<String> ids() {
        try (var s = Files.list(containersLib)) {
            return s.filter(p -> Files.exists(p.resolve("config.json"))).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ContainerConfig config(String id) {
        Path f = containersLib.resolve(id).resolve("config.json");
        if (!Files.exists(f)) {
            configs.remove(id);
            throw ContainerException.notFound(id);
        }
        return configs.computeIfAbsent(id, k -> Json.read(f, ContainerConfig.class));
    }

    /** The container's state, worked out from the kernel: never trusted from a stored field alone. */
    ContainerInfo info(String id) {
        ContainerConfig config = config(id);
        Status status = readStatus(id);
        RunState run = readRunState(id);
        Path lib = containersLib.resolve(id);
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put(ContainerInfo.UPPER, lib.resolve("upper").toString());
        paths.put(ContainerInfo.WORK, lib.resolve("work").toString());
        paths.put(ContainerInfo.MERGED, lib.resolve("merged").toString());
        paths.put(ContainerInfo.LOG, lib.resolve("container.log").toString());
        try {
            paths.put(ContainerInfo.LOWER, String.join(":", lowerDirs(resolveImage(config.imageId())).stream().map(Path::toString).toList()));
        } catch (RuntimeException e) {
            paths.put(ContainerInfo.LOWER, "");
        }
        String hostname = config.hostname() != null ? config.hostname() : id.substring(0, 12);
        if (run != null) {
            paths.put(ContainerInfo.CGROUP, run.cgroupPath());
            Path exit = containersRun.resolve(id).resolve("exit");
            boolean initAlive = alive(run.initPid()) && startTime(run.initPid()) == run.initStartTime();
            if (!Files.exists(exit) && (initAlive || alive(run.shimPid()))) {
                boolean frozen = false;
                try {
                    ContainerCgroup cg = cgroups().open(run.cgroupPath());
                    frozen = cg != null && cg.frozen();
                } catch (RuntimeException e) {
                    // no cgroup to ask: not paused
                }
                return new ContainerInfo(id, config.name(), config, frozen ? ContainerState.PAUSED : ContainerState.RUNNING,
                        run.initPid(), run.shimPid(), 0, false, null, status == null ? null : status.startedAt(), null,
                        hostname, paths);
            }
            // it ended and the watcher has not finished it yet
            return new ContainerInfo(id, config.name(), config, ContainerState.EXITED, 0, 0,
                    exitCodeFromFile(exit), false, null, status == null ? null : status.startedAt(), Instant.now(), hostname, paths);
        }
        if (status != null && status.startedAt() != null) {
            if (status.finishedAt() == null) {
                // started, then lost (the machine rebooted, /run is gone): Docker shows it exited
                return new ContainerInfo(id, config.name(), config, ContainerState.EXITED, 0, 0, 255, false,
                        "the container's state was lost (reboot?)", status.startedAt(), null, hostname, paths);
            }
            return new ContainerInfo(id, config.name(), config, ContainerState.EXITED, 0, 0,
                    status.exitCode() == null ? 0 : status.exitCode(), status.oomKilled(), status.error(),
                    status.startedAt(), status.finishedAt(), hostname, paths);
        }
        return new ContainerInfo(id, config.name(), config, ContainerState.CREATED, 0, 0, 0, false, null, null, null, hostname, paths);
    }

    private RunState readRunState(String id) {
        Path f = containersRun.resolve(id).resolve("state.json");
        if (!Files.exists(f)) return null;
        try {
            return Json.read(f, RunState.class);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private Status readStatus(String id) {
        Status kept = endedKept.get(id);
        if (kept != null) return kept;
        Path f = containersLib.resolve(id).resolve("status.json");
        if (!Files.exists(f)) return null;
        try {
            return Json.read(f, Status.class);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    private void writeStatus(String id, Status s) {
        Path f = containersLib.resolve(id).resolve("status.json");
        if (s == null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (Files.isDirectory(f.getParent())) {
            // start and exit times and the exit code: replaced atomically; a power cut may lose the last
            // one (the container then shows as exited 255 or created), never corrupt it
            Json.writeVolatile(f, s);
        }
    }

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    private static boolean alive(int pid) {
        return pid > 0 && Files.exists(Path.of("/proc/" + pid + "/stat"));
    }

    /** Field 22 of /proc/PID/stat: the start time, which tells a recycled PID from ours. */
    static long startTime(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** By container: overlays unmounted whose file system the remover has yet to release (and so flush). */
    private final Map<String, CompletableFuture<Void>> releasing = new ConcurrentHashMap<>();

    /**
     * The overlay's unmount, its flush left to the remover. Unmounting the last mount of an overlay
     * syncs its upper file system before umount2 returns (a journal commit and a disk flush, a
     * millisecond here). Holding an O_PATH descriptor of its root across a lazy unmount, the mount
     * is gone from every mount table at once, and the file system lives on until the descriptor is
     * closed: the remover closes it, and the flush happens there, before it deletes anything of the
     * container (it is one thread). A new mount of the same layer waits for it ({@link #awaitReleased}).
     */
    private void unmountReleasingLater(String id) {
        Path merged = containersLib.resolve(id).resolve("merged");
        int fd;
        try {
            fd = sys.open(merged.toString(), Kernel.O_PATH | Kernel.O_DIRECTORY | Kernel.O_CLOEXEC, 0);
        } catch (SysException e) {
            unmountQuietly(merged); // nothing there to hold
            return;
        }
        try {
            unmountQuietly(merged);
        } catch (RuntimeException e) {
            sys.close(fd);
            throw e;
        }
        CompletableFuture<Void> released = CompletableFuture.runAsync(() -> sys.close(fd), remover);
        releasing.put(id, released);
        released.thenRun(() -> releasing.remove(id, released));
    }

    /** Until the container's last overlay is released: before its layer is mounted again, or deleted in place. */
    private void awaitReleased(String id) {
        CompletableFuture<Void> f = releasing.remove(id);
        if (f != null) f.join();
    }

    /** Whether a file system is mounted on {@code dir}: its device is not its parent's. False when it is not there. */
    private static boolean mountedOn(Path dir) {
        if (!Files.exists(dir)) return false;
        try {
            return !Files.getAttribute(dir, "unix:dev").equals(Files.getAttribute(dir.getParent(), "unix:dev"));
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot tell: try the unmount
        }
    }

    private void unmountQuietly(Path merged) {
        try {
            sys.umount2(merged.toString(), Kernel.MNT_DETACH);
        } catch (SysException e) {
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) throw e;
        }
    }

    /**
     * rm -rf that does not follow symlinks. An entry that vanishes meanwhile is no failure: another
     * deleter got there first (a second runtime on the same root finishing the same container).
     */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return; // nothing to walk (the walk would say so with two exceptions); our dirs are never links
        try {
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof java.nio.file.NoSuchFileException) return java.nio.file.FileVisitResult.CONTINUE;
                    throw e;
                }

                @Override
                public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof java.nio.file.NoSuchFileException)) throw e;
                    Files.deleteIfExists(d);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /** As {@link #deleteTree}, on the remover thread: a failure is for the engine's log. */
    private static void deleteTreeQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (UncheckedIOException e) {
            System.err.println("glassbox: " + e.getMessage() + ": " + e.getCause().getMessage());
        }
    }

    /** Undoes {@link #enableHostNat}: table {@code ip glassbox} and the isolation rules go, forwarding is put back. */
    synchronized void disableHostNat() {
        if (hostNat == null) return;
        try {
            hostNat.close();
        } catch (RuntimeException e) {
            System.err.println("glassbox: undoing host NAT: " + e.getMessage());
        }
        networks.nat(null);
        hostNat = null;
        dnats.clear(); // they went with the table
    }

    @Override
    public void close() {
        disableHostNat();
        inits.close();
        if (cgroups != null) {
            try {
                cgroups.removeIfEmpty(cgroupParent); // kept between containers (see finish)
            } catch (RuntimeException e) {
                System.err.println("glassbox: removing the cgroup parent " + cgroupParent + ": " + e.getMessage());
            }
        }
        pumps.values().forEach(TtyPump::close);
        pumps.clear();
        proxies.values().forEach(l -> l.forEach(PortProxy::close));
        proxies.clear();
        // the directories of removed containers are deleted before close returns
        remover.shutdown();
        try {
            if (!remover.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("glassbox: removed containers' files are still being deleted under " + removing);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** While running: who to watch, and how to tell a recycled PID from ours. */
    record RunState(int shimPid, int initPid, long initStartTime, String consolePath, String hostname, String cgroupPath,
                    List<String> ports) {}

    /** The last run: kept with the container, it survives reboots. */
    record Status(Instant startedAt, Instant finishedAt, Integer exitCode, boolean oomKilled, String error) {}
}
