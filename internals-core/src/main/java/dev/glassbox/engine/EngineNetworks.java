package dev.glassbox.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The bridge networks, as the engine's {@code /networks} routes need them. {@link RuntimeNetworks}
 * implements it on the runtime's {@code Networks}; tests use a fake that touches no kernel.
 * Failures are {@link dev.glassbox.runtime.ContainerException}s with Docker's status.
 */
public interface EngineNetworks {

    /**
     * One bridge network.
     *
     * @param subnet  CIDR, e.g. {@code 172.18.0.0/16}
     * @param leases  container id to its IPv4 address on this network (only running containers hold one)
     */
    record Network(String name, String bridge, String subnet, String gateway, Map<String, String> leases) {
        /** Docker's 64-hex network id; Glassbox derives it from the name, so it is the same after a restart. */
        public String id() { return idOf(name); }

        public int prefixLength() {
            int slash = subnet.indexOf('/');
            return slash < 0 ? 32 : Integer.parseInt(subnet.substring(slash + 1));
        }

        /** The default {@code bridge} and the user-defined ones are both Docker's "bridge" driver. */
        public boolean predefined() { return name.equals("bridge"); }
    }

    /** Every bridge network, the default {@code bridge} first. */
    List<Network> list();

    /** docker network create [--subnet] [--gateway] NAME: the bridge device exists after it. */
    Network create(String name, String subnet, String gateway);

    /** docker network rm: refused (409) while containers are attached. */
    void remove(String name);

    /** The 64-hex id of network {@code name}: its name's SHA-256. */
    static String idOf(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(("glassbox network " + name)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
