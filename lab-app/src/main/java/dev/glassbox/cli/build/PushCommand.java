package dev.glassbox.cli.build;

import dev.glassbox.image.ImageException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code glassbox push}: an image to its registry over the OCI distribution API. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Upload an image to a registry.",
                "The registry is the first part of the name (localhost:5000/web:1); each blob the registry lacks is "
                        + "uploaded (HEAD, then POST + PUT, or PATCH chunks), the manifest last."},
        footer = {"", "Example:", "  glassbox tag web:1 localhost:5000/course/web:1", "  glassbox push localhost:5000/course/web:1"})
public final class PushCommand implements Callable<Integer> {
    private final BuildClient client;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]", description = "the image to push")
    String ref;

    public PushCommand(BuildClient client) {
        this.client = client;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            client.push(ref, PullCommand.lines(out));
            return 0;
        } catch (ImageException e) {
            out.flush();
            spec.commandLine().getErr().println("Error response from daemon: " + e.getMessage());
            return 1;
        }
    }
}
