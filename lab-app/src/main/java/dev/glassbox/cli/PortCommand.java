package dev.glassbox.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "port", description = "List a container's published ports, or where one of its ports is published.",
        footerHeading = "%nExamples:%n", footer = {"  glassbox port web", "  glassbox port web 80/tcp"})
final class PortCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CONTAINER") String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]") String privatePort;

    @Override
    public Integer call() {
        String wanted = null;
        if (privatePort != null) {
            if (!privatePort.matches("\\d{1,5}(/(tcp|udp))?")) {
                throw new CliException("invalid port \"" + privatePort + "\": use a container port such as 80 or 53/udp");
            }
            wanted = privatePort.contains("/") ? privatePort : privatePort + "/tcp";
        }
        JsonNode ports = client().inspect(container).path("NetworkSettings").path("Ports");
        List<String> lines = lines(ports, wanted);
        if (wanted != null && lines.isEmpty()) {
            throw new CliException("no public port '" + wanted + "' published for " + container + ": see glassbox port " + container);
        }
        lines.forEach(out()::println);
        return 0;
    }

    /** {@code 80/tcp -> 0.0.0.0:8080} per binding, by port; only {@code 0.0.0.0:8080} when one port is asked. */
    static List<String> lines(JsonNode ports, String wanted) {
        List<String> names = new ArrayList<>();
        ports.fieldNames().forEachRemaining(names::add);
        names.sort((a, b) -> Integer.compare(Integer.parseInt(a.split("/")[0]), Integer.parseInt(b.split("/")[0])));
        List<String> out = new ArrayList<>();
        for (String port : names) {
            if (wanted != null && !wanted.equals(port)) continue;
            for (JsonNode b : ports.get(port)) {
                String ip = b.path("HostIp").asText();
                String host = (ip.contains(":") ? "[" + ip + "]" : ip.isEmpty() ? "0.0.0.0" : ip) + ":" + b.path("HostPort").asText();
                out.add(wanted != null ? host : port + " -> " + host);
            }
        }
        return out;
    }
}
