package dev.glassbox.cli;

import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.Human;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ps", description = "List containers (running ones unless -a).",
        footerHeading = "%nExamples:%n", footer = {"  glassbox ps", "  glassbox ps -a", "  glassbox rm $(glassbox ps -aq)"})
final class PsCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Show every container, stopped ones too.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only print container ids.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not shorten ids and commands.")
    boolean noTrunc;

    @Override
    public Integer call() {
        List<ContainerSummary> list = client().containers(all);
        if (quiet) {
            list.forEach(c -> out().println(noTrunc ? c.id() : shortId(c.id())));
            return 0;
        }
        table(list, Instant.now(), noTrunc).print(out());
        return 0;
    }

    static Table table(List<ContainerSummary> list, Instant now, boolean noTrunc) {
        Table t = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerSummary c : list) {
            String command = noTrunc ? c.command() : Table.ellipsis(c.command(), 20);
            t.row(noTrunc ? c.id() : shortId(c.id()), c.image(), "\"" + command + "\"",
                    ago(c.created(), now), c.status(), "", c.name());
        }
        return t;
    }

    static String ago(long epochSeconds, Instant now) {
        return Human.duration(Duration.between(Instant.ofEpochSecond(epochSeconds), now)) + " ago";
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
