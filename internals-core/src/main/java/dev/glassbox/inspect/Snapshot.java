package dev.glassbox.inspect;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the inspectors know about one process, taken in one pass.
 *
 * @param pid the process
 * @param comm its command name
 * @param takenAtMillis when the /proc scan began (milliseconds since the epoch)
 * @param namespaces its namespaces
 * @param capabilities its capability sets and IDs
 * @param mounts its mount table and overlays
 * @param processes the process tree of its PID namespace
 * @param extraViews views plugged in with {@link ExtraViewReader} (cgroup, network), by name;
 *                   in JSON they sit beside the others ({@code "cgroup": {...}})
 */
@JsonPropertyOrder({"pid", "comm", "takenAtMillis", "namespaces", "capabilities", "mounts", "processes"})
public record Snapshot(int pid, String comm, long takenAtMillis, NamespaceView namespaces,
                       CapabilityView capabilities, MountView mounts, ProcessView processes,
                       @JsonIgnore Map<String, Object> extraViews) {

    public Snapshot {
        extraViews = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraViews));
    }

    /** A plugged-in view by name, if present and of that type. */
    public <T> Optional<T> view(String name, Class<T> type) {
        Object v = extraViews.get(name);
        return type.isInstance(v) ? Optional.of(type.cast(v)) : Optional.empty();
    }

    /** This snapshot with one more view. */
    public Snapshot with(String name, Object view) {
        Map<String, Object> m = new LinkedHashMap<>(extraViews);
        m.put(name, view);
        return new Snapshot(pid, comm, takenAtMillis, namespaces, capabilities, mounts, processes, m);
    }

    @JsonAnyGetter
    Map<String, Object> extraViewsForJson() { return extraViews; }
}
