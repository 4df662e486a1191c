package dev.glassbox.cli;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.engine.EngineLauncher;
import dev.glassbox.engine.EnginePaths;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.sys.Syscalls;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code glassbox} command line: Docker's verbs, run by Glassbox's own runtime. */
@Command(name = "glassbox", mixinStandardHelpOptions = true, version = "glassbox 0.1.0",
        description = "Linux container internals, made visible.",
        footerHeading = "%nExamples:%n",
        footer = {"  sudo glassbox run --step -it base sh   start a container one step at a time",
                "  sudo glassbox run --rm base echo hi    run a command in a new container",
                "  sudo glassbox ps -a                    list containers",
                "",
                "Run 'glassbox COMMAND --help' for more on a command."},
        subcommands = {CommandLine.HelpCommand.class,
                RunCommand.class, CreateCommand.class, StartCommand.class, ExecCommand.class,
                PsCommand.class, LogsCommand.class, LifecycleCommands.Stop.class, LifecycleCommands.Kill.class,
                LifecycleCommands.Rm.class, TopCommand.class, LifecycleCommands.Pause.class,
                LifecycleCommands.Unpause.class, InspectCommand.class, LifecycleCommands.Wait.class,
                ImageCommands.Images.class, ImageCommands.Image.class, ImageCommands.Rmi.class,
                ImageCommands.Import.class, ImageCommands.Load.class, EngineCommand.class,
                // after merging: dev.glassbox.cli.quiz.QuizCommand.class, dev.glassbox.cli.show.ShowCommand.class,
        })
public final class Main implements Runnable {
    /** Docker's exit code for an error of the tool itself (bad flag, unknown image, engine error). */
    public static final int EXIT_GLASSBOX_ERROR = 125;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Keep images, containers and the engine's socket under DIR (DIR/lib, DIR/run) instead of "
                    + "/var/lib/glassbox and /run/glassbox. For tests.")
    Path root;

    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Function<EnginePaths, EngineClient> clients;
    final Function<String, String> environment;
    private Syscalls sys;
    private EngineClient client;

    /** The real thing: System streams, the engine started on demand. */
    public Main() {
        this(System.in, System.out, System.err, null, System::getenv);
    }

    /**
     * @param clients how to reach the engine (tests pass a fake); null: the launcher, which starts
     *                the engine when none answers
     */
    public Main(InputStream in, PrintStream out, PrintStream err, Function<EnginePaths, EngineClient> clients,
                Function<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.clients = clients;
        this.environment = environment;
    }

    EnginePaths paths() { return EnginePaths.of(root); }

    Syscalls sys() {
        if (sys == null) sys = Syscalls.linux();
        return sys;
    }

    /** The engine's client, made on first use only: {@code --help} loads no HTTP client. */
    EngineClient client() {
        if (client == null) {
            client = clients != null ? clients.apply(paths()) : EngineLauncher.ensureRunning(paths(), sys());
        }
        return client;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    /** Parses and runs; the exit code as Docker's CLI gives it. */
    public int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // everything after IMAGE (or CONTAINER for exec) is the container's command, its dashes included
        for (String verb : List.of("run", "create", "exec")) cl.getSubcommands().get(verb).setStopAtPositional(true);
        cl.setParameterExceptionHandler((ex, args2) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println("glassbox: " + oneLine(ex.getMessage()) + " (see '" + cmd + " --help')");
            return EXIT_GLASSBOX_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("glassbox: " + messageOf(ex));
            return EXIT_GLASSBOX_ERROR;
        });
        try {
            return cl.execute(args);
        } finally {
            if (client != null) client.close();
        }
    }

    /** One line for the user: the message of our own errors, the type and message of anything else. */
    static String messageOf(Throwable ex) {
        if (ex instanceof CliException || ex instanceof EngineException || ex instanceof ContainerException) {
            return oneLine(ex.getMessage());
        }
        String m = ex.getMessage();
        return "unexpected error: " + ex.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m));
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("").strip();
    }

    public static void main(String[] args) {
        System.exit(new Main().execute(args));
    }
}
