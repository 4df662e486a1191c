package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.engine.Human;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** images, image (ls, inspect, rm, history), rmi, import, load. */
final class ImageCommands {
    private ImageCommands() {}

    @Command(name = "images", description = "List images.",
            footerHeading = "%nExamples:%n", footer = {"  glassbox images", "  glassbox images -q"})
    static final class Images extends Verb {
        @Option(names = {"-q", "--quiet"}, description = "Only print image ids.")
        boolean quiet;

        @Option(names = "--no-trunc", description = "Do not shorten image ids.")
        boolean noTrunc;

        @Override
        public Integer call() {
            JsonNode list = client().images();
            if (quiet) {
                list.forEach(i -> out().println(noTrunc ? i.path("Id").asText() : PsCommand.shortId(i.path("Id").asText())));
                return 0;
            }
            table(list, Instant.now(), noTrunc).print(out());
            return 0;
        }

        static Table table(JsonNode images, Instant now, boolean noTrunc) {
            Table t = new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            for (JsonNode i : images) {
                String id = noTrunc ? i.path("Id").asText() : PsCommand.shortId(i.path("Id").asText());
                long when = i.path("Created").asLong();
                String created = when > 0 ? PsCommand.ago(when, now) : "N/A";
                String size = Human.size(i.path("Size").asLong());
                JsonNode tags = i.path("RepoTags");
                if (!tags.isArray() || tags.isEmpty()) {
                    t.row("<none>", "<none>", id, created, size);
                }
                for (JsonNode tag : tags) {
                    String rt = tag.asText();
                    int colon = rt.lastIndexOf(':');
                    boolean tagged = colon > rt.lastIndexOf('/');
                    t.row(tagged ? rt.substring(0, colon) : rt, tagged ? rt.substring(colon + 1) : "<none>", id, created, size);
                }
            }
            return t;
        }
    }

    @Command(name = "image", description = "Manage images.",
            subcommands = {Ls.class, ImageInspect.class, ImageRm.class, History.class, PruneCommands.ImagePrune.class},
            footerHeading = "%nExamples:%n", footer = {"  glassbox image ls", "  glassbox image history base", "  glassbox image prune -a"})
    static final class Image extends Verb {
        @Override
        public Integer call() {
            spec.commandLine().usage(out());
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List images.")
    static final class Ls extends Verb {
        @Option(names = {"-q", "--quiet"}, description = "Only print image ids.")
        boolean quiet;

        @Override
        public Integer call() {
            JsonNode list = client().images();
            if (quiet) list.forEach(i -> out().println(PsCommand.shortId(i.path("Id").asText())));
            else Images.table(list, Instant.now(), false).print(out());
            return 0;
        }
    }

    @Command(name = "inspect", description = "Show images as JSON, in Docker's shape.")
    static final class ImageInspect extends Verb {
        @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

        @Mixin FormatOption format;

        @Override
        public Integer call() { return InspectCommand.printAll(this, format, images, ref -> client().imageInspect(ref)); }
    }

    @Command(name = "rm", description = "Remove images (not while a container uses them, unless -f).")
    static final class ImageRm extends Verb {
        @Option(names = {"-f", "--force"}, description = "Remove even if containers use it.")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

        @Override
        public Integer call() { return removeImages(this, images, force); }
    }

    static int removeImages(Verb v, List<String> images, boolean force) {
        int rc = 0;
        for (String ref : images) {
            try {
                for (JsonNode n : v.client().removeImage(ref, force)) {
                    if (n.has("Untagged")) v.out().println("Untagged: " + n.get("Untagged").asText());
                    if (n.has("Deleted")) v.out().println("Deleted: " + n.get("Deleted").asText());
                }
            } catch (EngineException e) {
                v.err().println("glassbox: " + e.getMessage());
                rc = Main.EXIT_GLASSBOX_ERROR;
            }
        }
        return rc;
    }

    @Command(name = "history", description = "Show how an image was built, newest layer first.")
    static final class History extends Verb {
        @Option(names = "--no-trunc", description = "Do not shorten the CREATED BY column.")
        boolean noTrunc;

        @Parameters(paramLabel = "IMAGE") String image;

        @Override
        public Integer call() {
            Table t = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
            Instant now = Instant.now();
            for (JsonNode h : client().imageHistory(image)) {
                String id = h.path("Id").asText();
                String createdBy = h.path("CreatedBy").asText().replaceAll("\\s+", " ");
                t.row(id.startsWith("sha256:") ? PsCommand.shortId(id) : id,
                        h.path("Created").asLong() > 0 ? PsCommand.ago(h.path("Created").asLong(), now) : "N/A",
                        noTrunc ? createdBy : Table.ellipsis(createdBy, 45), Human.size(h.path("Size").asLong()),
                        h.path("Comment").asText());
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "rmi", description = "Remove images.",
            footerHeading = "%nExamples:%n", footer = "  glassbox rmi mybox:1.0")
    static final class Rmi extends Verb {
        @Option(names = {"-f", "--force"}, description = "Remove even if containers use it.")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "IMAGE") List<String> images;

        @Override
        public Integer call() { return removeImages(this, images, force); }
    }

    @Command(name = "import", description = "Make an image of one layer from a root file system tar (a file, or - for stdin).",
            footerHeading = "%nExamples:%n",
            footer = {"  glassbox import rootfs.tar mybox:1.0", "  tar -C rootfs -c . | glassbox import - mybox"})
    static final class Import extends Verb {
        @Parameters(index = "0", paramLabel = "FILE|-") String file;

        @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]") String ref;

        @Override
        public Integer call() throws IOException {
            EngineClient c = client();
            String id;
            if (file.equals("-")) {
                id = c.importImage(main().in, ref, l -> {});
            } else {
                Path p = Path.of(file);
                if (!Files.isRegularFile(p)) throw new CliException("cannot import " + file + ": no such file");
                try (InputStream in = Files.newInputStream(p)) {
                    id = c.importImage(in, ref, l -> {});
                }
            }
            out().println(id);
            return 0;
        }
    }

    @Command(name = "load", description = "Load images from a docker save archive or an OCI image layout tar.",
            footerHeading = "%nExamples:%n", footer = {"  glassbox load -i alpine.tar", "  glassbox load < alpine.tar"})
    static final class Load extends Verb {
        @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Read from FILE instead of stdin.")
        Path input;

        @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
        boolean quiet;

        @Override
        public Integer call() throws IOException {
            Path archive = input;
            Path temp = null;
            if (archive == null) {
                temp = Files.createTempFile("glassbox-load-", ".tar");
                Files.copy(main().in, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                archive = temp;
            } else if (!Files.isRegularFile(archive)) {
                throw new CliException("cannot load " + archive + ": no such file");
            }
            try {
                client().load(archive, line -> {
                    if (!quiet && line.startsWith("Loaded")) out().println(line);
                });
            } finally {
                if (temp != null) Files.deleteIfExists(temp);
            }
            return 0;
        }
    }
}
