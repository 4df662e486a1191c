package dev.glassbox.engine;

import static dev.glassbox.engine.StreamingJson.field;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.glassbox.runtime.ContainerConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The body of Docker's {@code POST /containers/create}, for the fields Glassbox has. Null means
 * "not given". {@code Cmd} and {@code Entrypoint} may be a string or an array, as Docker accepts.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreateBody(
        String image,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> cmd,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> entrypoint,
        List<String> env,
        String workingDir,
        String user,
        String hostname,
        Boolean tty,
        Boolean openStdin,
        Map<String, String> labels,
        HostConfig hostConfig,
        Map<String, Object> volumes) {

    /** A body without {@code Volumes} (the anonymous volumes {@code -v /path} declares). */
    public CreateBody(String image, List<String> cmd, List<String> entrypoint, List<String> env, String workingDir, String user,
                      String hostname, Boolean tty, Boolean openStdin, Map<String, String> labels, HostConfig hostConfig) {
        this(image, cmd, entrypoint, env, workingDir, user, hostname, tty, openStdin, labels, hostConfig, null);
    }

    /**
     * This body as databind writes it (Docker's names, nulls left out), by jackson-core alone:
     * the command line sends one with every create (see {@link StreamingJson}). A field added
     * to a record here must be added here too; {@code CreateBodyTest} compares the two.
     */
    void writeJson(JsonGenerator g) throws IOException {
        g.writeStartObject();
        field(g, "Image", image);
        field(g, "Cmd", cmd);
        field(g, "Entrypoint", entrypoint);
        field(g, "Env", env);
        field(g, "WorkingDir", workingDir);
        field(g, "User", user);
        field(g, "Hostname", hostname);
        field(g, "Tty", tty);
        field(g, "OpenStdin", openStdin);
        field(g, "Labels", labels);
        if (hostConfig != null) {
            g.writeFieldName("HostConfig");
            hostConfig.writeJson(g);
        }
        field(g, "Volumes", volumes);
        g.writeEndObject();
    }

    /** Docker's {@code HostConfig}: limits, privileges and namespace choices. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HostConfig(
            Long memory,
            Long memorySwap,
            Long nanoCpus,
            Long pidsLimit,
            List<String> capAdd,
            List<String> capDrop,
            Boolean privileged,
            Boolean readonlyRootfs,
            String networkMode,
            String pidMode,
            String ipcMode,
            @JsonProperty("UTSMode") String utsMode,
            Boolean autoRemove,
            Map<String, List<PortBinding>> portBindings,
            Boolean publishAllPorts,
            List<String> binds,
            List<Mount> mounts,
            Map<String, String> tmpfs,
            List<String> volumesFrom) {
        static final HostConfig EMPTY = new HostConfig(null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);

        /** Without storage: {@code Binds}, {@code Mounts}, {@code Tmpfs}, {@code VolumesFrom} not given. */
        public HostConfig(Long memory, Long memorySwap, Long nanoCpus, Long pidsLimit, List<String> capAdd, List<String> capDrop,
                          Boolean privileged, Boolean readonlyRootfs, String networkMode, String pidMode, String ipcMode,
                          String utsMode, Boolean autoRemove, Map<String, List<PortBinding>> portBindings, Boolean publishAllPorts) {
            this(memory, memorySwap, nanoCpus, pidsLimit, capAdd, capDrop, privileged, readonlyRootfs, networkMode, pidMode,
                    ipcMode, utsMode, autoRemove, portBindings, publishAllPorts, null, null, null, null);
        }

        void writeJson(JsonGenerator g) throws IOException {
            g.writeStartObject();
            field(g, "Memory", memory);
            field(g, "MemorySwap", memorySwap);
            field(g, "NanoCpus", nanoCpus);
            field(g, "PidsLimit", pidsLimit);
            field(g, "CapAdd", capAdd);
            field(g, "CapDrop", capDrop);
            field(g, "Privileged", privileged);
            field(g, "ReadonlyRootfs", readonlyRootfs);
            field(g, "NetworkMode", networkMode);
            field(g, "PidMode", pidMode);
            field(g, "IpcMode", ipcMode);
            field(g, "UTSMode", utsMode);
            field(g, "AutoRemove", autoRemove);
            if (portBindings != null) {
                g.writeObjectFieldStart("PortBindings");
                for (Map.Entry<String, List<PortBinding>> e : portBindings.entrySet()) {
                    g.writeFieldName(e.getKey());
                    if (e.getValue() == null) {
                        g.writeNull();
                        continue;
                    }
                    g.writeStartArray();
                    for (PortBinding b : e.getValue()) {
                        g.writeStartObject();
                        field(g, "HostIp", b.hostIp());
                        field(g, "HostPort", b.hostPort());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            field(g, "PublishAllPorts", publishAllPorts);
            field(g, "Binds", binds);
            if (mounts != null) {
                g.writeArrayFieldStart("Mounts");
                for (Mount m : mounts) {
                    g.writeStartObject();
                    field(g, "Type", m.type());
                    field(g, "Source", m.source());
                    field(g, "Target", m.target());
                    field(g, "ReadOnly", m.readOnly());
                    if (m.tmpfsOptions() != null) {
                        g.writeObjectFieldStart("TmpfsOptions");
                        field(g, "SizeBytes", m.tmpfsOptions().sizeBytes());
                        field(g, "Mode", m.tmpfsOptions().mode());
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            field(g, "Tmpfs", tmpfs);
            field(g, "VolumesFrom", volumesFrom);
            g.writeEndObject();
        }

        /** The same with AutoRemove set to {@code v}. */
        public HostConfig withAutoRemove(boolean v) {
            return new HostConfig(memory, memorySwap, nanoCpus, pidsLimit, capAdd, capDrop, privileged, readonlyRootfs,
                    networkMode, pidMode, ipcMode, utsMode, v, portBindings, publishAllPorts, binds, mounts, tmpfs, volumesFrom);
        }
    }

    /**
     * One {@code HostConfig.Mounts} entry, as the docker CLI sends {@code --mount}:
     * {@code {"Type":"volume","Source":"data","Target":"/data","ReadOnly":false}}; for tmpfs,
     * {@code TmpfsOptions {SizeBytes, Mode}} (Mode: the permission bits as a number, 1023 for 01777).
     */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Mount(String type, String source, String target, Boolean readOnly, TmpfsOptions tmpfsOptions) {
        /** As {@code --mount} writes it: {@code type=volume,src=data,dst=/data[,readonly]}. */
        public String flag() {
            StringBuilder b = new StringBuilder("type=").append(type == null ? "volume" : type);
            if (source != null && !source.isEmpty()) b.append(",src=").append(source);
            b.append(",dst=").append(target);
            if (isTrue(readOnly)) b.append(",readonly");
            if (tmpfsOptions != null) {
                if (tmpfsOptions.sizeBytes() != null && tmpfsOptions.sizeBytes() > 0) b.append(",tmpfs-size=").append(tmpfsOptions.sizeBytes());
                if (tmpfsOptions.mode() != null && tmpfsOptions.mode() != 0) b.append(",tmpfs-mode=").append(Integer.toOctalString(tmpfsOptions.mode()));
            }
            return b.toString();
        }
    }

    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TmpfsOptions(Long sizeBytes, Integer mode) {}

    /** One host side of a published port: {@code {"HostIp": "", "HostPort": "8080"}}. */
    @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PortBinding(String hostIp, String hostPort) {}

    /**
     * The runtime's request. Docker's "unset" spellings become null: 0 for a limit (and -1 for
     * the pids limit), "" or "default" for a mode. {@code Entrypoint: [""]} (what
     * {@code --entrypoint ""} sends) clears the image's entrypoint: an empty list.
     */
    public ContainerConfig toConfig(String name) {
        HostConfig h = hostConfig == null ? HostConfig.EMPTY : hostConfig;
        List<String> ep = entrypoint;
        if (ep != null && ep.size() == 1 && ep.getFirst().isEmpty()) ep = List.of();
        return ContainerConfig.builder(image).name(blankToNull(name)).entrypoint(ep).cmd(cmd).env(env)
                .workingDir(blankToNull(workingDir)).user(blankToNull(user)).hostname(blankToNull(hostname))
                .tty(isTrue(tty)).openStdin(isTrue(openStdin)).autoRemove(isTrue(h.autoRemove()))
                .memory(positive(h.memory()))
                .memorySwap(h.memorySwap() == null || h.memorySwap() == 0 ? null : h.memorySwap())
                .nanoCpus(positive(h.nanoCpus())).pidsLimit(positive(h.pidsLimit()))
                .capAdd(h.capAdd()).capDrop(h.capDrop()).privileged(isTrue(h.privileged()))
                .readOnlyRootfs(isTrue(h.readonlyRootfs())).networkMode(mode(h.networkMode()))
                .pidMode(mode(h.pidMode())).ipcMode(mode(h.ipcMode())).utsMode(mode(h.utsMode())).labels(labels)
                .ports(ports(h.portBindings())).publishAll(isTrue(h.publishAllPorts()))
                .volumes(volumeFlags(h.binds(), volumes))
                .mounts(h.mounts() == null || h.mounts().isEmpty() ? null : h.mounts().stream().map(Mount::flag).toList())
                .tmpfs(tmpfsFlags(h.tmpfs()))
                .volumesFrom(h.volumesFrom() == null || h.volumesFrom().isEmpty() ? null : h.volumesFrom())
                .build();
    }

    /** {@code -v} as given: Docker's Binds ({@code src:dst[:mode]}), then Config.Volumes (anonymous, {@code /dst}). */
    static List<String> volumeFlags(List<String> binds, Map<String, Object> anonymous) {
        List<String> out = new java.util.ArrayList<>();
        if (binds != null) out.addAll(binds);
        if (anonymous != null) {
            for (String target : anonymous.keySet()) {
                if (out.stream().noneMatch(b -> b.endsWith(":" + target) || b.contains(":" + target + ":"))) out.add(target);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** Docker's {@code Tmpfs {"/run": "size=64m"}} as {@code --tmpfs /run:size=64m}. */
    static List<String> tmpfsFlags(Map<String, String> tmpfs) {
        if (tmpfs == null || tmpfs.isEmpty()) return null;
        List<String> out = new java.util.ArrayList<>();
        tmpfs.forEach((path, opts) -> out.add(opts == null || opts.isEmpty() ? path : path + ":" + opts));
        return out;
    }

    /** Docker's PortBindings as {@code -p} wrote them: {@code [hostip:]hostport:containerport/proto}. */
    public static List<String> ports(Map<String, List<PortBinding>> bindings) {
        if (bindings == null || bindings.isEmpty()) return null;
        List<String> out = new java.util.ArrayList<>();
        bindings.forEach((containerPort, hosts) -> {
            String cp = containerPort.contains("/") ? containerPort : containerPort + "/tcp";
            if (hosts == null || hosts.isEmpty()) {
                out.add(cp);
                return;
            }
            for (PortBinding b : hosts) {
                String ip = b.hostIp() == null || b.hostIp().isEmpty() ? "" : b.hostIp() + ":";
                String hp = b.hostPort() == null ? "" : b.hostPort();
                out.add(ip.isEmpty() && hp.isEmpty() ? cp : ip + hp + ":" + cp);
            }
        });
        return out;
    }

    /** {@code -p [hostip:]hostport:containerport[/proto]} (or just a container port) as Docker's PortBindings. */
    public static Map<String, List<PortBinding>> portBindings(List<String> published) {
        Map<String, List<PortBinding>> out = new java.util.LinkedHashMap<>();
        for (String p : published) {
            String proto = "tcp";
            String s = p;
            int slash = s.lastIndexOf('/');
            if (slash >= 0) {
                proto = s.substring(slash + 1);
                s = s.substring(0, slash);
            }
            int last = s.lastIndexOf(':');
            String containerPort = last < 0 ? s : s.substring(last + 1);
            String host = last < 0 ? "" : s.substring(0, last);
            int ipEnd = host.lastIndexOf(':');
            String hostIp = ipEnd < 0 ? "" : host.substring(0, ipEnd);
            String hostPort = ipEnd < 0 ? host : host.substring(ipEnd + 1);
            out.computeIfAbsent(containerPort + "/" + proto, k -> new java.util.ArrayList<>())
                    .add(new PortBinding(hostIp, hostPort));
        }
        return out;
    }

    private static boolean isTrue(Boolean b) { return b != null && b; }

    private static Long positive(Long v) { return v == null || v <= 0 ? null : v; }

    private static String blankToNull(String s) { return s == null || s.isEmpty() ? null : s; }

    private static String mode(String s) { return s == null || s.isEmpty() || s.equals("default") ? null : s; }
}
