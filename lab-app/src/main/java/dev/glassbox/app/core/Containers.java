package dev.glassbox.app.core;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.EngineClient;
import java.util.ArrayList;
import java.util.List;

/** The engine's containers with what the app needs from inspect (PID, limits). Off the FX thread. */
public final class Containers {
    private Containers() {}

    /**
     * @param memory    bytes, 0 for none
     * @param nanoCpus  0 for none
     * @param pidsLimit 0 for none
     * @param ports     published ports as docker ps shows them ("8080->80/tcp")
     */
    public record Row(String id, String name, String image, String command, String state, String status, int pid,
                      long memory, long nanoCpus, long pidsLimit, boolean tty, List<String> ports) {
        public Row {
            ports = ports == null ? List.of() : List.copyOf(ports);
        }

        public String shortId() { return id.length() > 12 ? id.substring(0, 12) : id; }

        public boolean running() { return "running".equals(state) || "paused".equals(state); }

        public Target target() { return new Target(id, name, running() ? pid : 0); }
    }

    /**
     * Inspect answers by container id, reused while the container's state is the same: the PID
     * and limits do not change while it runs, and 20 containers polled every 2 s would
     * otherwise cost 20 requests each time.
     */
    private static final java.util.Map<String, Row> INSPECTED = new java.util.concurrent.ConcurrentHashMap<>();

    public static List<Row> list(EngineClient c, boolean all) {
        List<Row> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (ContainerSummary s : c.containers(all)) {
            seen.add(s.id());
            Row known = INSPECTED.get(s.id());
            if (known != null && known.state().equals(s.state())) {
                out.add(new Row(s.id(), s.name(), s.image(), s.command(), s.state(), s.status(), known.pid(), known.memory(),
                        known.nanoCpus(), known.pidsLimit(), known.tty(), ports(s)));
                continue;
            }
            JsonNode n;
            try {
                n = c.inspect(s.id());
            } catch (RuntimeException e) {
                continue; // removed between the list and the inspect
            }
            JsonNode hc = n.path("HostConfig");
            Row r = new Row(s.id(), s.name(), s.image(), s.command(), s.state(), s.status(), n.path("State").path("Pid").asInt(),
                    hc.path("Memory").asLong(), hc.path("NanoCpus").asLong(), hc.path("PidsLimit").asLong(),
                    n.path("Config").path("Tty").asBoolean(), ports(s));
            // a running container's PID is known only once its last step is done: ask again until it is
            if (!r.running() || r.pid() > 0) INSPECTED.put(s.id(), r);
            out.add(r);
        }
        if (all) INSPECTED.keySet().retainAll(seen);
        return out;
    }

    /** The list entry's published ports as docker ps prints them: {@code 127.0.0.1:8080->80/tcp}, {@code 8080->80/tcp}. */
    static List<String> ports(ContainerSummary s) {
        List<String> out = new ArrayList<>();
        if (s.ports() == null) return out;
        for (ContainerSummary.Port p : s.ports()) {
            String type = p.type() == null || p.type().isBlank() ? "tcp" : p.type();
            if (p.publicPort() == 0) {
                out.add(p.privatePort() + "/" + type);
                continue;
            }
            String ip = p.ip() == null || p.ip().isBlank() || p.ip().equals("0.0.0.0") || p.ip().equals("::") ? "" : p.ip() + ":";
            String line = ip + p.publicPort() + "->" + p.privatePort() + "/" + type;
            if (!out.contains(line)) out.add(line);
        }
        return out;
    }
}
