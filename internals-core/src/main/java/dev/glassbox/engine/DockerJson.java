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
        ContainerConfig cfg = c.config();
        ObjectNode n = MAPPER.createObjectNode();
        n.put("Id", c.id());
        n.putArray("Names").add("/" + c.name());
        n.put("Image", cfg.image());
        n.put("ImageID", nz(cfg.imageId()));
        n.put("Command", String.join(" ", argv(cfg)));
        n.put("Created", cfg.created() == null ? 0 : cfg.created().getEpochSecond());
        n.putArray("Ports");
        labels(n, cfg.labels());
        n.put("State", c.state().docker());
        n.put("Status", status(c, now));
        n.putObject("HostConfig").put("NetworkMode", cfg.networkMode() == null ? "bridge" : cfg.networkMode());
        n.putArray("Mounts");
        return n;
    }

    /** {@code GET /containers/{id}/json}: Docker's inspect shape for the fields Glassbox has. */
    public static ObjectNode inspect(ContainerInfo c) {
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
        n.put("LogPath", nz(paths.get("log")));
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

        ObjectNode gd = n.putObject("GraphDriver");
        gd.put("Name", "overlay2");
        ObjectNode data = gd.putObject("Data");
        data.put("LowerDir", nz(paths.get("lowerdir")));
        data.put("MergedDir", nz(paths.get("mergeddir")));
        data.put("UpperDir", nz(paths.get("upperdir")));
        data.put("WorkDir", nz(paths.get("workdir")));

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
