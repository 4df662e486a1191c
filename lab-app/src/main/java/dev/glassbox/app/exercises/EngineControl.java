package dev.glassbox.app.exercises;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.engine.CreateBody;
import dev.glassbox.engine.DockerJson;
import dev.glassbox.engine.EngineClient;
import dev.glassbox.engine.EngineException;
import dev.glassbox.exercise.action.ContainerControl;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** An exercise's setup and reset actions, done by the app's engine (so they show in {@code glassbox ps}). */
public final class EngineControl implements ContainerControl {
    private final Supplier<EngineClient> engine;

    public EngineControl(Supplier<EngineClient> engine) {
        this.engine = engine;
    }

    @Override
    public void run(String name, String image, List<String> cmd, boolean start, List<String> capDrop, List<String> capAdd,
                    String user, Map<String, String> labels) {
        ObjectNode b = DockerJson.MAPPER.createObjectNode();
        b.put("Image", image);
        if (cmd != null && !cmd.isEmpty()) b.set("Cmd", DockerJson.MAPPER.valueToTree(cmd));
        if (user != null && !user.isBlank()) b.put("User", user);
        if (labels != null && !labels.isEmpty()) b.set("Labels", DockerJson.MAPPER.valueToTree(labels));
        ObjectNode hc = b.putObject("HostConfig");
        if (capDrop != null && !capDrop.isEmpty()) hc.set("CapDrop", DockerJson.MAPPER.valueToTree(capDrop));
        if (capAdd != null && !capAdd.isEmpty()) hc.set("CapAdd", DockerJson.MAPPER.valueToTree(capAdd));
        CreateBody body;
        try {
            body = DockerJson.MAPPER.treeToValue(b, CreateBody.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot make a create request for " + name + ": " + e.getOriginalMessage(), e);
        }
        String id = engine.get().create(body, name);
        if (start) engine.get().start(id);
    }

    @Override
    public void removeContainer(String name) {
        boolean exists = engine.get().containers(true).stream().anyMatch(c -> c.name().equals(name));
        if (exists) engine.get().remove(name, true);
    }

    @Override
    public void removeImage(String name) {
        ignoreMissing(() -> engine.get().removeImage(name, true));
    }

    @Override
    public void removeVolume(String name) {
        ignoreMissing(() -> engine.get().removeVolume(name, true));
    }

    @Override
    public void removeNetwork(String name) {
        ignoreMissing(() -> engine.get().removeNetwork(name));
    }

    private static void ignoreMissing(Runnable r) {
        try {
            r.run();
        } catch (EngineException e) {
            if (e.status() != 404) throw e;
        }
    }
}
