package dev.glassbox.cli.build;

import dev.glassbox.image.ImageException;
import dev.glassbox.image.build.BuildException;
import dev.glassbox.image.build.BuildOutput;
import dev.glassbox.image.build.ContextArchive;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code glassbox build}: Docker's classic builder, one container per RUN, one layer per RUN/COPY/ADD. */
@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Build an image from a Dockerfile.",
                "Each RUN runs in a real container of the image built so far; its container layer (the overlay upperdir) "
                        + "becomes the new image layer. COPY and ADD add a layer from the build context. Unchanged steps "
                        + "come from the build cache."},
        footer = {"", "Examples:", "  glassbox build -t web:1 .", "  glassbox build -f docker/Dockerfile --build-arg VERSION=2 -t web:2 ."})
public final class BuildCommand implements Callable<Integer> {
    private final BuildClient client;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "the build context directory")
    Path context;

    @Option(names = {"-t", "--tag"}, paramLabel = "name:tag", description = "name and optionally a tag (repeatable)")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "the Dockerfile (default: PATH/Dockerfile)")
    Path file;

    @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "set a build-time variable (KEY alone takes it from the environment)")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--no-cache", description = "do not use the cache when building the image")
    boolean noCache;

    @Option(names = "--network", paramLabel = "MODE", defaultValue = "default",
            description = "networking mode for the RUN instructions: default, none, host (default: ${DEFAULT-VALUE})")
    String network;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "set metadata for the image (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = {"-q", "--quiet"}, description = "suppress the build output and print the image id on success")
    boolean quiet;

    public BuildCommand(BuildClient client) {
        this.client = client;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (!Files.isDirectory(context)) {
            err.println("ERROR: unable to prepare context: path \"" + context + "\" not found");
            return 1;
        }
        Path tar = Files.createTempFile("glassbox-context-", ".tar");
        try {
            ContextArchive.Sent sent = ContextArchive.write(context, file, tar);
            if (!quiet) out.println("Sending build context to Glassbox engine  " + human(sent.bytes()));
            BuildClient.BuildOptions o = new BuildClient.BuildOptions(tags, sent.dockerfile(), pairs(buildArgs, "--build-arg", true),
                    noCache, network, pairs(labels, "--label", false));
            BuildOutput stream = quiet ? BuildOutput.NONE : text -> {
                out.print(text);
                out.flush();
            };
            String id = client.build(tar, o, stream);
            if (quiet) out.println(id);
            out.flush();
            return 0;
        } catch (BuildException e) {
            out.flush();
            err.println("ERROR: " + e.getMessage());
            return 1; // docker build exits 1 whatever the RUN returned; the code is in the message
        } catch (ImageException e) {
            err.println("ERROR: " + e.getMessage());
            return 1;
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** KEY=VALUE flags as a map; {@code fromEnv}: a bare KEY takes the caller's environment value, as Docker does. */
    static Map<String, String> pairs(List<String> flags, String flag, boolean fromEnv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : flags) {
            int eq = f.indexOf('=');
            if (eq == 0) throw new CommandLine.ParameterException(new CommandLine(new Object()), "invalid " + flag + " \"" + f + "\": the key is empty");
            if (eq < 0) {
                String env = fromEnv ? System.getenv(f) : "";
                if (env != null) out.put(f, env);
            } else {
                out.put(f.substring(0, eq), f.substring(eq + 1));
            }
        }
        return out;
    }

    static String human(long bytes) {
        if (bytes < 1000) return bytes + "B";
        if (bytes < 1_000_000) return String.format("%.3fkB", bytes / 1000.0);
        return String.format("%.2fMB", bytes / 1_000_000.0);
    }
}
