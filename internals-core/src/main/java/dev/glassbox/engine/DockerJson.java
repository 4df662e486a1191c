package dev.glassbox.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerState;
import dev.glassbox.runtime.PortMapping;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Containers in the Docker Engine API's JSON shapes ({@code /containers/json} and
 * {@code /containers/{id}/json}), for the fields Glassbox has. Field names are Docker's so the
 * real docker CLI can read them.
 */
public final class DockerJson {
    private DockerJson() {}

    /** Docker's zero time, for a time that has not happened (a container never started). */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /** Accepts Docker's field names in any case (Go's decoder does), ignores fields Glassbox lacks. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** What {@code ps} shows as COMMAND: the entrypoint and command, joined. */
    public static List<String> argv(ContainerConfig c) {
        List<String> argv = new ArrayList<>();
        if (c.entrypoint() != null) argv.addAll(c.entrypoint());
        if (c.cmd() != null) argv.addAll(c.cmd());
        return argv;
    }

    /** Docker's status line: "Created", "Up 3 seconds", "Up 1 second (Paused)", "Exited (0) 5 seconds ago". */
    public static String status(ContainerInfo c, Instant now) {
        return switch (c.state()) {
            case CREATED -> "Created";
            case RUNNING -> "Up " + Human.duration(since(c.startedAt(), now));
            case PAUSED -> "Up " + Human.duration(since(c.startedAt(), now)) + " (Paused)";
            case EXITED -> "Exited (" + c.exitCode() + ") " + Human.duration(since(c.finishedAt(), now)) + " ago";
            case DEAD -> "Dead";
        };
    }

    private static Duration since(Instant t, Instant now) {
        return t == null ? Duration.ZERO : Duration.between(t, now);
    }

    /** One entry of {@code GET /containers/json}. */
    public static ObjectNode summary(ContainerInfo c, Instant now) {
        return summary(c, now, ContainerExtras.NONE);
    }

    /** One entry of {@code GET /containers/json}, with ports, networks, mounts and (with ?size=1) sizes. */
    public static ObjectNode summary(ContainerInfo c, Instant now, ContainerExtras x) {
        ContainerConfig cfg = c.config();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Id", c.id());
        n.putArray("Names").add("/" + c.name());
        n.put("Image", cfg.image());
        n.put("ImageID", nz(cfg.imageId()));
        n.put("Command", String.join(" ", argv(cfg)));
        n.put("Created", cfg.created() == null ? 0 : cfg.created().getEpochSecond());
        ArrayNode ports = n.putArray("Ports");
        for (PortMapping p : x.ports()) {
            ports.addObject().put("IP", p.hostIp()).put("PrivatePort", p.containerPort()).put("PublicPort", p.hostPort())
                    .put("Type", p.protocol());
        }
        if (x.sizeRw() != null) n.put("SizeRw", x.sizeRw());
        if (x.sizeRootFs() != null) n.put("SizeRootFs", x.sizeRootFs());
        labels(n, cfg.labels());
        n.put("State", c.state().docker());
        n.put("Status", status(c, now));
        n.putObject("HostConfig").put("NetworkMode", cfg.networkMode() == null ? "bridge" : cfg.networkMode());
        networks(n.putObject("NetworkSettings").putObject("Networks"), x);
        mounts(n.putArray("Mounts"), x);
        return n;
    }

    private static void networks(ObjectNode into, ContainerExtras x) {
        x.networks().forEach((name, e) -> {
            ObjectNode ep = into.putObject(name);
            ep.putNull("IPAMConfig");
            ep.putNull("Links");
            ep.putNull("Aliases");
            ep.put("NetworkID", e.networkId());
            ep.put("EndpointID", e.ipAddress().isEmpty() ? "" : EngineNetworks.idOf(name + "/" + e.ipAddress()));
            ep.put("Gateway", e.gateway());
            ep.put("IPAddress", e.ipAddress());
            ep.put("IPPrefixLen", e.ipAddress().isEmpty() ? 0 : e.prefixLength());
            ep.put("MacAddress", e.macAddress());
        });
    }

    private static void mounts(ArrayNode into, ContainerExtras x) {
        for (ContainerExtras.MountView m : x.mounts()) {
            ObjectNode o = into.addObject();
            o.put("Type", m.type());
            if (m.name() != null) o.put("Name", m.name());
            o.put("Source", nz(m.source()));
            o.put("Destination", m.destination());
            if (m.type().equals("volume")) o.put("Driver", "local");
            o.put("Mode", m.type().equals("volume") ? "z" : "");
            o.put("RW", m.rw());
            o.put("Propagation", m.type().equals("bind") ? "rprivate" : "");
        }
    }

    /** {@code GET /containers/{id}/json}: Docker's inspect shape for the fields Glassbox has. */
    public static ObjectNode inspect(ContainerInfo c) {
        return inspect(c, ContainerExtras.NONE);
    }

