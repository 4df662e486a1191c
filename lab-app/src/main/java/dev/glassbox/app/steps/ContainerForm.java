package dev.glassbox.app.steps;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the New container form holds, as text the learner typed, and how it becomes Docker's
 * create body (built as JSON, so fields the engine's API gains later, such as Binds, are
 * passed on as they are named in Docker's API).
 */
public record ContainerForm(String image, String command, String name, String hostname, String memory, String cpus,
                            String pids, String capAdd, String capDrop, String network, String volumes, boolean tty) {

    public static ContainerForm defaults() {
        return new ContainerForm("base", "sh", "", "lab", "64m", "0.5", "100", "", "", "bridge", "", true);
    }

    /** The create body; throws IllegalArgumentException with a one-line message on a bad value. */
    public CreateBody toBody() {
        ObjectNode b = DockerJson.MAPPER.createObjectNode();
        b.put("Image", image.isBlank() ? "base" : image.strip());
        ArrayNode cmd = b.putArray("Cmd");
        for (String w : words(command)) cmd.add(w);
        if (!hostname.isBlank()) b.put("Hostname", hostname.strip());
        b.put("Tty", tty).put("OpenStdin", tty).put("AttachStdin", tty);
        if (tty) b.putArray("Env").add("TERM=xterm");
        ObjectNode hc = b.putObject("HostConfig");
        if (!memory.isBlank()) hc.put("Memory", Limits.parseMemory(memory.strip()));
        if (!cpus.isBlank()) {
            try {
                hc.put("NanoCpus", new BigDecimal(cpus.strip()).movePointRight(9).longValueExact());
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("cpus: \"" + cpus + "\" is not a number of CPUs (e.g. 0.5)");
            }
        }
        if (!pids.isBlank()) {
            try {
                hc.put("PidsLimit", Long.parseLong(pids.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("pids: \"" + pids + "\" is not a whole number (e.g. 100)");
            }
        }
        list(hc, "CapAdd", capAdd);
        list(hc, "CapDrop", capDrop);
        if (!network.isBlank()) hc.put("NetworkMode", network.strip());
        List<String> binds = new ArrayList<>();
        for (String v : volumes.split("[\\n,]")) if (!v.isBlank()) binds.add(v.strip());
        if (!binds.isEmpty()) {
            ArrayNode a = hc.putArray("Binds");
            binds.forEach(a::add);
        }
        try {
            return DockerJson.MAPPER.treeToValue(b, CreateBody.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the form does not make a valid request: " + e.getOriginalMessage());
        }
    }

    /** The same container as a command line, for the learner to copy. */
    public String commandLine() {
        StringBuilder s = new StringBuilder("sudo glassbox run --step");
        if (tty) s.append(" -it");
        if (!name.isBlank()) s.append(" --name ").append(name.strip());
        if (!hostname.isBlank()) s.append(" -h ").append(hostname.strip());
        if (!memory.isBlank()) s.append(" -m ").append(memory.strip());
        if (!cpus.isBlank()) s.append(" --cpus ").append(cpus.strip());
        if (!pids.isBlank()) s.append(" --pids-limit ").append(pids.strip());
        for (String c : split(capAdd)) s.append(" --cap-add ").append(c);
        for (String c : split(capDrop)) s.append(" --cap-drop ").append(c);
        if (!network.isBlank() && !network.equals("bridge")) s.append(" --network ").append(network.strip());
        for (String v : volumes.split("[\\n,]")) if (!v.isBlank()) s.append(" -v ").append(v.strip());
        s.append(' ').append(image.isBlank() ? "base" : image.strip());
        if (!command.isBlank()) s.append(' ').append(command.strip());
        return s.toString();
    }

    private static void list(ObjectNode hc, String field, String text) {
        List<String> l = split(text);
        if (l.isEmpty()) return;
        ArrayNode a = hc.putArray(field);
        l.forEach(a::add);
    }

    static List<String> split(String text) {
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).map(String::strip).toList();
    }

    static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
