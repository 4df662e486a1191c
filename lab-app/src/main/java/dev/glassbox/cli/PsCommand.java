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

    @Option(names = {"-s", "--size"}, description = "Show each container's size: its layer (and, virtual, with the image).")
    boolean size;

    @Override
    public Integer call() {
        List<ContainerSummary> list = size ? client().containers(all, true) : client().containers(all);
        if (quiet) {
            list.forEach(c -> out().println(noTrunc ? c.id() : shortId(c.id())));
            return 0;
        }
        table(list, Instant.now(), noTrunc, size).print(out());
        return 0;
    }

    static Table table(List<ContainerSummary> list, Instant now, boolean noTrunc) {
        return table(list, now, noTrunc, false);
    }

    static Table table(List<ContainerSummary> list, Instant now, boolean noTrunc, boolean size) {
        Table t = size ? new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES", "SIZE")
                : new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES");
        for (ContainerSummary c : list) {
            String command = noTrunc ? c.command() : Table.ellipsis(c.command(), 20);
            List<String> row = new java.util.ArrayList<>(List.of(noTrunc ? c.id() : shortId(c.id()), c.image(), "\"" + command + "\"",
                    ago(c.created(), now), c.status(), ports(c.ports()), c.name()));
            if (size) row.add(size(c));
            t.row(row);
        }
        return t;
    }

    /** Docker's PORTS cell: {@code 0.0.0.0:8080->80/tcp, 127.0.0.1:5353->53/udp}. */
    static String ports(List<ContainerSummary.Port> ports) {
        if (ports == null) return "";
        List<String> cells = new java.util.ArrayList<>();
        for (ContainerSummary.Port p : ports) {
            String ip = p.ip() == null || p.ip().isEmpty() ? "" : (p.ip().contains(":") ? "[" + p.ip() + "]" : p.ip()) + ":";
            cells.add(p.publicPort() > 0 ? ip + p.publicPort() + "->" + p.privatePort() + "/" + p.type() : p.privatePort() + "/" + p.type());
        }
        return String.join(", ", cells);
    }

    /** Docker's SIZE cell: {@code 12B (virtual 4.26MB)}. */
    static String size(ContainerSummary c) {
        long rw = c.sizeRw() == null ? 0 : c.sizeRw();
        String s = dev.glassbox.engine.Human.size(rw, 3);
        return c.sizeRootFs() == null ? s : s + " (virtual " + dev.glassbox.engine.Human.size(c.sizeRootFs(), 3) + ")";
    }

    static String ago(long epochSeconds, Instant now) {
        return Human.duration(Duration.between(Instant.ofEpochSecond(epochSeconds), now)) + " ago";
    }

    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
