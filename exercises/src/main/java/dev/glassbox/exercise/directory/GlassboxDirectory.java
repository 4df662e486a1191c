package dev.glassbox.exercise.directory;

import dev.glassbox.image.Image;
import dev.glassbox.image.ImageStore;
import dev.glassbox.image.HistoryEntry;
import dev.glassbox.net.Ipam;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.runtime.PortMapping;
import dev.glassbox.storage.MountSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Glassbox's containers, images and networks, through its {@link ContainerService} (the
 * runtime on this machine now, the engine client later) and its image store. State comes from
 * the runtime, which works it out from the kernel each time.
 */
public final class GlassboxDirectory implements ContainerDirectory {
    private final ContainerService service;
    private final ImageStore images;
    private final String description;

    public GlassboxDirectory(ContainerService service, ImageStore images, String description) {
        this.service = service;
        this.images = images;
        this.description = description;
    }

    @Override
    public String source() { return "glassbox " + description; }

    @Override
    public List<ContainerFacts> list() {
        return service.list(true).stream().map(this::facts).toList();
    }

    @Override
    public Optional<ContainerFacts> find(String nameOrId) {
        try {
            return Optional.of(facts(service.inspect(nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId)));
        } catch (RuntimeException e) {
            return Optional.empty(); // no such container (the runtime says so with an exception)
        }
    }

    private ContainerFacts facts(ContainerInfo i) {
        ContainerConfig c = i.config();
        Map<String, String> config = new LinkedHashMap<>();
        if (c.cmd() != null) config.put("cmd", String.join(" ", c.cmd()));
        if (c.entrypoint() != null) config.put("entrypoint", String.join(" ", c.entrypoint()));
        config.put("user", c.user() == null ? "" : c.user());
        config.put("tty", Boolean.toString(c.tty()));
        config.put("openStdin", Boolean.toString(c.openStdin()));
        config.put("hostname", i.hostname() == null ? "" : i.hostname());
        config.put("workingDir", c.workingDir() == null ? "" : c.workingDir());
        config.put("readOnlyRootfs", Boolean.toString(c.readOnlyRootfs()));
        config.put("autoRemove", Boolean.toString(c.autoRemove()));
        config.put("privileged", Boolean.toString(c.privileged()));
        config.put("networkMode", c.networkMode() == null ? "bridge" : c.networkMode());
        config.put("memory", Long.toString(c.memory() == null ? 0 : c.memory()));
        config.put("nanoCpus", Long.toString(c.nanoCpus() == null ? 0 : c.nanoCpus()));
        config.put("pidsLimit", Long.toString(c.pidsLimit() == null ? 0 : c.pidsLimit()));
        config.put("ports", String.join(",", c.ports() == null ? List.of() : c.ports()));
        Map<String, String> nets = new LinkedHashMap<>();
        String mode = c.networkMode() == null || c.networkMode().isBlank() || c.networkMode().equals("default") ? "bridge" : c.networkMode();
        if (mode.equals("none") || mode.equals("host") || mode.startsWith("container:")) {
            nets.put(mode, "");
        } else {
            for (String n : service.networks().networksOf(i.id())) {
                Optional<Ipam.Pool> pool = service.networks().pool(n);
                nets.put(n, pool.map(p -> p.leases().get(i.id())).map(a -> a.getHostAddress()).orElse(""));
            }
        }
        Integer exit = i.state() == dev.glassbox.runtime.ContainerState.EXITED || i.state() == dev.glassbox.runtime.ContainerState.DEAD ? i.exitCode() : null;
        return new ContainerFacts(i.id(), i.name(), i.state().docker(), i.running() ? i.pid() : 0, exit, c.image(), config, mounts(c), nets);
    }

    /**
     * The storage mounts as the runtime resolved them at create: the kernel's mountinfo cannot
     * tell a bind of a whole file system (-v /:/host) from that file system mounted again.
     */
    private List<ContainerFacts.MountFacts> mounts(ContainerConfig c) {
        List<ContainerFacts.MountFacts> out = new ArrayList<>();
        for (MountSpec m : c.storage() == null ? List.<MountSpec>of() : c.storage()) {
            switch (m.type()) {
                case BIND -> out.add(new ContainerFacts.MountFacts("bind", m.source(), m.target(), null, !m.readOnly()));
                case VOLUME -> {
                    String dir = m.source() == null ? "" : service.volumes().get(m.source()).map(v -> v.mountpoint().toString()).orElse("");
                    out.add(new ContainerFacts.MountFacts("volume", dir, m.target(), m.source(), !m.readOnly()));
                }
                case TMPFS -> out.add(new ContainerFacts.MountFacts("tmpfs", "", m.target(), null, !m.readOnly()));
            }
        }
        return out;
    }

    /** The published ports of a running container, as docker port prints them. */
    public List<String> ports(String ref) {
        return service.ports(ref).stream().map(PortMapping::docker).toList();
    }

    @Override
    public String logs(String nameOrId) {
        try {
            Path f = service.logFile(nameOrId);
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public Optional<ImageFacts> image(String ref) {
        if (images == null) return Optional.empty();
        Optional<Image> found = images.lookup(ref);
        if (found.isEmpty()) return Optional.empty();
        Image i = found.get();
        List<ImageFacts.History> history = new ArrayList<>();
        for (HistoryEntry h : images.history(ref)) history.addFirst(new ImageFacts.History(h.createdBy() == null ? "" : h.createdBy(), h.emptyLayer()));
        var c = i.config();
        return Optional.of(new ImageFacts(i.id(), i.repoTags(), i.layers().stream().map(l -> l.diffId()).toList(), i.size(),
                c.cmd().isEmpty() ? null : c.cmd(), c.entrypoint().isEmpty() ? null : c.entrypoint(), c.user(), c.workingDir(),
                c.env(), c.labels(), List.copyOf(c.exposedPorts()), history));
    }

    @Override
    public Optional<NetworkFacts> network(String name) {
        return service.networks().pool(name).map(p -> {
            Map<String, String> members = new LinkedHashMap<>();
            p.leases().forEach((id, addr) -> {
                String n = find(id).map(ContainerFacts::name).orElse(id);
                members.put(n, addr.getHostAddress());
            });
            return new NetworkFacts(name, name, "bridge", members);
        });
    }
}
