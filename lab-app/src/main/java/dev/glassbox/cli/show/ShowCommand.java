package dev.glassbox.cli.show;

import dev.glassbox.inspect.CgroupView;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.NetworkView;
import dev.glassbox.inspect.NoSuchProcessException;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glassbox show ns|cgroup|caps|mounts|layers|net|procs <container-or-pid>}: what the
 * kernel holds for a process, read from /proc, /sys and netlink by the inspectors, as a table
 * or as JSON, once or live.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show what the kernel holds for a container or process: namespaces, cgroup, capabilities, mounts, layers, network, processes.",
        subcommands = {ShowCommand.Ns.class, ShowCommand.Cgroup.class, ShowCommand.Caps.class, ShowCommand.Mounts.class,
                ShowCommand.Layers.class, ShowCommand.Net.class, ShowCommand.Procs.class},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo glassbox show ns web", "  sudo glassbox show cgroup web --watch --interval 0.5", "  sudo glassbox show net 1234 --format json"})
public final class ShowCommand implements Runnable {

    /** Turns the command's argument into a PID; the lead's resolver also knows container names. */
    @FunctionalInterface
    public interface TargetResolver {
        /** The PID for {@code target}; throws IllegalArgumentException with a one-line message when there is none. */
        int pid(String target);
    }

    /** Accepts a PID only. */
    public static final TargetResolver PIDS_ONLY = target -> {
        try {
            int pid = Integer.parseInt(target.trim());
            if (pid > 0) return pid;
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException("not a PID: \"" + target + "\" (give the number ps shows)");
    };

    private final Function<Path, TargetResolver> resolvers;
    private final Inspector inspector;
    private CgroupView.Reader cgroups;

    @CommandLine.Spec CommandSpec spec;

    /** PIDs only: for use outside {@code glassbox}, where no engine is asked. */
    public ShowCommand() {
        this(PIDS_ONLY, new Inspector());
    }

    public ShowCommand(TargetResolver resolver, Inspector inspector) {
        this(inspector, (Path root) -> resolver);
    }

    private ShowCommand(Inspector inspector, Function<Path, TargetResolver> resolvers) {
        this.resolvers = resolvers;
        this.inspector = inspector;
    }

    /**
     * @param resolvers the resolver for the {@code --root} of the command line this command is
     *                  part of (null: the system's), made when a target is resolved
     */
    public static ShowCommand withResolvers(Function<Path, TargetResolver> resolvers, Inspector inspector) {
        return new ShowCommand(inspector, resolvers);
    }

    /** What {@code glassbox show} uses: Glassbox and Docker container names and IDs, or PIDs. */
    public static ShowCommand withContainerNames() {
        return withResolvers(ContainerTargets::forRoot, new Inspector());
    }

    /** The resolver for this command line's {@code --root} (an option of the glassbox command this is under). */
    TargetResolver resolver() {
        CommandLine.Model.OptionSpec root = spec.root().findOption("--root");
        return resolvers.apply(root == null ? null : root.getValue());
    }

    /** The cgroup view's reader, made on first use (it reads the mount table). */
    CgroupView.Reader cgroups() {
        if (cgroups == null) cgroups = CgroupView.reader();
        return cgroups;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public enum Format { table, json }

    /** What every {@code show} subcommand shares: the target, the format, watch mode. */
    abstract static class View implements Callable<Integer> {
        @CommandLine.ParentCommand ShowCommand parent;
        @CommandLine.Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<container-or-pid>",
                description = "a Glassbox or Docker container (name or ID), or any PID")
        String target;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--watch", description = "refresh until Ctrl-C (every --interval seconds)")
        boolean watch;

        @Option(names = "--interval", paramLabel = "<seconds>", defaultValue = "1",
                description = "with --watch: seconds between refreshes, " + MIN_INTERVAL + " to " + MAX_INTERVAL + " (default: ${DEFAULT-VALUE})")
        double interval;

        /** The text for {@code pid}: one read of the kernel's state. */
        abstract String render(Inspector inspector, int pid, Format format);

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            if (!(interval >= MIN_INTERVAL && interval <= MAX_INTERVAL)) {
                err.println("glassbox show: --interval " + interval + " is out of range: give " + MIN_INTERVAL
                        + " to " + MAX_INTERVAL + " seconds");
                return 2;
            }
            int pid;
            try {
                pid = parent.resolver().pid(target);
            } catch (IllegalArgumentException e) {
                err.println("glassbox show: " + e.getMessage());
                return 2;
            }
            long pause = Math.round(interval * 1000);
            do {
                String text;
                try {
                    text = render(parent.inspector, pid, format);
                } catch (NoSuchProcessException | dev.glassbox.cgroup.CgroupException | dev.glassbox.sys.SysException
                         | IllegalStateException e) {
                    // an interrupt closes java.nio's channels mid-read: that is the stop, not a vanished process
                    if (watch && Thread.currentThread().isInterrupted()) return 0;
                    err.println("glassbox show: " + e.getMessage());
                    return 1;
                }
                if (watch) out.print(CLEAR_SCREEN);
                out.print(text.endsWith("\n") ? text : text + "\n");
                out.flush();
                if (watch) {
                    try {
                        Thread.sleep(pause); // a terminal refresh, not a measurement
                    } catch (InterruptedException e) {
                        // asked to stop (an embedding caller; Ctrl-C ends the whole JVM): the last frame stays
                        Thread.currentThread().interrupt();
                        return 0;
                    }
                }
            } while (watch && !Thread.currentThread().isInterrupted());
            return 0;
        }
    }

