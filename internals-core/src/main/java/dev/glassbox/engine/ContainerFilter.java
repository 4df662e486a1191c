package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filters} of {@code GET /containers/json} ({@code docker ps -f KEY=VALUE}), Docker's way:
 * values of one key are alternatives, keys must all match. Keys: {@code id} (a prefix), {@code name}
 * (a regular expression found in the name), {@code status}, {@code label} ({@code KEY} or
 * {@code KEY=VALUE}), {@code ancestor} (the image as given, or its id) and {@code exited} (the exit
 * code of an exited container). A {@code status} filter looks at every container, as {@code -a} does.
 */
final class ContainerFilter implements Predicate<ContainerInfo> {
    static final ContainerFilter NONE = new ContainerFilter(Map.of());

    private static final Set<String> KEYS = Set.of("id", "name", "status", "label", "ancestor", "exited");
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused", "exited", "dead");

    private final Map<String, List<String>> byKey;
    private final List<Pattern> names = new ArrayList<>();

    private ContainerFilter(Map<String, List<String>> byKey) {
        this.byKey = byKey;
        for (String n : byKey.getOrDefault("name", List.of())) {
            try {
                names.add(Pattern.compile(n));
            } catch (PatternSyntaxException e) {
                throw ContainerException.badParameter("invalid filter 'name=" + n + "': " + e.getDescription());
            }
        }
        for (String s : byKey.getOrDefault("status", List.of())) {
            if (!STATUSES.contains(s)) {
                throw ContainerException.badParameter("invalid filter 'status=" + s + "': use one of created, restarting, running, "
                        + "removing, paused, exited, dead");
            }
        }
        for (String e : byKey.getOrDefault("exited", List.of())) {
            if (!e.matches("-?\\d+")) throw ContainerException.badParameter("invalid filter 'exited=" + e + "': an exit code, e.g. exited=0");
        }
    }

    /**
     * Docker's filters JSON: {@code {"status":["running"]}} or the older {@code {"status":{"running":true}}};
     * null or blank for none.
     */
    static ContainerFilter parse(String filtersJson) {
        if (filtersJson == null || filtersJson.isBlank()) return NONE;
        JsonNode root;
        try {
            root = DockerJson.MAPPER.readTree(filtersJson);
        } catch (IOException e) {
            throw ContainerException.badParameter("invalid filters \"" + filtersJson + "\": use JSON such as {\"status\":[\"running\"]}");
        }
        if (!root.isObject()) throw ContainerException.badParameter("invalid filters \"" + filtersJson + "\": a JSON object is expected");
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!KEYS.contains(e.getKey())) {
                throw ContainerException.badParameter("invalid filter '" + e.getKey() + "': use id, name, status, label, ancestor or exited");
            }
            List<String> values = new ArrayList<>();
            if (e.getValue().isArray()) e.getValue().forEach(v -> values.add(v.asText()));
            else if (e.getValue().isObject()) e.getValue().properties().forEach(v -> values.add(v.getKey()));
            if (!values.isEmpty()) byKey.put(e.getKey(), values);
        }
        return byKey.isEmpty() ? NONE : new ContainerFilter(byKey);
    }

    /** Whether stopped containers are looked at too: with a status filter, as in Docker. */
    boolean wantsAll() {
        return byKey.containsKey("status");
    }

    @Override
    public boolean test(ContainerInfo c) {
        for (Map.Entry<String, List<String>> e : byKey.entrySet()) {
            if (e.getValue().stream().noneMatch(v -> matches(e.getKey(), v, c))) return false;
        }
        return true;
    }

    private boolean matches(String key, String value, ContainerInfo c) {
        return switch (key) {
            case "id" -> c.id().startsWith(value);
            case "name" -> names.stream().anyMatch(p -> p.matcher(c.name() == null ? "" : c.name()).find()
                    || p.matcher("/" + c.name()).find());
            case "status" -> c.state().docker().equals(value);
            case "label" -> {
                Map<String, String> labels = c.config().labels() == null ? Map.of() : c.config().labels();
                int eq = value.indexOf('=');
                yield eq < 0 ? labels.containsKey(value) : value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
            }
            case "ancestor" -> {
                String image = c.config().image() == null ? "" : c.config().image();
                String id = c.config().imageId() == null ? "" : c.config().imageId();
                String hex = id.startsWith("sha256:") ? id.substring(7) : id;
                String v = value.startsWith("sha256:") ? value.substring(7) : value;
                yield image.equals(value) || image.equals(value + ":latest") || value.equals(image + ":latest")
                        || (v.length() >= 4 && hex.startsWith(v));
            }
            case "exited" -> c.state() == ContainerState.EXITED && c.exitCode() == Integer.parseInt(value);
            default -> false;
        };
    }
}
