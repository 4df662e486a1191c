package dev.glassbox.engine;

import dev.glassbox.runtime.ContainerException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Networks kept in a map, no kernel touched: the default bridge and what tests create. */
public class FakeNetworks implements EngineNetworks {
    public final Map<String, Network> networks = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    public FakeNetworks() {
        networks.put("bridge", new Network("bridge", "gbtest0", "172.17.0.0/16", "172.17.0.1", Map.of()));
    }

    /** Gives container {@code id} the address {@code ip} on {@code network} (as a start would). */
    public void lease(String network, String id, String ip) {
        Network n = networks.get(network);
        Map<String, String> l = new LinkedHashMap<>(n.leases());
        l.put(id, ip);
        networks.put(network, new Network(n.name(), n.bridge(), n.subnet(), n.gateway(), l));
    }

    @Override
    public List<Network> list() { return List.copyOf(networks.values()); }

    @Override
    public Network create(String name, String subnet, String gateway) {
        calls.add("create " + name + " " + subnet + " " + gateway);
        if (networks.containsKey(name)) throw ContainerException.conflict("network with name " + name + " already exists");
        String s = subnet == null ? "172.18.0.0/16" : subnet;
        String g = gateway == null ? s.substring(0, s.lastIndexOf('.')) + ".1" : gateway;
        Network n = new Network(name, "gbr-" + name, s, g, Map.of());
        networks.put(name, n);
        return n;
    }

    @Override
    public void remove(String name) {
        calls.add("remove " + name);
        Network n = networks.get(name);
        if (n == null) throw new ContainerException(404, "network " + name + " not found");
        if (!n.leases().isEmpty()) throw ContainerException.conflict("error while removing network: network " + name + " has active endpoints");
        networks.remove(name);
    }
}