    /** Bounds of {@code --interval}: faster than 10 Hz is flicker, slower than an hour is not watching. */
    static final double MIN_INTERVAL = 0.1, MAX_INTERVAL = 3600;

    /** What {@code --watch} prints before each frame: cursor home, clear screen. */
    static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Command(name = "ns", mixinStandardHelpOptions = true,
            description = "Namespaces: inode per type, host or own, who shares it, PID and user namespace chains.")
    static final class Ns extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.namespaces(pid);
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.namespaces(v);
        }
    }

    @Command(name = "cgroup", mixinStandardHelpOptions = true,
            description = "cgroup: the path in each hierarchy (v1, v2), limits, live usage, OOM and throttling, the tree around it.")
    static final class Cgroup extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            CgroupView v = parent.cgroups().read(pid, i.proc());
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.cgroup(v);
        }
    }

    @Command(name = "net", mixinStandardHelpOptions = true,
            description = "Network: interfaces, addresses, veth peers in other namespaces, bridges, routes, listening sockets.")
    static final class Net extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            NetworkView v = NetworkView.read(pid, i.scan(java.util.EnumSet.of(dev.glassbox.inspect.NsType.NET)));
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.net(v);
        }
    }

    @Command(name = "caps", mixinStandardHelpOptions = true,
            description = "Capabilities: the five sets, compared with the host's and Docker's default; seccomp, no_new_privs, ID maps.")
    static final class Caps extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.capabilities(pid);
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.caps(v);
        }
    }

    @Command(name = "mounts", mixinStandardHelpOptions = true,
            description = "Mounts: the mount table of the process's mount namespace, with propagation.")
    static final class Mounts extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.mounts(pid);
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.mounts(v);
        }
    }

    @Command(name = "layers", mixinStandardHelpOptions = true,
            description = "Layers: the overlay stack of the root, whiteouts, opaque directories and a diff like 'docker diff'.")
    static final class Layers extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.mounts(pid);
            return f == Format.json ? JsonRenderer.layers(v) : TableRenderer.layers(v);
        }
    }

    @Command(name = "procs", mixinStandardHelpOptions = true,
            description = "Processes: the tree of the process's PID namespace, PIDs from the host and from inside.")
    static final class Procs extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.processes(pid);
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.procs(v);
        }
    }
}
