package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.EngineClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "start", description = "Start one or more created (or stopped) containers.",
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox start web", "  glassbox start -ai box       attach to its terminal, exit with its code"})
final class StartCommand extends Verb {
    @Option(names = {"-a", "--attach"}, description = "Show the container's output and exit with its exit code.")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Connect our stdin to the container's.")
    boolean interactive;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER", description = "Name or id (a unique prefix will do).")
    List<String> containers;

    @Override
    public Integer call() throws Exception {
        EngineClient c = client();
        if (attach || interactive) {
            if (containers.size() > 1) throw new CliException("start -a and -i take one container, not " + containers.size());
            String ref = containers.getFirst();
            JsonNode config = c.inspect(ref).path("Config");
            c.startForAttach(ref);
            return RunCommand.attachAndWait(main(), c, ref, config.path("Tty").asBoolean(),
                    interactive && config.path("OpenStdin").asBoolean());
        }
        return LifecycleCommands.each(this, containers, c::start);
    }
}
