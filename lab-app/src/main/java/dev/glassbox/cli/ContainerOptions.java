package dev.glassbox.cli;

import dev.glassbox.engine.CreateBody;
import dev.glassbox.storage.MountSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The flags {@code run} and {@code create} share, with Docker's names and meanings. */
final class ContainerOptions {
    @Option(names = {"-i", "--interactive"}, description = "Keep the container's stdin open and connect ours to it.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the container a terminal (a pty).")
    boolean tty;

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean rm;

    @Option(names = "--name", paramLabel = "NAME", description = "Name the container (default: a generated one).")
    String name;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]",
            description = "Set an environment variable; KEY alone takes its value from here.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User to run as (a number or a name from the image).")
    String user;

    @Option(names = {"-h", "--hostname"}, paramLabel = "NAME", description = "The container's host name (its own UTS namespace).")
    String hostname;

    @Option(names = {"-m", "--memory"}, paramLabel = "SIZE", description = "Memory limit, e.g. 64m (cgroup memory.max).")
    String memory;

    @Option(names = "--memory-swap", paramLabel = "SIZE", description = "Memory plus swap limit; -1 for unlimited swap.")
    String memorySwap;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU limit, e.g. 0.5 (cgroup cpu.max).")
    String cpus;

    @Option(names = "--pids-limit", paramLabel = "N", description = "Most processes at once (cgroup pids.max); -1 for none.")
    Long pidsLimit;

    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a capability (e.g. NET_ADMIN, or ALL).")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a capability (e.g. CHOWN, or ALL).")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--privileged", description = "Every capability, no seccomp, devices visible: nearly the host's powers.")
    boolean privileged;

    @Option(names = "--read-only", description = "Mount the root file system read-only.")
    boolean readOnly;

    @Option(names = {"--network", "--net"}, paramLabel = "NETWORK",
            description = "bridge (default), none, host, container:NAME, or a network made with 'glassbox network create'.")
    String network;

    @Option(names = "--pid", paramLabel = "MODE", description = "host: share the host's PID namespace.")
    String pid;

    @Option(names = "--ipc", paramLabel = "MODE", description = "host: share the host's IPC namespace.")
    String ipc;

    @Option(names = "--uts", paramLabel = "MODE", description = "host: share the host's UTS namespace (host name).")
    String uts;

    @Option(names = "--entrypoint", paramLabel = "CMD", description = "Override the image's entrypoint (\"\" clears it).")
    String entrypoint;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:]HOSTPORT:PORT[/PROTO]",
            description = "Publish a container port on the host, e.g. 8080:80.")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-P", "--publish-all"}, description = "Publish every port the image exposes on a free host port.")
    boolean publishAll;

    @Option(names = {"-v", "--volume"}, paramLabel = "[SRC:]DST[:ro]",
            description = "Mount a volume (NAME:/path), a host directory (/host:/path) or a new anonymous volume (/path).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--mount", paramLabel = "type=..,src=..,dst=..",
            description = "Mount with key=value pairs: type=bind|volume|tmpfs, src, dst, readonly, tmpfs-size, tmpfs-mode.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--tmpfs", paramLabel = "PATH[:OPTIONS]", description = "Mount a tmpfs (in RAM), e.g. /run:size=64m.")
    List<String> tmpfs = new ArrayList<>();

    @Option(names = "--volumes-from", paramLabel = "CONTAINER[:ro|rw]", description = "Mount every volume of another container.")
    List<String> volumesFrom = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the container.")
    List<String> labels = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image to run, e.g. base.")
    String image;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (default: the image's).")
    List<String> command = new ArrayList<>();

    /** Docker's create body; every bad value fails here, before anything is sent. */
    CreateBody toBody(Function<String, String> ourEnv) {
        Long mem = memory == null ? null : Flags.size("--memory", memory);
        Long swap = memorySwap == null ? null : Flags.swap(memorySwap);
        if (mem != null && swap != null && swap != -1 && swap < mem) {
            throw new CliException("invalid --memory-swap \"" + memorySwap
                    + "\": it counts memory plus swap, so it must be at least --memory (" + memory + ") or -1");
        }
        if (swap != null && mem == null) {
            throw new CliException("--memory-swap needs --memory too: it is the limit of memory plus swap");
        }
        Long nano = cpus == null ? null : Flags.nanoCpus(cpus);
        for (String[] m : new String[][]{{"--pid", pid}, {"--ipc", ipc}, {"--uts", uts}}) {
            if (m[1] != null && !m[1].equals("host") && !m[1].isEmpty()) {
                throw new CliException("invalid " + m[0] + " \"" + m[1] + "\": the only mode is host (leave it out for a private namespace)");
            }
        }
        if (network != null && !network.startsWith("container:") && !network.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new CliException("invalid --network \"" + network
                    + "\": use bridge, none, host, container:NAME or the name of a network (glassbox network ls)");
        }
        if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw new CliException("invalid --name \"" + name
                    + "\": use letters, digits and _ . - (starting with a letter or digit)");
        }
        for (String p : publish) {
            if (!p.matches("(?:(?:[0-9.]+|\\[[0-9a-fA-F:]+]):)?(?:\\d*:)?\\d+(?:/(?:tcp|udp))?")) {
                throw new CliException("invalid --publish \"" + p + "\": use [IP:]HOSTPORT:PORT[/tcp|udp], e.g. 8080:80");
            }
        }
        List<String> ep = entrypoint == null ? null : List.of(entrypoint);
        Storage st = storage(volumes, mounts, tmpfs, volumesFrom);
        return new CreateBody(image, command.isEmpty() ? null : List.copyOf(command), ep,
                env.isEmpty() ? null : Flags.env(env, ourEnv), workdir, user, hostname, tty, interactive,
                labels.isEmpty() ? null : Flags.labels(labels),
                new CreateBody.HostConfig(mem, swap, nano, pidsLimit, capAdd.isEmpty() ? null : capAdd,
                        capDrop.isEmpty() ? null : capDrop, privileged, readOnly, network, pid, ipc, uts, rm,
                        publish.isEmpty() ? null : CreateBody.portBindings(publish), publishAll,
                        st.binds(), st.mounts(), st.tmpfs(), volumesFrom.isEmpty() ? null : List.copyOf(volumesFrom)),
                st.anonymous());
    }

    /** The storage flags in Docker's create body; null for what was not given. */
    record Storage(List<String> binds, Map<String, Object> anonymous, List<CreateBody.Mount> mounts, Map<String, String> tmpfs) {}

    /**
     * {@code -v} with a source goes to Binds and {@code -v /path} to Config.Volumes, as the
     * docker CLI sends them; {@code --mount} becomes Mount objects, {@code --tmpfs} the Tmpfs map.
     * Each is checked here so a bad one fails before anything is sent.
     */
    static Storage storage(List<String> volumes, List<String> mounts, List<String> tmpfs, List<String> volumesFrom) {
        List<String> binds = new ArrayList<>();
        Map<String, Object> anonymous = new LinkedHashMap<>();
        for (String v : volumes) {
            MountSpec m = check("-v", v, () -> MountSpec.parseVolumeFlag(v));
            if (m.anonymous()) anonymous.put(m.target(), Map.of());
            else binds.add(v);
        }
        List<CreateBody.Mount> ms = new ArrayList<>();
        for (String spec : mounts) {
            MountSpec m = check("--mount", spec, () -> MountSpec.parseMountFlag(spec));
            Long size = null;
            Integer mode = null;
            for (String kv : spec.split(",")) {
                String[] p = kv.split("=", 2);
                if (p.length < 2) continue;
                if (p[0].trim().equalsIgnoreCase("tmpfs-size")) size = Flags.size("--mount tmpfs-size", p[1]);
                if (p[0].trim().equalsIgnoreCase("tmpfs-mode")) {
                    try {
                        mode = Integer.parseInt(p[1], 8);
                    } catch (NumberFormatException e) {
                        throw new CliException("invalid --mount \"" + spec + "\": tmpfs-mode must be octal, e.g. 1777");
                    }
                }
            }
            ms.add(new CreateBody.Mount(m.type().docker(), m.type() == MountSpec.Type.TMPFS ? null : m.source(), m.target(),
                    m.readOnly() ? Boolean.TRUE : null, size == null && mode == null ? null : new CreateBody.TmpfsOptions(size, mode)));
        }
        Map<String, String> tm = new LinkedHashMap<>();
        for (String t : tmpfs) {
            MountSpec m = check("--tmpfs", t, () -> MountSpec.parseTmpfsFlag(t));
            int colon = t.indexOf(':');
            tm.put(m.target(), colon < 0 ? "" : t.substring(colon + 1));
        }
        for (String f : volumesFrom) {
            if (!f.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*(:(ro|rw))?")) {
                throw new CliException("invalid --volumes-from \"" + f + "\": use CONTAINER or CONTAINER:ro");
            }
        }
        return new Storage(binds.isEmpty() ? null : binds, anonymous.isEmpty() ? null : anonymous, ms.isEmpty() ? null : ms,
                tm.isEmpty() ? null : tm);
    }

    private static MountSpec check(String flag, String value, java.util.function.Supplier<MountSpec> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid " + flag + " \"" + value + "\": " + e.getMessage());
        }
    }
}
