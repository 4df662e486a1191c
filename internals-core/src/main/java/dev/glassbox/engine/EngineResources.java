package dev.glassbox.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.glassbox.engine.EngineNetworks.Network;
import dev.glassbox.image.Layer;
import dev.glassbox.image.build.ImageBuilder;
import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.runtime.ContainerConfig;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.ContainerInfo;
import dev.glassbox.runtime.ContainerService;
import dev.glassbox.runtime.PortMapping;
import dev.glassbox.storage.MountSpec;
import dev.glassbox.storage.Volumes;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Networks, volumes, sizes and pruning in the Docker Engine API's shapes, worked out from the
 * container service, the images and the networks: what a container's address is on each network
 * comes from the networks' leases, a volume's users from the containers' mounts.
 */
final class EngineResources {
    private final ContainerService containers;
    private final EngineImages images;
    private final EngineNetworks networks;
    private final EngineBuilds builds;

    /** @param builds the builder whose cache {@code system df} reports; null when the engine cannot build */
    EngineResources(ContainerService containers, EngineImages images, EngineNetworks networks, EngineBuilds builds) {
        this.containers = containers;
        this.images = images;
        this.networks = networks;
        this.builds = builds;
    }

    // ---------------------------------------------------------------- containers

    /** Every bridge network, or none when this engine has no networking (a fake backend). */
    List<Network> networkList() {
        return networks == null ? List.of() : networks.list();
    }

    private EngineNetworks requireNetworks() {
        if (networks == null) throw new ContainerException(501, "this engine has no networks: it runs without the runtime");
        return networks;
    }

    /** Ports, endpoints, mounts and (with {@code size}) sizes of a container. */
    ContainerExtras extras(ContainerInfo c, List<Network> nets, boolean size) {
        List<PortMapping> ports = c.running() ? containers.ports(c.id()) : List.of();
        Map<String, ContainerExtras.Endpoint> endpoints = new LinkedHashMap<>();
        String mode = c.config().networkMode() == null ? "bridge" : c.config().networkMode();
        for (Network n : nets) {
            String ip = n.leases().get(c.id());
            if (ip != null) {
                endpoints.put(n.name(), new ContainerExtras.Endpoint(n.id(), ip, n.prefixLength(), n.gateway(), mac(ip)));
            } else if (n.name().equals(mode)) {
                endpoints.put(n.name(), new ContainerExtras.Endpoint(n.id(), "", n.prefixLength(), "", ""));
            }
        }
        if (!endpoints.containsKey(mode) && (mode.equals("host") || mode.equals("none"))) {
            endpoints.put(mode, new ContainerExtras.Endpoint(EngineNetworks.idOf(mode), "", 0, "", ""));
        }
        List<ContainerExtras.MountView> mounts = new ArrayList<>();
        Volumes volumes = containers.volumes();
        for (MountSpec m : storage(c.config())) {
            String source = switch (m.type()) {
                case BIND -> m.source();
                case TMPFS -> "";
                case VOLUME -> volumes == null ? "" : volumes.get(m.source()).map(v -> v.mountpoint().toString()).orElse("");
            };
            mounts.add(new ContainerExtras.MountView(m.type().docker(), m.type() == MountSpec.Type.VOLUME ? m.source() : null,
                    source, m.target(), !m.readOnly()));
        }
        Long rw = null, rootFs = null;
        if (size) {
            rw = containers.size(c.id());
            rootFs = rw + imageSize(c.config().imageId());
        }
        return new ContainerExtras(ports, endpoints, mounts, rw, rootFs);
    }

    private long imageSize(String imageId) {
        for (JsonNode i : images.list()) if (i.path("Id").asText().equals(imageId)) return i.path("Size").asLong();
        return 0;
    }

    private static String mac(String ip) {
        try {
            return BridgeNetwork.macFor((Inet4Address) InetAddress.ofLiteral(ip));
        } catch (IllegalArgumentException | ClassCastException e) {
            return "";
        }
    }

    private static List<MountSpec> storage(ContainerConfig c) {
        return c.storage() == null ? List.of() : c.storage();
    }

    // ---------------------------------------------------------------- networks

