package dev.glassbox.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.cli.template.GoTemplate;
import dev.glassbox.cli.template.TemplateException;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.Human;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ps", description = "List containers (running ones unless -a).",
        footerHeading = "%nExamples:%n", footer = {"  glassbox ps", "  glassbox ps -a", "  glassbox rm $(glassbox ps -aq)",
                "  glassbox ps -f status=exited -f label=tier=front",
                "  glassbox ps --format 'table {{.Names}}\\t{{.Status}}'", "  glassbox ps -l -q"})
final class PsCommand extends Verb {
    @Option(names = {"-a", "--all"}, description = "Show every container, stopped ones too.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only print container ids.")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Do not shorten ids and commands.")
    boolean noTrunc;

    @Option(names = {"-s", "--size"}, description = "Show each container's size: its layer (and, virtual, with the image).")
    boolean size;

    @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
            description = "Only containers that match: id, name, status, label, ancestor or exited (repeatable).")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "TEMPLATE",
            description = "Print each container through a Go template: .ID .Image .Command .CreatedAt .RunningFor "
                    + ".Ports .State .Status .Size .Names .Labels; 'table ...' adds a header and aligns the \\t columns.")
    String format;

    @Option(names = {"-n", "--last"}, paramLabel = "N", description = "Show the N containers created last (all states).")
    Integer last;

    @Option(names = {"-l", "--latest"}, description = "Show the container created last (all states).")
    boolean latest;

    /** Docker's header of each --format field in a table. */
    private static final Map<String, String> HEADERS = Map.ofEntries(Map.entry("ID", "CONTAINER ID"), Map.entry("Image", "IMAGE"),
            Map.entry("Command", "COMMAND"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("RunningFor", "CREATED"),
            Map.entry("Ports", "PORTS"), Map.entry("State", "STATE"), Map.entry("Status", "STATUS"), Map.entry("Size", "SIZE"),
            Map.entry("Names", "NAMES"), Map.entry("Labels", "LABELS"));

    @Override
    public Integer call() {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new CliException("invalid filter \"" + f + "\": use KEY=VALUE, e.g. -f status=exited or -f name=web");
            byKey.computeIfAbsent(f.substring(0, eq), k -> new ArrayList<>()).add(f.substring(eq + 1));
        }
        if (last != null && last < 0) throw new CliException("invalid --last " + last + ": give a number of containers, e.g. -n 3");
        Integer limit = latest ? Integer.valueOf(1) : last;
        // Docker: -n and -l look at every container, stopped ones too
        boolean everyState = all || limit != null;
        boolean table = format != null && format.strip().startsWith("table");
        GoTemplate template = parseFormat(table);
        List<ContainerSummary> list = client().containers(everyState, size, byKey);
        if (limit != null) {
            list = list.stream().sorted(Comparator.comparingLong(ContainerSummary::created).reversed()).limit(limit).toList();
        }
        if (quiet) {
            list.forEach(c -> out().println(noTrunc ? c.id() : shortId(c.id())));
            return 0;
        }
        if (template == null) {
            table(list, Instant.now(), noTrunc, size).print(out());
            return 0;
        }
        Instant now = Instant.now();
        try {
            if (table) {
                List<List<String>> rows = new ArrayList<>();
                ObjectNode header = DockerJson.MAPPER.createObjectNode();
                HEADERS.forEach(header::put);
                rows.add(List.of(template.render(header).split("\t", -1)));
                for (ContainerSummary c : list) rows.add(List.of(template.render(fields(c, now)).split("\t", -1)));
                Table t = new Table(rows.getFirst().toArray(String[]::new));
                rows.subList(1, rows.size()).forEach(t::row);
                t.print(out());
            } else {
                for (ContainerSummary c : list) out().println(template.render(fields(c, now)));
            }
        } catch (TemplateException e) {
            throw new CliException("--format: " + e.getMessage());
        }
        return 0;
    }

    /** The template without Docker's "table" word, with \t and \n as Docker reads them; null without --format. */
    private GoTemplate parseFormat(boolean table) {
        if (format == null) return null;
        String t = table ? format.strip().substring(5).strip() : format.strip();
        return FormatOption.parse(format, t.replace("\\t", "\t").replace("\\n", "\n"), "{{.Names}}");
    }

    /** One container as docker ps --format sees it. */
    private ObjectNode fields(ContainerSummary c, Instant now) {
        ObjectNode n = DockerJson.MAPPER.createObjectNode();
        n.put("ID", noTrunc ? c.id() : shortId(c.id()));
        n.put("Image", c.image());
        n.put("Command", "\"" + (noTrunc ? c.command() : Table.ellipsis(c.command(), 20)) + "\"");
        n.put("CreatedAt", CREATED_AT.format(Instant.ofEpochSecond(c.created())));
        n.put("RunningFor", ago(c.created(), now));
        n.put("Ports", ports(c.ports()));
        n.put("State", c.state());
        n.put("Status", c.status());
        n.put("Size", size ? size(c) : "");
        n.put("Names", c.name());
        n.put("Labels", c.labels() == null ? "" : String.join(",", new TreeMap<>(c.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return n;
    }

    /** Docker's .CreatedAt: Go's time.Time as it prints. */
    private static final DateTimeFormatter CREATED_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z 'UTC'").withZone(ZoneOffset.UTC);

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
