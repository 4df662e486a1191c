package dev.glassbox.cli.build;

import dev.glassbox.image.ImageException;
import dev.glassbox.image.registry.RegistryRef;
import dev.glassbox.image.registry.TransferOutput;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox pull}: an image from a registry over the OCI distribution API. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download an image from a registry.",
                "Fetches the manifest (from an image index: the one for this machine's platform), the config and each "
                        + "layer the store lacks, checking every blob against its sha256 digest."},
        footer = {"", "Examples:", "  glassbox pull alpine:3.20", "  glassbox pull localhost:5000/course/web:1"})
public final class PullCommand implements Callable<Integer> {
    private final BuildClient client;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]", description = "the image to pull")
    String ref;

    @Option(names = "--platform", paramLabel = "os/arch[/variant]", description = "pick this platform from an image index (e.g. linux/arm64, linux/arm/v7)")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "suppress verbose output")
    boolean quiet;

    public PullCommand(BuildClient client) {
        this.client = client;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            RegistryRef r = RegistryRef.parse(ref);
            client.pull(ref, platform, quiet ? TransferOutput.NONE : lines(out));
            // the built-in base image comes from no registry: its name alone
            out.println(dev.glassbox.image.ImageStore.isBase(ref) ? dev.glassbox.image.BaseImageBuilder.REF
                    : r.registry() + "/" + r.repository() + ":" + r.tag());
            out.flush();
            return 0;
        } catch (ImageException e) {
            out.flush();
            spec.commandLine().getErr().println("Error response from daemon: " + e.getMessage());
            return 1;
        }
    }

    static TransferOutput lines(PrintWriter out) {
        return (id, status, current, total) -> {
            // per chunk or per file: bars in a terminal, noise in a log
            if (status.equals("Downloading") || status.equals("Pushing") || status.equals(dev.glassbox.engine.StoreBuilds.ASSEMBLING)
                    || status.equals(dev.glassbox.engine.StoreBuilds.EXTRACTING)) return;
            out.println(id == null ? status : id + ": " + status);
            out.flush();
        };
    }
}