    /** {@code GET /networks}: the bridge networks, then Docker's host and none. */
    ArrayNode networksJson() {
        ArrayNode a = DockerJson.MAPPER.createArrayNode();
        Map<String, ContainerInfo> byId = byId();
        for (Network n : networkList()) a.add(networkJson(n, byId));
        a.add(pseudoNetwork("host", "host"));
        a.add(pseudoNetwork("none", "null"));
        return a;
    }

    /** {@code GET /networks/{id}}: by name, full id or unique id prefix. */
    ObjectNode networkJson(String ref) {
        if (ref.equals("host") || ref.equals(EngineNetworks.idOf("host"))) return pseudoNetwork("host", "host");
        if (ref.equals("none") || ref.equals(EngineNetworks.idOf("none"))) return pseudoNetwork("none", "null");
        return networkJson(network(ref), byId());
    }

    /** The network a reference names: its name, its id or a unique prefix of its id. */
    Network network(String ref) {
        List<Network> all = networkList();
        for (Network n : all) if (n.name().equals(ref) || n.id().equals(ref)) return n;
        List<Network> prefixed = all.stream().filter(n -> n.id().startsWith(ref)).toList();
        if (prefixed.size() == 1) return prefixed.getFirst();
        if (prefixed.size() > 1) throw ContainerException.badParameter("network " + ref + " is ambiguous (" + prefixed.size() + " matches): give more of the id");
        throw new ContainerException(404, "network " + ref + " not found");
    }

    private Map<String, ContainerInfo> byId() {
        Map<String, ContainerInfo> m = new LinkedHashMap<>();
        for (ContainerInfo c : containers.list(true)) m.put(c.id(), c);
        return m;
    }

    private static ObjectNode networkJson(Network n, Map<String, ContainerInfo> byId) {
        ObjectNode o = DockerJson.MAPPER.createObjectNode();
        o.put("Name", n.name());
        o.put("Id", n.id());
        o.put("Created", DockerJson.ZERO_TIME);
        o.put("Scope", "local");
        o.put("Driver", "bridge");
        o.put("EnableIPv6", false);
        ObjectNode ipam = o.putObject("IPAM");
        ipam.put("Driver", "default");
        ipam.putNull("Options");
        ipam.putArray("Config").addObject().put("Subnet", n.subnet()).put("Gateway", n.gateway());
        o.put("Internal", false);
        o.put("Attachable", false);
        o.put("Ingress", false);
        o.putObject("ConfigFrom").put("Network", "");
        o.put("ConfigOnly", false);
        ObjectNode cs = o.putObject("Containers");
        n.leases().forEach((id, ip) -> {
            ContainerInfo c = byId.get(id);
            ObjectNode e = cs.putObject(id);
            e.put("Name", c == null ? "" : c.name());
            e.put("EndpointID", EngineNetworks.idOf(n.name() + "/" + ip));
            e.put("MacAddress", mac(ip));
            e.put("IPv4Address", ip + "/" + n.prefixLength());
            e.put("IPv6Address", "");
        });
        ObjectNode opts = o.putObject("Options");
        opts.put("com.docker.network.bridge.name", n.bridge());
        if (n.predefined()) opts.put("com.docker.network.bridge.default_bridge", "true");
        o.putObject("Labels");
        return o;
    }

    private static ObjectNode pseudoNetwork(String name, String driver) {
        ObjectNode o = DockerJson.MAPPER.createObjectNode();
        o.put("Name", name);
        o.put("Id", EngineNetworks.idOf(name));
        o.put("Created", DockerJson.ZERO_TIME);
        o.put("Scope", "local");
        o.put("Driver", driver);
        o.put("EnableIPv6", false);
        ObjectNode ipam = o.putObject("IPAM");
        ipam.put("Driver", "default");
        ipam.putNull("Options");
        ipam.putArray("Config");
        o.put("Internal", false);
        o.put("Attachable", false);
        o.put("Ingress", false);
        o.putObject("ConfigFrom").put("Network", "");
        o.put("ConfigOnly", false);
        o.putObject("Containers");
        o.putObject("Options");
        o.putObject("Labels");
        return o;
    }

