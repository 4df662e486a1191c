package dev.glassbox.cli.show;

import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.NoSuchProcessException;
import dev.glassbox.inspect.render.JsonRenderer;
import dev.glassbox.inspect.render.TableRenderer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code glassbox show ns|caps|mounts|layers|procs <pid>}: what the kernel holds for a process,
 * read from /proc by the inspectors, as a table or as JSON, once or live.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show what the kernel holds for a container or process: namespaces, capabilities, mounts, layers, processes.",
        subcommands = {ShowCommand.Ns.class, ShowCommand.Caps.class, ShowCommand.Mounts.class,
                ShowCommand.Layers.class, ShowCommand.Procs.class})
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

    private final TargetResolver resolver;
    private final Inspector inspector;

    @CommandLine.Spec CommandSpec spec;

    public ShowCommand() {
        this(PIDS_ONLY, new Inspector());
    }

    public ShowCommand(TargetResolver resolver, Inspector inspector) {
        this.resolver = resolver;
        this.inspector = inspector;
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

        @Parameters(index = "0", paramLabel = "<pid>", description = "the process to inspect (a container's init, any PID)")
        String target;

        @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
        Format format;

        @Option(names = "--watch", description = "refresh every second until Ctrl-C")
        boolean watch;

        /** The text for {@code pid}: one read of the kernel's state. */
        abstract String render(Inspector inspector, int pid, Format format);

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            int pid;
            try {
                pid = parent.resolver.pid(target);
            } catch (IllegalArgumentException e) {
                err.println("glassbox show: " + e.getMessage());
                return 2;
            }
            do {
                String text;
                try {
                    text = render(parent.inspector, pid, format);
                } catch (NoSuchProcessException e) {
                    err.println("glassbox show: " + e.getMessage());
                    return 1;
                }
                if (watch) out.print("\033[H\033[2J"); // cursor home, clear screen
                out.print(text.endsWith("\n") ? text : text + "\n");
                out.flush();
                if (watch) Thread.sleep(1000);
            } while (watch);
            return 0;
        }
    }

    @Command(name = "ns", mixinStandardHelpOptions = true,
            description = "Namespaces: inode per type, host or own, who shares it, PID and user namespace chains.")
    static final class Ns extends View {
        @Override
        String render(Inspector i, int pid, Format f) {
            var v = i.namespaces(pid);
            return f == Format.json ? JsonRenderer.json(v) : TableRenderer.namespaces(v);
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
