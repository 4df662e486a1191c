package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "top", description = "Show a container's processes (host PIDs, as ps sees them from outside).",
        footerHeading = "%nExamples:%n", footer = "  glassbox top web")
final class TopCommand extends Verb {
    @Parameters(paramLabel = "CONTAINER") String container;

    @Override
    public Integer call() {
        JsonNode top = client().top(container);
        Table t = new Table(strings(top.path("Titles")).toArray(String[]::new));
        top.path("Processes").forEach(p -> t.row(strings(p)));
        t.print(out());
        return 0;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asText()));
        return out;
    }
}
