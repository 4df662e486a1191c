package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.runtime.ContainerState;
import dev.glassbox.runtime.step.StepReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A ContainerService that records each call and keeps containers in a map; logs are files under {@code dir}. */
public class FakeContainerService implements ContainerService {
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    public final Map<String, ContainerInfo> containers = Collections.synchronizedMap(new LinkedHashMap<>());
    public final Map<String, CompletableFuture<Integer>> exits = new java.util.concurrent.ConcurrentHashMap<>();
    public volatile ContainerConfig lastCreated;
    public volatile ExecRequest lastExec;
    public volatile RuntimeException failNext;
    public final Map<String, byte[]> copiedIn = Collections.synchronizedMap(new LinkedHashMap<>());
    public volatile List<dev.glassbox.runtime.PortMapping> published =
            List.of(new dev.glassbox.runtime.PortMapping("0.0.0.0", 8080, "10.88.0.2", 80, "tcp"));
    private final Path dir;
    private final dev.glassbox.storage.Volumes volumes;
    private int counter;

    public FakeContainerService(Path dir) {
        this.dir = dir;
        this.volumes = new dev.glassbox.storage.Volumes(dir.resolve("volumes"));
    }

    private void call(String what) {
        calls.add(what);
        RuntimeException f = failNext;
        if (f != null) {
            failNext = null;
            throw f;
        }
    }

    public ContainerInfo find(String ref) {
        synchronized (containers) {
            for (ContainerInfo c : containers.values()) {
                if (c.id().equals(ref) || c.name().equals(ref) || c.id().startsWith(ref)) return c;
            }
        }
        throw ContainerException.notFound(ref);
    }

    public ContainerInfo put(ContainerInfo c) {
        containers.put(c.id(), c);
        return c;
    }

    public ContainerInfo with(ContainerInfo c, ContainerState state, int exitCode) {
        Instant now = Instant.now();
        return put(new ContainerInfo(c.id(), c.name(), c.config(), state, state == ContainerState.RUNNING ? 4242 : 0,
                4241, exitCode, false, null, c.startedAt() != null ? c.startedAt() : now,
                state == ContainerState.EXITED ? now : null, c.hostname(), c.paths()));
    }

    @Override
    public ContainerInfo create(ContainerConfig request) {
        call("create " + request.image());
        if (request.image().equals("nosuch")) throw new ContainerException(404, "No such image: nosuch");
        lastCreated = request;
        List<dev.glassbox.storage.MountSpec> storage = new ArrayList<>();
        if (request.volumes() != null) request.volumes().forEach(v -> storage.add(dev.glassbox.storage.MountSpec.parseVolumeFlag(v)));
        if (request.mounts() != null) request.mounts().forEach(v -> storage.add(dev.glassbox.storage.MountSpec.parseMountFlag(v)));
        if (request.tmpfs() != null) request.tmpfs().forEach(v -> storage.add(dev.glassbox.storage.MountSpec.parseTmpfsFlag(v)));
        storage.replaceAll(m -> m.type() == dev.glassbox.storage.MountSpec.Type.VOLUME
                ? m.withSource(volumes.create(m.source(), Map.of()).name()) : m);
        request = request.toBuilder().storage(storage).build();
        String id;
        synchronized (this) {
            id = String.format("%064x", ++counter + 0xabcdef000L);
        }
        String name = request.name() != null ? request.name() : "name" + counter;
        Path log = dir.resolve(id + ".log");
        ContainerConfig cfg = request.withIdentity(id, name, "sha256:" + "1".repeat(64), Instant.now());
        return put(new ContainerInfo(id, name, cfg, ContainerState.CREATED, 0, 0, 0, false, null, null, null, "host1",
                Map.of(ContainerInfo.LOG, log.toString(), ContainerInfo.UPPER, "/u", ContainerInfo.WORK, "/w",
                        ContainerInfo.MERGED, "/m", ContainerInfo.LOWER, "/l1:/l2")));
    }

    @Override
    public ContainerInfo start(String ref) {
        call("start " + ref);
        return with(find(ref), ContainerState.RUNNING, 0);
    }

    @Override
    public StepSession startStepByStep(String ref) {
        call("steps " + ref);
        ContainerInfo c = find(ref);
        return new StepSession() {
            int next;
            final List<String> titles = List.of("Prepare the root file system", "Exec the command");

            @Override public String containerId() { return c.id(); }
            @Override public List<String> titles() { return titles; }
            @Override public boolean hasNext() { return next < titles.size(); }

            @Override
            public StepReport next() {
                int i = next++;
                calls.add("step " + i);
                return new StepReport(i + 1, titles.size(), "s" + i, titles.get(i), "The kernel did thing " + i + ".",
                        List.of("echo " + i), List.of("changed " + i));
            }

            @Override
            public void abort() { calls.add("abort " + c.id()); }
        };
    }

    @Override
    public List<ContainerInfo> list(boolean all) {
        call("list " + all);
        synchronized (containers) {
            return containers.values().stream().filter(c -> all || c.running()).toList();
        }
    }

    @Override
    public ContainerInfo inspect(String ref) { return find(ref); }

