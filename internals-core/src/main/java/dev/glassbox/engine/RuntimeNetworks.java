package dev.glassbox.engine;

import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.Ipam;
import dev.glassbox.runtime.ContainerException;
import dev.glassbox.runtime.Networks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link EngineNetworks} on the runtime's {@link Networks}: pools from IPAM, bridges by rtnetlink. */
public final class RuntimeNetworks implements EngineNetworks {
    private final Networks networks;

    public RuntimeNetworks(Networks networks) {
        this.networks = networks;
    }

    @Override
    public List<Network> list() {
        List<Network> out = new ArrayList<>();
        for (Ipam.Pool p : networks.list()) out.add(view(p));
        return out;
    }

    @Override
    public Network create(String name, String subnet, String gateway) {
        networks.create(name, subnet, gateway);
        return view(networks.pool(name).orElseThrow(() -> new ContainerException(500, "network " + name + " vanished as it was made")));
    }

    @Override
    public void remove(String name) {
        if (!networks.exists(name)) throw new ContainerException(404, "network " + name + " not found");
        networks.remove(name);
    }

    private Network view(Ipam.Pool p) {
        String bridge = p.network().equals(BridgeNetwork.DEFAULT_NAME) ? networks.defaultBridge() : networks.get(p.network()).bridgeName();
        Map<String, String> leases = new LinkedHashMap<>();
        p.leases().forEach((id, ip) -> leases.put(id, ip.getHostAddress()));
        return new Network(p.network(), bridge, p.subnet().toString(), p.gateway().getHostAddress(), leases);
    }
}
