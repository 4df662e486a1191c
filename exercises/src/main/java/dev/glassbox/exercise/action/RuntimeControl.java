package dev.glassbox.exercise.action;

import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService;
import java.util.List;
import java.util.Map;

/** Setup and reset actions performed by Glassbox's runtime (or, later, through the engine client). */
public final class RuntimeControl implements ContainerControl {
    private final ContainerService service;

    public RuntimeControl(ContainerService service) {
        this.service = service;
    }

    @Override
    public void run(String name, String image, List<String> cmd, boolean start, List<String> capDrop, List<String> capAdd,
                    String user, Map<String, String> labels) {
        ContainerConfig config = ContainerConfig.builder(image).name(name).cmd(cmd).capDrop(capDrop).capAdd(capAdd)
                .user(user).labels(labels).build();
        ContainerInfo c = service.create(config);
        if (start) service.start(c.id());
    }

    @Override
    public void removeContainer(String name) {
        boolean exists = service.list(true).stream().anyMatch(c -> c.name().equals(name));
        if (exists) service.remove(name, true);
    }

    @Override
    public void removeNetwork(String name) {
        if (service.networks().exists(name)) service.networks().remove(name);
    }
}
