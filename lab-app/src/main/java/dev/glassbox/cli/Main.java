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
                "  sudo glassbox network create front     a network whose containers find each other by name",
                "",
                "Run 'glassbox COMMAND --help' for more on a command."})
public final class Main implements Runnable {
    /** Docker's exit code for an error of the tool itself (bad flag, unknown image, engine error). */
    public static final int EXIT_GLASSBOX_ERROR = 125;

    static {
        // picocli otherwise looks for Groovy's closures on the class path when it first builds an
        // option, and that miss opens every jar of it: work for nothing in a command's start-up
        if (System.getProperty("picocli.disable.closures") == null) System.setProperty("picocli.disable.closures", "true");
    }

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
            client = clients != null ? clients.apply(paths()) : EngineLauncher.ensureRunning(paths(), this::sys);
        }
        return client;
    }

    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    /** Every verb, in the order help lists them. */
    static final List<String> VERBS = List.of("run", "create", "start", "exec", "ps", "logs", "stop", "kill", "rm", "top",
            "pause", "unpause", "inspect", "wait", "port", "diff", "cp", "container", "images", "image", "rmi", "import", "load",
            "build", "pull", "push", "save", "tag",
            "network", "volume", "system", "engine", "show", "quiz", "exercise", "lab");

    /**
     * A new command object for a verb, null for none. A switch, not a table of lambdas or a
     * class-path scan: a command line that starts a container should load little.
     */
    static Object verb(String name) {
        return verb(name, () -> {
            throw new IllegalStateException("no engine for " + name);
        });
    }

    /** @param engine the engine's client, asked for only when an image verb runs */
    static Object verb(String name, java.util.function.Supplier<EngineClient> engine) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "exec" -> new ExecCommand();
            case "ps" -> new PsCommand();
            case "logs" -> new LogsCommand();
            case "stop" -> new LifecycleCommands.Stop();
            case "kill" -> new LifecycleCommands.Kill();
            case "rm" -> new LifecycleCommands.Rm();
            case "top" -> new TopCommand();
            case "pause" -> new LifecycleCommands.Pause();
            case "unpause" -> new LifecycleCommands.Unpause();
            case "inspect" -> new InspectCommand();
            case "wait" -> new LifecycleCommands.Wait();
            case "port" -> new PortCommand();
            case "diff" -> new DiffCommand();
            case "cp" -> new CpCommand();
            case "container" -> new PruneCommands.Container();
            case "network" -> new NetworkCommands();
            case "volume" -> new VolumeCommands();
            case "system" -> new SystemCommands();
            case "images" -> new ImageCommands.Images();
            case "image" -> new ImageCommands.Image();
            case "rmi" -> new ImageCommands.Rmi();
            case "import" -> new ImageCommands.Import();
            case "load" -> new ImageCommands.Load();
            case "build" -> new dev.glassbox.cli.build.BuildCommand(new dev.glassbox.cli.build.EngineBuildClient(engine));
            case "pull" -> new dev.glassbox.cli.build.PullCommand(new dev.glassbox.cli.build.EngineBuildClient(engine));
            case "push" -> new dev.glassbox.cli.build.PushCommand(new dev.glassbox.cli.build.EngineBuildClient(engine));
            case "save" -> new dev.glassbox.cli.build.SaveCommand(new dev.glassbox.cli.build.EngineBuildClient(engine));
            case "tag" -> new dev.glassbox.cli.build.TagCommand(new dev.glassbox.cli.build.EngineBuildClient(engine));
            case "engine" -> new EngineCommand();
            // after merging the other helpers' branches:
            case "quiz" -> new dev.glassbox.cli.quiz.QuizCommand(dev.glassbox.quiz.live.LiveContext.firstOf(
                    new dev.glassbox.quiz.live.HostLiveContext(), new dev.glassbox.cli.quiz.EngineLiveContext(EnginePaths.system())));
            case "show" -> dev.glassbox.cli.show.ShowCommand.withContainerNames();
            case "exercise" -> new dev.glassbox.cli.exercise.ExerciseCommand();
            case "lab" -> new dev.glassbox.app.LabCommand();
            default -> null;
        };
    }

    /** The verb the arguments name (after global options), or null when they name none (help, usage). */
    static String verbIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--root")) {
                i++;
            } else if (!a.startsWith("--root=")) {
                return a.startsWith("-") || !VERBS.contains(a) ? null : a;
            }
        }
        return null;
    }

    /** Parses and runs; the exit code as Docker's CLI gives it. */
    public int execute(String... args) {
        String named = verbIn(args);
        Object command = named == null ? null : verb(named, this::client);
        if (command != null && FIRST_COMMAND.compareAndSet(true, false)) {
            // A fresh JVM: while picocli builds its model of glassbox itself, the other core reads
            // the verb's annotations (each annotation type is a proxy class the JDK generates) and
            // loads the engine client's classes. Each would otherwise wait its turn.
            readAnnotationsInBackground(command.getClass());
            if (clients == null) EngineClient.prepareInBackground();
        }
        CommandLine cl = new CommandLine(this);
        // the verbs (and help) are added here, only the one asked for when one is: each costs start-up time
        if (named == null) {
            cl.addSubcommand("help", new CommandLine.HelpCommand());
            for (String v : VERBS) cl.addSubcommand(v, verb(v, this::client));
        } else {
            cl.addSubcommand(named, command);
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        // everything after IMAGE (or CONTAINER for exec) is the container's command, its dashes included
        for (String verb : List.of("run", "create", "exec")) {
            CommandLine sub = cl.getSubcommands().get(verb);
            if (sub != null) sub.setStopAtPositional(true);
        }
        cl.setParameterExceptionHandler((ex, args2) -> {
            String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
            // a misspelt flag or verb: the nearest ones picocli knows, as git and docker suggest them
            List<String> near = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                    ? u.getSuggestions().stream().filter(c -> closeTo(c, u.getUnmatched().getFirst())).toList() : List.of();
            String hint = near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near.subList(0, Math.min(2, near.size()))) + "?";
            String what = oneLine(ex.getMessage());
            if (ex instanceof CommandLine.UnmatchedArgumentException u && ex.getCommandLine().getParent() == null
                    && !u.getUnmatched().isEmpty() && !u.getUnmatched().getFirst().startsWith("-")) {
                what = "'" + u.getUnmatched().getFirst() + "' is not a glassbox command";
            }
            err.println("glassbox: " + what + hint + " (see '" + cmd + " --help')");
            return EXIT_GLASSBOX_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("glassbox: " + messageOf(ex));
            return EXIT_GLASSBOX_ERROR;
        });
        try {
            return cl.execute(args);
        } finally {
            // a command that printed without a newline at the end (print, not println) is not lost
            cl.getOut().flush();
            cl.getErr().flush();
            if (client != null) client.close();
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean FIRST_COMMAND = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Reads (and so caches) the annotations picocli will read: the verb's, its superclasses' and its mixins'. */
    static void readAnnotationsInBackground(Class<?> verb) {
        Thread t = new Thread(() -> readAnnotations(verb), "cli-annotations");
        t.setDaemon(true);
        t.start();
    }

    private static void readAnnotations(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            c.getAnnotations();
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getAnnotations().length > 0 && f.isAnnotationPresent(CommandLine.Mixin.class)) readAnnotations(f.getType());
            }
        }
    }

    /** A typo away: at most a third of the word's letters (two at least) added, dropped or changed. */
    static boolean closeTo(String candidate, String typed) {
        int[] prev = new int[typed.length() + 1], cur = new int[typed.length() + 1];
        for (int j = 0; j <= typed.length(); j++) prev[j] = j;
        for (int i = 1; i <= candidate.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= typed.length(); j++) {
                int same = candidate.charAt(i - 1) == typed.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[typed.length()] <= Math.max(2, typed.length() / 3);
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
        Main m = new Main();
        int code = m.execute(args);
        m.out.flush();
        m.err.flush();
        // halt, not exit: System.exit starts the JDK's logging to record the exit (tens of ms);
        // the CLI registers no shutdown hook and has restored the terminal by now. Except when
        // the launcher wants its class-data archive written, which the JVM does in a normal exit.
        if ("normal".equals(System.getProperty("glassbox.exit"))) {
            if (Boolean.getBoolean("glassbox.aot.training")) rehearse();
            System.exit(code);
        }
        Runtime.getRuntime().halt(code);
    }

    /**
     * The end of the launcher's AOT training run, after the command itself: the everyday verbs
     * once more, silently, against an engine that is not there. Each parses its options, builds
     * and serialises its first request and fails to connect, which loads what that verb loads at
     * start-up; then an answer is parsed. So the cache serves whichever verb comes next, not only
     * the one that happened to train it (trained on ps alone, run --rm took 20 to 50 ms longer).
     */
    static void rehearse() {
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        Path nowhere = Path.of("/nonexistent-glassbox-rehearsal/engine.sock");
        List<List<String>> lines = List.of(
                List.of("run", "--rm", "-e", "A=b", "-v", "/tmp:/data", "-p", "127.0.0.1:8080:80", "-m", "64m", "--cpus", "0.5",
                        "--pids-limit", "50", "--name", "rehearsal", "base", "true"),
                List.of("run", "-d", "-it", "base", "sh"), List.of("create", "base"), List.of("start", "rehearsal"),
                List.of("exec", "-it", "rehearsal", "sh"), List.of("ps", "-a"), List.of("logs", "-f", "rehearsal"),
                List.of("stop", "rehearsal"), List.of("rm", "-f", "rehearsal"), List.of("inspect", "rehearsal"),
                List.of("images"), List.of("top", "rehearsal"));
        for (List<String> args : lines) {
            try {
                new Main(InputStream.nullInputStream(), quiet, quiet, paths -> EngineClient.connect(nowhere), name -> null)
                        .execute(args.toArray(String[]::new));
            } catch (RuntimeException expected) {
                // no engine there: each verb stops at its first request
            }
        }
        try {
            dev.glassbox.engine.DockerJson.MAPPER.readTree("{\"Id\":\"0123\",\"State\":{\"Status\":\"exited\",\"ExitCode\":0},"
                    + "\"Names\":[\"/rehearsal\"],\"Created\":1,\"Ports\":[]}");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
