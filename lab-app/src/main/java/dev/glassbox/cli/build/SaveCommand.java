package dev.glassbox.cli.build;

import dev.glassbox.image.ImageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox save}: images as a tar that {@code docker load} and {@code glassbox load} read. */
@Command(name = "save", mixinStandardHelpOptions = true,
        description = {"Save one or more images to a tar archive (streamed to STDOUT by default).",
                "The archive is Docker 25's: manifest.json for docker load, and an OCI image layout (index.json, "
                        + "blobs/sha256/...) at the same time."},
        footer = {"", "Examples:", "  glassbox save -o web.tar web:1", "  glassbox save web:1 busybox | gzip > images.tar.gz"})
public final class SaveCommand implements Callable<Integer> {
    private final BuildClient client;
    private final Supplier<OutputStream> stdout;
    private final boolean stdoutIsTerminal;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "the images to save")
    List<String> images;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to a file, instead of STDOUT")
    Path output;

    public SaveCommand(BuildClient client) {
        this(client, () -> System.out, System.console() != null);
    }

    public SaveCommand(BuildClient client, Supplier<OutputStream> stdout, boolean stdoutIsTerminal) {
        this.client = client;
        this.stdout = stdout;
        this.stdoutIsTerminal = stdoutIsTerminal;
    }

    @Override
    public Integer call() throws IOException {
        try {
            if (output == null) {
                if (stdoutIsTerminal) {
                    spec.commandLine().getErr().println("Cowardly refusing to save to a terminal. Use the -o flag or redirect");
                    return 1;
                }
                OutputStream out = stdout.get();
                client.save(images, out);
                out.flush();
                return 0;
            }
            Path tmp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    client.save(images, out);
                }
                Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return 0;
        } catch (ImageException e) {
            spec.commandLine().getErr().println("Error response from daemon: " + e.getMessage());
            return 1;
        }
    }
}