    @Override
    public ContainerInfo stop(String ref, int timeoutSeconds) {
        call("stop " + ref + " " + timeoutSeconds);
        return with(find(ref), ContainerState.EXITED, 143);
    }

    @Override
    public void kill(String ref, int signal) {
        call("kill " + ref + " " + signal);
        find(ref);
    }

    @Override
    public void remove(String ref, boolean force) {
        call("remove " + ref + " " + force);
        ContainerInfo c = find(ref);
        if (c.running() && !force) throw ContainerException.conflict("container " + ref + " is running: stop it first or use -f");
        containers.remove(c.id());
    }

    @Override
    public void pause(String ref) {
        call("pause " + ref);
        with(find(ref), ContainerState.PAUSED, 0);
    }

    @Override
    public void unpause(String ref) {
        call("unpause " + ref);
        with(find(ref), ContainerState.RUNNING, 0);
    }

    @Override
    public int await(String ref) throws InterruptedException {
        call("wait " + ref);
        ContainerInfo c = find(ref);
        CompletableFuture<Integer> f = exits.get(c.id());
        if (f == null) return c.exitCode();
        try {
            return f.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Path logFile(String ref) { return find(ref).logPath(); }

    @Override
    public List<List<String>> top(String ref) {
        call("top " + ref);
        find(ref);
        return List.of(List.of("UID", "PID", "CMD"), List.of("root", "4242", "sleep 100"));
    }

    @Override
    public Attach attach(String ref) {
        call("attach " + ref);
        ContainerInfo c = find(ref);
        return c.config().tty() || c.config().openStdin() ? new Attach(4241, 7, c.config().tty()) : null;
    }

    @Override
    public dev.glassbox.runtime.Networks networks() { return null; }

    @Override
    public void connect(String ref, String network) { call("connect " + ref + " " + network); }

    @Override
    public void disconnect(String ref, String network) { call("disconnect " + ref + " " + network); }

    @Override
    public List<dev.glassbox.runtime.PortMapping> ports(String ref) {
        find(ref);
        return published;
    }

    @Override
    public ExecHandle exec(String ref, ExecRequest request) {
        call("exec " + ref + " " + request.cmd());
        lastExec = request;
        Path out = dir.resolve("exec-" + System.nanoTime() + ".out");
        try {
            Files.writeString(out, "exec output\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ExecHandle() {
            @Override public String id() { return "x1"; }
            @Override public int pid() { return 5151; }
            @Override public Attach attach() { return request.tty() ? new Attach(1, 9, true) : null; }
            @Override public Path output() { return out; }
            @Override public int await() { return 3; }
        };
    }

    @Override
    public void remove(String ref, boolean force, boolean anonymousVolumes) {
        call("rm " + ref + " " + force + " " + anonymousVolumes);
        ContainerInfo c = find(ref);
        if (c.running() && !force) throw ContainerException.conflict("container " + ref + " is running: stop it first or use -f");
        containers.remove(c.id());
    }

    @Override
    public dev.glassbox.storage.Volumes volumes() { return volumes; }

    @Override
    public void removeVolume(String name, boolean force) {
        call("volume rm " + name + " " + force);
        volumes.remove(name);
    }

    @Override
    public List<String> pruneVolumes(boolean all) {
        call("volume prune " + all);
        List<String> out = new ArrayList<>();
        for (var v : volumes.list()) {
            if (all || v.anonymous()) {
                volumes.remove(v.name());
                out.add(v.name());
            }
        }
        return out;
    }

    @Override
    public List<dev.glassbox.mount.Change> diff(String ref) {
        call("diff " + ref);
        find(ref);
        return List.of(new dev.glassbox.mount.Change(dev.glassbox.mount.Change.Kind.C, "/etc"),
                new dev.glassbox.mount.Change(dev.glassbox.mount.Change.Kind.A, "/etc/new"),
                new dev.glassbox.mount.Change(dev.glassbox.mount.Change.Kind.D, "/etc/motd"));
    }

    /** The container holds one file, /etc/hostname ("host1\n", mode 0644), and the directory /etc. */
    @Override
    public void copyOut(String ref, String path, java.io.OutputStream out) throws IOException {
        call("cp out " + ref + " " + path);
        find(ref);
        if (!path.equals("/etc/hostname") && !path.equals("/etc")) throw new java.nio.file.NoSuchFileException(path);
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            if (path.equals("/etc")) {
                var d = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("etc/");
                d.setMode(040755);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
            byte[] data = "host1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var f = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(path.equals("/etc") ? "etc/hostname" : "hostname");
            f.setMode(0100644);
            f.setSize(data.length);
            f.setModTime(java.util.Date.from(Instant.parse("2026-01-02T03:04:05Z")));
            tar.putArchiveEntry(f);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }

    @Override
    public void copyIn(String ref, String dir, java.io.InputStream tar) throws IOException {
        call("cp in " + ref + " " + dir);
        find(ref);
        if (dir.equals("/etc/hostname")) throw new java.nio.file.NotDirectoryException(dir);
        if (!dir.equals("/tmp") && !dir.equals("/")) throw new java.nio.file.NoSuchFileException(dir);
        copiedIn.put(dir, tar.readAllBytes());
    }

    @Override
    public long size(String ref) { call("size " + ref); return 1234; }
}
