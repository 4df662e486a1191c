package dev.glassbox.cli;

import dev.glassbox.engine.CreateBody;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--network", paramLabel = "MODE", description = "bridge (default), none or host.")
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
        if (network != null && !List.of("bridge", "none", "host", "default").contains(network)
                && !network.startsWith("container:")) {
            throw new CliException("invalid --network \"" + network + "\": use bridge, none or host");
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
        return new CreateBody(image, command.isEmpty() ? null : List.copyOf(command), ep,
                env.isEmpty() ? null : Flags.env(env, ourEnv), workdir, user, hostname, tty, interactive,
                labels.isEmpty() ? null : Flags.labels(labels),
                new CreateBody.HostConfig(mem, swap, nano, pidsLimit, capAdd.isEmpty() ? null : capAdd,
                        capDrop.isEmpty() ? null : capDrop, privileged, readOnly, network, pid, ipc, uts, rm,
                        publish.isEmpty() ? null : CreateBody.portBindings(publish), publishAll));
    }
}
