package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "diff", description = {"List what changed in a container's file system against its image:",
        "A added, C changed, D deleted (read from the overlay's upper directory)."},
        footerHeading = "%nExamples:%n", footer = "  glassbox diff web")
final class DiffCommand extends Verb {
    @Parameters(paramLabel = "CONTAINER") String container;

    @Override
    public Integer call() {
        for (JsonNode c : client().changes(container)) {
            String kind = switch (c.path("Kind").asInt()) {
                case 0 -> "C";
                case 1 -> "A";
                case 2 -> "D";
                default -> "?";
            };
            out().println(kind + " " + c.path("Path").asText());
        }
        return 0;
    }
}
