package dev.glassbox.cli.build;

import dev.glassbox.image.ImageException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code glassbox tag}: one more name for an image (an entry in the store's index.json, no copy). */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.",
                "A tag is only a name in the image index pointing at the same manifest: no layer is copied."},
        footer = {"", "Example:", "  glassbox tag web:1 localhost:5000/course/web:1"})
public final class TagCommand implements Callable<Integer> {
    private final BuildClient client;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    public TagCommand(BuildClient client) {
        this.client = client;
    }

    @Override
    public Integer call() {
        try {
            client.tag(source, target);
            return 0;
        } catch (ImageException e) {
            spec.commandLine().getErr().println("Error response from daemon: " + e.getMessage());
            return 1;
        }
    }
}