    /** {@code POST /networks/create}: {@code {"Name", "Driver", "IPAM": {"Config": [{"Subnet", "Gateway"}]}}}. */
    ObjectNode createNetwork(JsonNode body) {
        if (body == null || body.path("Name").asText("").isBlank()) {
            throw ContainerException.badParameter("no network name given: glassbox network create NAME");
        }
        String name = body.path("Name").asText();
        String driver = body.path("Driver").asText("");
        if (!driver.isEmpty() && !driver.equals("bridge")) {
            throw ContainerException.badParameter("network driver \"" + driver + "\" is not supported: Glassbox makes bridge networks only");
        }
        JsonNode config = body.path("IPAM").path("Config");
        if (config.size() > 1) throw ContainerException.badParameter("network " + name + ": give one --subnet at most (IPv4 only)");
        String subnet = text(config.path(0).get("Subnet")), gateway = text(config.path(0).get("Gateway"));
        if (gateway != null && subnet == null) {
            throw ContainerException.badParameter("network " + name + ": --gateway needs --subnet too (the gateway is an address of the subnet)");
        }
        Network n = requireNetworks().create(name, subnet, gateway);
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        r.put("Id", n.id());
        r.put("Warning", "");
        return r;
    }

    void removeNetwork(String ref) {
        if (ref.equals("host") || ref.equals("none") || ref.equals("bridge")) {
            throw new ContainerException(403, ref + " is a pre-defined network and cannot be removed");
        }
        requireNetworks().remove(network(ref).name());
    }

    void connect(String ref, JsonNode body) {
        String container = text(body == null ? null : body.get("Container"));
        if (container == null) throw ContainerException.badParameter("no container given: glassbox network connect NETWORK CONTAINER");
        containers.connect(container, network(ref).name());
    }

    void disconnect(String ref, JsonNode body) {
        String container = text(body == null ? null : body.get("Container"));
        if (container == null) throw ContainerException.badParameter("no container given: glassbox network disconnect NETWORK CONTAINER");
        containers.disconnect(container, network(ref).name());
    }

    /** {@code POST /networks/prune}: user-defined networks no container uses (running or not). */
    ObjectNode pruneNetworks() {
        Set<String> used = new HashSet<>();
        for (ContainerInfo c : containers.list(true)) if (c.config().networkMode() != null) used.add(c.config().networkMode());
        ArrayNode deleted = DockerJson.MAPPER.createArrayNode();
        for (Network n : networkList()) {
            if (n.predefined() || used.contains(n.name()) || !n.leases().isEmpty()) continue;
            requireNetworks().remove(n.name());
            deleted.add(n.name());
        }
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        r.set("NetworksDeleted", deleted);
        return r;
    }

    // ---------------------------------------------------------------- volumes

    private Volumes volumes() {
        Volumes v = containers.volumes();
        if (v == null) throw new ContainerException(501, "this engine has no volumes: it runs without the runtime");
        return v;
    }

    /** Volume name to the number of containers (running or not) that mount it. */
    private Map<String, Integer> volumeRefs() {
        Map<String, Integer> refs = new LinkedHashMap<>();
        for (ContainerInfo c : containers.list(true)) {
            for (MountSpec m : storage(c.config())) {
                if (m.type() == MountSpec.Type.VOLUME && m.source() != null) refs.merge(m.source(), 1, Integer::sum);
            }
        }
        return refs;
    }

    ObjectNode volumesJson() {
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        ArrayNode a = r.putArray("Volumes");
        for (Volumes.Volume v : volumes().list()) a.add(volumeJson(v, null, 0));
        r.putNull("Warnings");
        return r;
    }

    ObjectNode volumeJson(String name) {
        return volumeJson(volume(name), null, 0);
    }

    private Volumes.Volume volume(String name) {
        return volumes().get(name).orElseThrow(() -> new ContainerException(404, "get " + name + ": no such volume"));
    }

