package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EnginePaths;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;

/** The engine itself: start, stop, status. Commands start it on demand; these are for doing it by hand. */
@Command(name = "engine", description = "Start, stop or check the Glassbox engine (the root daemon that owns containers).",
        subcommands = {EngineCommand.Start.class, EngineCommand.Stop.class, EngineCommand.Status.class},
        footerHeading = "%nExamples:%n",
        footer = {"  sudo glassbox engine status", "  sudo glassbox engine stop     containers keep running"})
final class EngineCommand extends Verb {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    /** The engine's client when it answers, else null; never starts it. */
    static EngineClient answering(Main m) {
        EnginePaths p = m.paths();
        if (m.clients != null) {
            EngineClient c = m.clients.apply(p);
            return c.ping() ? c : null;
        }
        if (!Files.exists(p.socket())) return null;
        EngineClient c = EngineClient.connect(p.socket());
        if (c.ping()) return c;
        c.close();
        return null;
    }

    @Command(name = "start", description = "Start the engine in the background (needs root).")
    static final class Start extends Verb {
        @Override
        public Integer call() {
            Main m = main();
            try (EngineClient c = answering(m)) {
                if (c != null) {
                    out().println("the engine is already running (pid " + c.version().path("Pid").asLong() + ")");
                    return 0;
                }
            }
            if (m.sys().geteuid() != 0) throw new CliException("starting the engine needs root: run with sudo");
            long pid = EngineLauncher.start(m.paths(), List.of());
            out().println("engine started (pid " + pid + "), log: " + m.paths().logFile());
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the engine. Containers keep running; a new engine finds them again.")
    static final class Stop extends Verb {
        @Override
        public Integer call() {
            boolean stopped = EngineLauncher.stop(main().paths(), Duration.ofSeconds(15));
            out().println(stopped ? "engine stopped" : "the engine is not running");
            return 0;
        }
    }

    @Command(name = "status", description = "Say whether the engine runs; exit 0 if it does, 1 if not.")
    static final class Status extends Verb {
        @Override
        public Integer call() {
            Main m = main();
            try (EngineClient c = answering(m)) {
                if (c == null) {
                    out().println("the engine is not running (socket " + m.paths().socket() + ")");
                    return 1;
                }
                JsonNode v = c.version();
                out().println("the engine is running: pid " + v.path("Pid").asLong() + ", version " + v.path("Version").asText()
                        + ", API " + v.path("ApiVersion").asText() + ", socket " + m.paths().socket());
                return 0;
            }
        }
    }
}