    /** {@code GET /containers/{id}/json} with NetworkSettings and Mounts. */
    public static ObjectNode inspect(ContainerInfo c, ContainerExtras x) {
        ContainerConfig cfg = c.config();
        List<String> argv = argv(cfg);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Id", c.id());
        n.put("Created", time(cfg.created()));
        n.put("Path", argv.isEmpty() ? "" : argv.getFirst());
        ArrayNode args = n.putArray("Args");
        argv.stream().skip(1).forEach(args::add);

        ObjectNode st = n.putObject("State");
        st.put("Status", c.state().docker());
        st.put("Running", c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED);
        st.put("Paused", c.state() == ContainerState.PAUSED);
        st.put("Restarting", false);
        st.put("OOMKilled", c.oomKilled());
        st.put("Dead", c.state() == ContainerState.DEAD);
        st.put("Pid", c.pid());
        st.put("ExitCode", c.exitCode());
        st.put("Error", nz(c.error()));
        st.put("StartedAt", time(c.startedAt()));
        st.put("FinishedAt", time(c.finishedAt()));

        n.put("Image", nz(cfg.imageId()));
        Map<String, String> paths = c.paths() == null ? Map.of() : c.paths();
        n.put("LogPath", nz(paths.get(ContainerInfo.LOG)));
        n.put("Name", "/" + c.name());
        n.put("Driver", "overlay2");
        n.put("Platform", "linux");

        ObjectNode hc = n.putObject("HostConfig");
        hc.put("NetworkMode", cfg.networkMode() == null ? "bridge" : cfg.networkMode());
        hc.put("AutoRemove", cfg.autoRemove());
        strings(hc, "CapAdd", cfg.capAdd());
        strings(hc, "CapDrop", cfg.capDrop());
        hc.put("IpcMode", cfg.ipcMode() == null ? "private" : cfg.ipcMode());
        hc.put("PidMode", nz(cfg.pidMode()));
        hc.put("Privileged", cfg.privileged());
        hc.put("ReadonlyRootfs", cfg.readOnlyRootfs());
        hc.put("UTSMode", nz(cfg.utsMode()));
        hc.put("Memory", zeroIfNull(cfg.memory()));
        hc.put("MemorySwap", zeroIfNull(cfg.memorySwap()));
        hc.put("NanoCpus", zeroIfNull(cfg.nanoCpus()));
        if (cfg.pidsLimit() == null) hc.putNull("PidsLimit"); else hc.put("PidsLimit", cfg.pidsLimit());
        strings(hc, "Binds", cfg.volumes() == null ? null : cfg.volumes().stream().filter(v -> v.contains(":")).toList());
        strings(hc, "VolumesFrom", cfg.volumesFrom());
        if (cfg.tmpfs() == null) hc.putNull("Tmpfs");
        else {
            ObjectNode t = hc.putObject("Tmpfs");
            for (String f : cfg.tmpfs()) {
                int colon = f.indexOf(':');
                t.put(colon < 0 ? f : f.substring(0, colon), colon < 0 ? "" : f.substring(colon + 1));
            }
        }
        ObjectNode pb = hc.putObject("PortBindings");
        if (cfg.ports() != null) {
            CreateBody.portBindings(cfg.ports()).forEach((port, bs) -> {
                ArrayNode a = pb.putArray(port);
                bs.forEach(b -> a.addObject().put("HostIp", nz(b.hostIp())).put("HostPort", nz(b.hostPort())));
            });
        }
        hc.put("PublishAllPorts", cfg.publishAll());

        ObjectNode gd = n.putObject("GraphDriver");
        gd.put("Name", "overlay2");
        ObjectNode data = gd.putObject("Data");
        data.put("LowerDir", nz(paths.get(ContainerInfo.LOWER)));
        data.put("MergedDir", nz(paths.get(ContainerInfo.MERGED)));
        data.put("UpperDir", nz(paths.get(ContainerInfo.UPPER)));
        data.put("WorkDir", nz(paths.get(ContainerInfo.WORK)));

        ObjectNode conf = n.putObject("Config");
        conf.put("Hostname", c.hostname() != null ? c.hostname() : nz(cfg.hostname()));
        conf.put("User", nz(cfg.user()));
        conf.put("Tty", cfg.tty());
        conf.put("OpenStdin", cfg.openStdin());
        conf.put("AttachStdin", cfg.openStdin());
        strings(conf, "Env", cfg.env());
        strings(conf, "Cmd", cfg.cmd());
        conf.put("Image", cfg.image());
        conf.put("WorkingDir", nz(cfg.workingDir()));
        strings(conf, "Entrypoint", cfg.entrypoint());
        labels(conf, cfg.labels());

        mounts(n.putArray("Mounts"), x);
        ObjectNode ns = n.putObject("NetworkSettings");
        ns.put("Bridge", "");
        ns.put("SandboxID", "");
        ObjectNode ports = ns.putObject("Ports");
        for (PortMapping p : x.ports()) {
            ArrayNode a = ports.has(p.containerPort() + "/" + p.protocol()) ? (ArrayNode) ports.get(p.containerPort() + "/" + p.protocol())
                    : ports.putArray(p.containerPort() + "/" + p.protocol());
            a.addObject().put("HostIp", p.hostIp()).put("HostPort", String.valueOf(p.hostPort()));
        }
        // Docker fills the top-level fields from the default bridge network only
        ContainerExtras.Endpoint def = x.networks().get("bridge");
        ns.put("Gateway", def == null ? "" : def.gateway());
        ns.put("IPAddress", def == null ? "" : def.ipAddress());
        ns.put("IPPrefixLen", def == null || def.ipAddress().isEmpty() ? 0 : def.prefixLength());
        ns.put("MacAddress", def == null ? "" : def.macAddress());
        networks(ns.putObject("Networks"), x);
        return n;
    }

    static String time(Instant t) { return t == null ? ZERO_TIME : t.toString(); }

    private static String nz(String s) { return s == null ? "" : s; }

    private static long zeroIfNull(Long v) { return v == null ? 0 : v; }

    private static void strings(ObjectNode n, String field, List<String> values) {
        if (values == null) {
            n.putNull(field);
        } else {
            ArrayNode a = n.putArray(field);
            values.forEach(a::add);
        }
    }

    private static void labels(ObjectNode n, Map<String, String> labels) {
        ObjectNode l = n.putObject("Labels");
        if (labels != null) labels.forEach(l::put);
    }
}