    /** {@code UsageData} only with {@code size} given (system df). */
    static ObjectNode volumeJson(Volumes.Volume v, Long size, int refCount) {
        ObjectNode o = DockerJson.MAPPER.createObjectNode();
        o.put("CreatedAt", v.createdAt() == null ? DockerJson.ZERO_TIME : v.createdAt().truncatedTo(ChronoUnit.SECONDS).toString());
        o.put("Driver", "local");
        ObjectNode labels = o.putObject("Labels");
        if (v.labels() != null) v.labels().forEach(labels::put);
        if (v.anonymous()) labels.put("com.docker.volume.anonymous", "");
        o.put("Mountpoint", v.mountpoint().toString());
        o.put("Name", v.name());
        o.putNull("Options");
        o.put("Scope", "local");
        if (size != null) o.putObject("UsageData").put("Size", size).put("RefCount", refCount);
        return o;
    }

    /** {@code POST /volumes/create}: {@code {"Name", "Driver", "Labels"}}; an existing volume is returned as it is. */
    ObjectNode createVolume(JsonNode body) {
        String name = text(body == null ? null : body.get("Name"));
        String driver = text(body == null ? null : body.get("Driver"));
        if (driver != null && !driver.equals("local")) {
            throw ContainerException.badParameter("volume driver \"" + driver + "\" is not supported: Glassbox has the local driver only");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (body != null && body.path("Labels").isObject()) body.get("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        try {
            return volumeJson(volumes().create(name, labels), null, 0);
        } catch (IllegalArgumentException e) {
            throw ContainerException.badParameter(e.getMessage());
        }
    }

    void removeVolume(String name, boolean force) {
        volume(name);
        containers.removeVolume(name, force);
    }

    /** {@code POST /volumes/prune}: anonymous unused volumes; all unused ones with {@code all}. */
    ObjectNode pruneVolumes(boolean all) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Volumes.Volume v : volumes().list()) sizes.put(v.name(), volumes().size(v.name()));
        List<String> removed = containers.pruneVolumes(all);
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        ArrayNode a = r.putArray("VolumesDeleted");
        long reclaimed = 0;
        for (String n : removed) {
            a.add(n);
            reclaimed += sizes.getOrDefault(n, 0L);
        }
        r.put("SpaceReclaimed", reclaimed);
        return r;
    }

    // ---------------------------------------------------------------- pruning and disk usage

    /** {@code POST /containers/prune}: every container that is not running (or paused). */
    ObjectNode pruneContainers() {
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        ArrayNode a = r.putArray("ContainersDeleted");
        long reclaimed = 0;
        for (ContainerInfo c : containers.list(true)) {
            if (c.running()) continue;
            long size = containers.size(c.id());
            containers.remove(c.id(), false, false);
            a.add(c.id());
            reclaimed += size;
        }
        r.put("SpaceReclaimed", reclaimed);
        return r;
    }

    /** {@code POST /images/prune}: dangling (untagged) images no container uses; with {@code all}, every unused one. */
    ObjectNode pruneImages(boolean danglingOnly) {
        Set<String> used = new HashSet<>();
        for (ContainerInfo c : containers.list(true)) if (c.config().imageId() != null) used.add(c.config().imageId());
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        ArrayNode deleted = r.putArray("ImagesDeleted");
        long reclaimed = 0;
        for (JsonNode i : images.list()) {
            String id = i.path("Id").asText();
            boolean dangling = !i.path("RepoTags").isArray() || i.path("RepoTags").isEmpty();
            if (used.contains(id) || (danglingOnly && !dangling)) continue;
            // unused, so forcing only allows removing an image with several tags at once
            for (JsonNode line : images.remove(id, true, used::contains)) deleted.add(line);
            reclaimed += i.path("Size").asLong();
        }
        r.put("SpaceReclaimed", reclaimed);
        return r;
    }

    /** {@code GET /system/df}: images, containers (with sizes), volumes (with usage) and the build cache's entries. */
    ObjectNode systemDf() {
        List<ContainerInfo> all = containers.list(true);
        Map<String, Integer> imageUsers = new LinkedHashMap<>();
        for (ContainerInfo c : all) if (c.config().imageId() != null) imageUsers.merge(c.config().imageId(), 1, Integer::sum);
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        // a layer is stored once however many images use it: LayersSize counts it once, and each
        // image's SharedSize is what it has in common with others (Docker's reading of both)
        Map<String, List<Layer>> layersOf = images.layers();
        Map<String, Integer> layerUsers = new HashMap<>();
        Map<String, Long> layerSizes = new HashMap<>();
        for (List<Layer> ls : layersOf.values()) {
            for (String diffId : ls.stream().map(Layer::diffId).distinct().toList()) layerUsers.merge(diffId, 1, Integer::sum);
            for (Layer l : ls) layerSizes.put(l.diffId(), l.size());
        }
        long layers = 0;
        ArrayNode imgs = r.putArray("Images");
        for (JsonNode i : images.list()) {
            ObjectNode o = ((ObjectNode) i).deepCopy();
            o.put("Containers", imageUsers.getOrDefault(i.path("Id").asText(), 0));
            List<Layer> own = layersOf.get(i.path("Id").asText());
            o.put("SharedSize", own == null ? 0 : own.stream().filter(l -> layerUsers.getOrDefault(l.diffId(), 0) > 1)
                    .map(Layer::diffId).distinct().mapToLong(d -> layerSizes.get(d)).sum());
            if (own == null) layers += i.path("Size").asLong();
            imgs.add(o);
        }
        layers += layerSizes.values().stream().mapToLong(Long::longValue).sum();
        r.put("LayersSize", layers);
        ArrayNode cs = r.putArray("Containers");
        Instant now = Instant.now();
        for (ContainerInfo c : all) cs.add(DockerJson.summary(c, now, extras(c, List.of(), true)));
        ArrayNode vs = r.putArray("Volumes");
        Volumes volumes = containers.volumes();
        if (volumes != null) {
            Map<String, Integer> refs = volumeRefs();
            for (Volumes.Volume v : volumes.list()) vs.add(volumeJson(v, volumes.size(v.name()), refs.getOrDefault(v.name(), 0)));
        }
        ArrayNode bc = r.putArray("BuildCache");
        long builderSize = 0;
        for (ImageBuilder.CacheEntry e : builds == null ? List.<ImageBuilder.CacheEntry>of() : builds.buildCache()) {
            ObjectNode o = bc.addObject();
            o.put("ID", e.id().substring(0, Math.min(25, e.id().length())));
            o.put("Parent", e.parent());
            o.put("Type", "regular");
            o.put("Description", e.description());
            o.put("InUse", false);
            o.put("Shared", e.shared());
            o.put("Size", e.size());
            o.put("CreatedAt", e.created().toString());
            o.put("LastUsedAt", e.lastUsed().toString());
            o.put("UsageCount", e.usageCount());
            if (!e.shared()) builderSize += e.size();
        }
        r.put("BuilderSize", builderSize);
        return r;
    }

    /** {@code POST /build/prune}: the whole build cache (no step is ever in use between builds). */
    ObjectNode pruneBuildCache() {
        ObjectNode r = DockerJson.MAPPER.createObjectNode();
        ArrayNode deleted = r.putArray("CachesDeleted");
        long reclaimed = 0;
        if (builds != null) {
            ImageBuilder.CachePrune p = builds.pruneBuildCache();
            p.deleted().forEach(id -> deleted.add(id.substring(0, Math.min(25, id.length()))));
            reclaimed = p.reclaimed();
        }
        r.put("SpaceReclaimed", reclaimed);
        return r;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    /** Docker's {@code filters} query parameter: {@code {"dangling": ["false"]}} (or the older {@code {"dangling": {"false": true}}}). */
    static Optional<String> filter(String filtersJson, String key) {
        if (filtersJson == null || filtersJson.isBlank()) return Optional.empty();
        try {
            JsonNode f = DockerJson.MAPPER.readTree(filtersJson).path(key);
            if (f.isArray() && !f.isEmpty()) return Optional.of(f.get(0).asText());
            if (f.isObject() && f.properties().iterator().hasNext()) return Optional.of(f.properties().iterator().next().getKey());
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw ContainerException.badParameter("invalid filters \"" + filtersJson + "\": use JSON such as {\"dangling\":[\"true\"]}");
        }
    }
}
