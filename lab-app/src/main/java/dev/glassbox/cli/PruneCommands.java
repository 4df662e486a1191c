package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.Human;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** container prune, image prune, and the container verb that holds prune. */
final class PruneCommands {
    private PruneCommands() {}

    @Command(name = "container", description = "Manage containers.", subcommands = ContainerPrune.class,
            footerHeading = "%nExamples:%n", footer = "  glassbox container prune -f")
    static final class Container extends Verb {
        @Override
        public Integer call() {
            spec.commandLine().usage(out());
            return 0;
        }
    }

    @Command(name = "prune", description = "Remove every stopped container.")
    static final class ContainerPrune extends Verb {
        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() {
            if (!force && !Confirm.ask(this, "WARNING! This will remove all stopped containers.", "-f")) return 0;
            JsonNode r = client().pruneContainers();
            VolumeCommands.printDeleted(this, "Deleted Containers:", r.path("ContainersDeleted"));
            out().println("Total reclaimed space: " + Human.size(r.path("SpaceReclaimed").asLong(), 4));
            return 0;
        }
    }

    @Command(name = "prune", description = "Remove dangling images (untagged, unused); with -a, every image no container uses.")
    static final class ImagePrune extends Verb {
        @Option(names = {"-a", "--all"}, description = "Every unused image, not only dangling ones.")
        boolean all;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() {
            String warning = all ? "WARNING! This will remove all images without at least one container associated to them."
                    : "WARNING! This will remove all dangling images.";
            if (!force && !Confirm.ask(this, warning, "-f")) return 0;
            JsonNode r = client().pruneImages(all);
            printImages(this, r.path("ImagesDeleted"));
            out().println("Total reclaimed space: " + Human.size(r.path("SpaceReclaimed").asLong(), 4));
            return 0;
        }
    }

    /** Docker's lines: {@code untagged: base:latest}, {@code deleted: sha256:...}. */
    static void printImages(Verb v, JsonNode deleted) {
        if (deleted == null || !deleted.isArray() || deleted.isEmpty()) return;
        v.out().println("Deleted Images:");
        for (JsonNode d : deleted) {
            if (d.has("Untagged")) v.out().println("untagged: " + d.get("Untagged").asText());
            if (d.has("Deleted")) v.out().println("deleted: " + d.get("Deleted").asText());
        }
        v.out().println();
    }
}
