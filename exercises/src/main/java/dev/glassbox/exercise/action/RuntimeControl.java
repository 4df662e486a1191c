package dev.glassbox.exercise.action;

import dev.glassbox.image.ImageStore;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerRuntime;
import dev.glassbox.runtime.ContainerService;
import java.util.List;
import java.util.Map;

/** Setup and reset actions performed by Glassbox's runtime (or, later, through the engine client). */
public final class RuntimeControl implements ContainerControl {
    private final ContainerService service;
    private final ImageStore images;

    /** Images are removed from the runtime's own store when {@code service} is a {@link ContainerRuntime}. */
    public RuntimeControl(ContainerService service) {
        this(service, service instanceof ContainerRuntime r ? r.images() : null);
    }

    public RuntimeControl(ContainerService service, ImageStore images) {
        this.service = service;
        this.images = images;
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

    /** docker rmi: the tag goes; an image a container still uses is kept untagged, as Docker's --force does. */
    @Override
    public void removeImage(String name) {
        if (images == null || images.lookup(name).isEmpty()) return;
        images.remove(name, true, id -> service.list(true).stream().anyMatch(c -> id.equals(c.config().imageId())));
    }

    @Override
    public void removeVolume(String name) {
        if (service.volumes().get(name).isPresent()) service.removeVolume(name, true);
    }

    @Override
    public void removeNetwork(String name) {
        if (service.networks().exists(name)) service.networks().remove(name);
    }
}
