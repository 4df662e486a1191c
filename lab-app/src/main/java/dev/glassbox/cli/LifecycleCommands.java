package dev.glassbox.cli;

import dev.glassbox.engine.EngineException;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The verbs that act on each container named: stop, kill, rm, pause, unpause, wait. */
final class LifecycleCommands {
    private LifecycleCommands() {}

    /**
     * Runs {@code action} on each container and prints its name, as Docker does; a failure is
     * one line on stderr and the others still run. 125 when any failed.
     */
    static int each(Verb v, List<String> refs, Consumer<String> action) {
        int rc = 0;
        for (String ref : refs) {
            try {
                action.accept(ref);
                v.out().println(ref);
            } catch (EngineException | CliException e) {
                v.err().println("glassbox: " + e.getMessage());
                rc = Main.EXIT_GLASSBOX_ERROR;
            }
        }
        return rc;
    }

    @Command(name = "stop", description = "Stop running containers: SIGTERM, then SIGKILL after a grace period.",
            footerHeading = "%nExamples:%n", footer = {"  glassbox stop web", "  glassbox stop -t 0 web db"})
    static final class Stop extends Verb {
        @Option(names = {"-t", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before SIGKILL (default 10).")
        Integer time;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() { return each(this, containers, ref -> client().stop(ref, time)); }
    }

    @Command(name = "kill", description = "Send a signal to the main process of running containers (default SIGKILL).",
            footerHeading = "%nExamples:%n", footer = {"  glassbox kill web", "  glassbox kill -s HUP web"})
    static final class Kill extends Verb {
        @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "A name (SIGTERM, TERM) or a number.")
        String signal;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() { return each(this, containers, ref -> client().kill(ref, signal)); }
    }

    @Command(name = "rm", description = "Remove containers: their layer, cgroup, mounts and state.",
            footerHeading = "%nExamples:%n", footer = {"  glassbox rm box", "  glassbox rm -f web     stop it first if it runs", "  glassbox rm -v box      and its anonymous volumes"})
    static final class Rm extends Verb {
        @Option(names = {"-f", "--force"}, description = "Kill a running container before removing it.")
        boolean force;

        @Option(names = {"-v", "--volumes"}, description = "Remove its anonymous volumes too (named ones stay).")
        boolean volumes;

        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() {
            return each(this, containers, ref -> {
                if (volumes) client().remove(ref, force, true);
                else client().remove(ref, force);
            });
        }
    }

    @Command(name = "pause", description = "Freeze every process of containers (the cgroup freezer).",
            footerHeading = "%nExamples:%n", footer = "  glassbox pause web")
    static final class Pause extends Verb {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() { return each(this, containers, ref -> client().pause(ref)); }
    }

    @Command(name = "unpause", description = "Thaw paused containers.",
            footerHeading = "%nExamples:%n", footer = "  glassbox unpause web")
    static final class Unpause extends Verb {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() { return each(this, containers, ref -> client().unpause(ref)); }
    }

    @Command(name = "wait", description = "Wait until containers stop, then print their exit codes.",
            footerHeading = "%nExamples:%n", footer = "  glassbox wait web")
    static final class Wait extends Verb {
        @Parameters(arity = "1..*", paramLabel = "CONTAINER") List<String> containers;

        @Override
        public Integer call() {
            int rc = 0;
            for (String ref : containers) {
                try {
                    out().println(client().await(ref));
                } catch (EngineException e) {
                    err().println("glassbox: " + e.getMessage());
                    rc = Main.EXIT_GLASSBOX_ERROR;
                }
            }
            return rc;
        }
    }
}
