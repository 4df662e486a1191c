package dev.glassbox.cli;

import dev.glassbox.engine.EngineClient;
import dev.glassbox.runtime.ContainerService.Attach;
import dev.glassbox.runtime.ContainerService.ExecRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "exec", sortOptions = false,
        description = "Run a command in a running container: a new process in its namespaces and cgroup.",
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox exec web ps", "  glassbox exec -it web sh", "  glassbox exec -d -e MODE=x web touch /tmp/flag"})
final class ExecCommand extends Verb {
    @Option(names = {"-i", "--interactive"}, description = "Connect our stdin to the command's.")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Give the command a terminal.")
    boolean tty;

    @Option(names = {"-d", "--detach"}, description = "Run it in the background.")
    boolean detach;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY[=VALUE]", description = "Set an environment variable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-u", "--user"}, paramLabel = "UID[:GID]", description = "User to run as.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;

    @Option(names = "--privileged", description = "Give the command every capability.")
    boolean privileged;

    @Parameters(index = "0", paramLabel = "CONTAINER", description = "Name or id.")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        EngineClient c = client();
        List<String> e = env.isEmpty() ? null : Flags.env(env, main().environment);
        String id = c.execCreate(container, new ExecRequest(List.copyOf(command), tty, interactive, e, user, workdir, privileged));
        if (detach) {
            c.execStart(id, true, null);
            return 0;
        }
        Attach a = c.execStart(id, false, out());
        if (a == null) return c.execWait(id);
        Main m = main();
        TerminalSession session = new TerminalSession(m.sys(), m.in, m.out, m.in == System.in && m.sys().isatty(0));
        return session.run(a, interactive, true, () -> c.execWait(id));
    }
}
