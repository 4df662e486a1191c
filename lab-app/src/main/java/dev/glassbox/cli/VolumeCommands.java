package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.Human;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** volume create, ls, inspect, rm, prune. */
@Command(name = "volume", description = "Manage volumes: directories the engine keeps, that outlive containers.",
        subcommands = {VolumeCommands.Create.class, VolumeCommands.Ls.class, VolumeCommands.Inspect.class,
                VolumeCommands.Rm.class, VolumeCommands.Prune.class},
        footerHeading = "%nExamples:%n",
        footer = {"  glassbox volume create data",
                "  glassbox run --rm -v data:/data base sh -c 'echo hi > /data/f'",
                "  glassbox volume inspect data      where it lives on the host",
                "  glassbox volume prune -a -f"})
final class VolumeCommands extends Verb {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return 0;
    }

    @Command(name = "create", description = "Create a volume (a random name when none is given); print its name.")
    static final class Create extends Verb {
        @Option(names = {"-d", "--driver"}, paramLabel = "DRIVER", description = "local, the only driver.")
        String driver = "local";

        @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Set a label on the volume.")
        List<String> labels = new ArrayList<>();

        @Parameters(arity = "0..1", paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            if (!driver.equals("local")) throw new CliException("invalid --driver \"" + driver + "\": Glassbox has the local driver only");
            if (name != null && !name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]+")) {
                throw new CliException("invalid volume name \"" + name + "\": use two or more letters, digits and _ . - (starting with a letter or digit)");
            }
            out().println(client().createVolume(name, Flags.labels(labels)).path("Name").asText());
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List volumes.")
    static final class Ls extends Verb {
        @Option(names = {"-q", "--quiet"}, description = "Only print volume names.")
        boolean quiet;

        @Override
        public Integer call() {
            JsonNode vols = client().volumes().path("Volumes");
            if (quiet) {
                vols.forEach(v -> out().println(v.path("Name").asText()));
                return 0;
            }
            Table t = new Table("DRIVER", "VOLUME NAME");
            vols.forEach(v -> t.row(v.path("Driver").asText(), v.path("Name").asText()));
            t.print(out());
            return 0;
        }
    }

    @Command(name = "inspect", description = "Show volumes as JSON, in Docker's shape (Mountpoint: where the data is).")
    static final class Inspect extends Verb {
        @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> volumes;

        @Mixin FormatOption format;

        @Override
        public Integer call() { return InspectCommand.printAll(this, format, volumes, name -> client().volume(name)); }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove volumes and their data; refused while a container uses one, unless -f.")
    static final class Rm extends Verb {
        @Option(names = {"-f", "--force"}, description = "Remove even if a container uses it.")
        boolean force;

        @Parameters(arity = "1..*", paramLabel = "VOLUME") List<String> volumes;

        @Override
        public Integer call() { return LifecycleCommands.each(this, volumes, name -> client().removeVolume(name, force)); }
    }

    @Command(name = "prune", description = "Remove anonymous volumes no container uses (with -a, named ones too).")
    static final class Prune extends Verb {
        @Option(names = {"-a", "--all"}, description = "Named volumes too, not only anonymous ones.")
        boolean all;

        @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
        boolean force;

        @Override
        public Integer call() {
            String warning = all ? "WARNING! This will remove all local volumes not used by at least one container."
                    : "WARNING! This will remove anonymous local volumes not used by at least one container.";
            if (!force && !Confirm.ask(this, warning, "-f")) return 0;
            JsonNode r = client().pruneVolumes(all);
            printDeleted(this, "Deleted Volumes:", r.path("VolumesDeleted"));
            out().println("Total reclaimed space: " + Human.size(r.path("SpaceReclaimed").asLong(), 4));
            return 0;
        }
    }

    /** Docker's prune report: a heading, one line each, a blank line; nothing when nothing went. */
    static void printDeleted(Verb v, String heading, JsonNode names) {
        if (names == null || !names.isArray() || names.isEmpty()) return;
        v.out().println(heading);
        names.forEach(n -> v.out().println(n.asText()));
        v.out().println();
    }
}
