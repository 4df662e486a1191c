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
     */
    public record Row(String id, String name, String image, String command, String state, String status, int pid,
                      long memory, long nanoCpus, long pidsLimit, boolean tty) {
        public String shortId() { return id.length() > 12 ? id.substring(0, 12) : id; }

        public boolean running() { return "running".equals(state) || "paused".equals(state); }

        public Target target() { return new Target(id, name, running() ? pid : 0); }
    }

    public static List<Row> list(EngineClient c, boolean all) {
        List<Row> out = new ArrayList<>();
        for (ContainerSummary s : c.containers(all)) {
            JsonNode n;
            try {
                n = c.inspect(s.id());
            } catch (RuntimeException e) {
                continue; // removed between the list and the inspect
            }
            JsonNode hc = n.path("HostConfig");
            out.add(new Row(s.id(), s.name(), s.image(), s.command(), s.state(), s.status(), n.path("State").path("Pid").asInt(),
                    hc.path("Memory").asLong(), hc.path("NanoCpus").asLong(), hc.path("PidsLimit").asLong(),
                    n.path("Config").path("Tty").asBoolean()));
        }
        return out;
    }
}
