package dev.glassbox.app.exercises;

import com.fasterxml.jackson.databind.JsonNode;
import dev.glassbox.engine.ContainerSummary;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.exercise.directory.ContainerDirectory;
import dev.glassbox.exercise.directory.ContainerFacts;
import dev.glassbox.exercise.directory.DockerApiDirectory;
import dev.glassbox.exercise.directory.ImageFacts;
import dev.glassbox.exercise.directory.NetworkFacts;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The grader's view of the app's engine: the same engine the CLI and the app use, asked with
 * read-only calls. The engine answers in Docker's shapes, so its JSON goes through the same
 * mapping as Docker's ({@link DockerApiDirectory#facts}).
 */
public final class EngineDirectory implements ContainerDirectory {
    private final Supplier<EngineClient> engine;

    public EngineDirectory(Supplier<EngineClient> engine) {
        this.engine = engine;
    }

    @Override
    public String source() { return "glassbox engine"; }

    @Override
    public List<ContainerFacts> list() {
        List<ContainerFacts> out = new ArrayList<>();
        for (ContainerSummary s : engine.get().containers(true)) inspect(s.id()).ifPresent(out::add);
        return out;
    }

    @Override
    public Optional<ContainerFacts> find(String nameOrId) {
        return inspect(nameOrId.startsWith("/") ? nameOrId.substring(1) : nameOrId);
    }

    private Optional<ContainerFacts> inspect(String ref) {
        try {
            return Optional.of(DockerApiDirectory.facts(engine.get().inspect(ref)));
        } catch (EngineException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
    }

    @Override
    public String logs(String nameOrId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            engine.get().logs(nameOrId, false, "all", out);
        } catch (EngineException e) {
            return "";
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<ImageFacts> image(String ref) {
        JsonNode j;
        try {
            j = engine.get().imageInspect(ref);
        } catch (EngineException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
        List<ImageFacts.History> history = new ArrayList<>();
        try {
            for (JsonNode h : engine.get().imageHistory(ref)) {
                // newest first on the wire, oldest first in the facts, as Docker's directory reads it
                history.addFirst(new ImageFacts.History(h.path("CreatedBy").asText(""), h.path("Size").asLong() == 0));
            }
        } catch (EngineException e) {
            // no history: the image checks that need it say so
        }
        return Optional.of(DockerApiDirectory.imageFacts(j, history));
    }

    @Override
    public Optional<NetworkFacts> network(String name) {
        JsonNode j;
        try {
            j = engine.get().network(name);
        } catch (EngineException e) {
            if (e.status() == 404) return Optional.empty();
            throw e;
        }
        Map<String, String> members = new LinkedHashMap<>();
        j.path("Containers").properties().forEach(e -> {
            String ip = e.getValue().path("IPv4Address").asText("");
            members.put(e.getValue().path("Name").asText(e.getKey()), ip.contains("/") ? ip.substring(0, ip.indexOf('/')) : ip);
        });
        return Optional.of(new NetworkFacts(j.path("Id").asText(), j.path("Name").asText(name), j.path("Driver").asText(), members));
    }
}
