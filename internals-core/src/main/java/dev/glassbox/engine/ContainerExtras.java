package dev.glassbox.engine;

import dev.glassbox.runtime.PortMapping;
import java.util.List;
import java.util.Map;

/**
 * What Docker shows of a container beyond its configuration and state, worked out by the engine
 * from the networks, the volumes and the runtime: published ports, an endpoint per network,
 * mounts with their host sources, and (for {@code ps -s}) sizes.
 *
 * @param networks network name to the container's endpoint on it (empty address when not running)
 * @param sizeRw   bytes in the container layer, null when not asked
 * @param sizeRootFs the image's size plus sizeRw, null when not asked
 */
public record ContainerExtras(List<PortMapping> ports, Map<String, Endpoint> networks, List<MountView> mounts,
                              Long sizeRw, Long sizeRootFs) {

    public static final ContainerExtras NONE = new ContainerExtras(List.of(), Map.of(), List.of(), null, null);

    /** A container's place on one network: Docker's {@code NetworkSettings.Networks.NAME}. */
    public record Endpoint(String networkId, String ipAddress, int prefixLength, String gateway, String macAddress) {}

    /** One entry of Docker's {@code Mounts}: {@code type} bind, volume or tmpfs; {@code name} the volume's. */
    public record MountView(String type, String name, String source, String destination, boolean rw) {}
}
