package dev.glassbox.cli;

import dev.glassbox.engine.EngineClient;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A glassbox subcommand: reaches the engine and the terminal through {@link Main}. Returns its exit code. */
abstract class Verb implements Callable<Integer> {
    @Spec CommandSpec spec;

    // only --help: -h is run's --hostname, as in Docker
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    Main main() {
        CommandSpec s = spec;
        while (!(s.userObject() instanceof Main)) s = s.parent();
        return (Main) s.userObject();
    }

    EngineClient client() { return main().client(); }

    PrintStream out() { return main().out; }

    PrintStream err() { return main().err; }
}
