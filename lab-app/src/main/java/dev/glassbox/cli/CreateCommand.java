package dev.glassbox.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create", sortOptions = false,
        description = "Create a container from an image without starting it; print its id.",
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox create --name box -it base sh",
                "  glassbox start -ai box"})
final class CreateCommand extends Verb {
    @Mixin ContainerOptions opts;

    @Override
    public Integer call() {
        out().println(client().create(opts.toBody(main().environment), opts.name));
        return 0;
    }
}
