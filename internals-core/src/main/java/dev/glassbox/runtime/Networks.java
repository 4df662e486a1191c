package dev.glassbox.runtime;

import dev.glassbox.net.BridgeNetwork;
import dev.glassbox.net.Ipam;
import dev.glassbox.net.Subnet;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bridge networks containers join: the default {@code bridge} (device {@code glassbox0})
 * and user-defined ones ({@code network create}), each an IPAM pool persisted under the data
 * root. A user-defined network's bridge device is {@code gbr-} and 8 hex digits of its name's
 * hash, as Docker names its {@code br-<id>}.
 */
public final class Networks {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private final Ipam ipam;
    private final String defaultBridge;

    public Networks(Path stateDir) {
        this(stateDir, BridgeNetwork.DEFAULT_BRIDGE);
    }

    /** @param defaultBridge the default network's device (tests use their own, never glassbox0) */
    public Networks(Path stateDir, String defaultBridge) {
        this.ipam = new Ipam(stateDir);
        this.defaultBridge = defaultBridge;
    }

    public String defaultBridge() { return defaultBridge; }

    private HostNat nat;

    /** The engine's host NAT, when it set one up (null: no NAT, as in tests). */
    synchronized void nat(HostNat nat) { this.nat = nat; }

    synchronized HostNat nat() { return nat; }

    /** The bridge exists and is up; with host NAT, its subnet is masqueraded and isolated from the other networks. */
    public synchronized BridgeNetwork up(BridgeNetwork n) {
        n.ensureBridge();
        if (nat != null) {
            List<Subnet> others = ipam.pools().stream().map(Ipam.Pool::subnet).filter(s -> !s.equals(n.subnet())).toList();
            nat.networkUp(n, others);
        }
        return n;
    }

    /** The commands a student would type for {@link #up}. */
    public synchronized List<String> upShellEquivalent(BridgeNetwork n) {
        List<String> out = new ArrayList<>(n.ensureBridgeShellEquivalent());
        if (nat != null) {
            List<Subnet> others = ipam.pools().stream().map(Ipam.Pool::subnet).filter(s -> !s.equals(n.subnet())).toList();
            out.addAll(dev.glassbox.net.Nftables.addMasqueradeShellEquivalent(n.subnet(), n.bridgeName()));
            out.addAll(dev.glassbox.net.Nftables.acceptForwardingShellEquivalent(n.bridgeName()));
            out.addAll(dev.glassbox.net.FibRules.isolateShellEquivalent(n.subnet(), others));
        }
        return out;
    }

    /** Whether the engine does kernel NAT (published ports get DNAT rules besides the proxy). */
    public synchronized boolean hostNat() { return nat != null; }

    public Ipam ipam() { return ipam; }

    /** The network a container joins for {@code --network NAME}, or empty for none/host/container:. */
    public static boolean isBridgeMode(String mode) {
        return mode != null && !mode.equals("none") && !mode.equals("host") && !mode.startsWith("container:");
    }

    /** {@code bridge} (the default) or a user-defined network that exists. */
    public BridgeNetwork get(String name) {
        if (name.equals(BridgeNetwork.DEFAULT_NAME)) return defaultNetwork();
        Ipam.Pool pool = ipam.pool(name).orElseThrow(() -> new ContainerException(404,
                "network " + name + " not found: create it with 'glassbox network create " + name + "' or use bridge, none or host"));
        return BridgeNetwork.create(ipam, name, bridgeName(name), pool.subnet(), pool.gateway());
    }

    /**
     * The default network on {@link #defaultBridge}. Its pool is made on first use: on the
     * address the bridge already has when the device exists (another engine, or an earlier state
     * directory, made it), as dockerd takes docker0's; otherwise on a free private subnet. A
     * second subnet on the same bridge would be a second gateway that nothing removes.
     */
    private BridgeNetwork defaultNetwork() {
        String name = BridgeNetwork.DEFAULT_NAME;
        if (ipam.pool(name).isEmpty()) {
            java.util.Optional<dev.glassbox.net.Address> have = bridgeAddress(defaultBridge);
            if (have.isPresent()) {
                java.net.Inet4Address gw = (java.net.Inet4Address) have.get().local();
                return BridgeNetwork.create(ipam, name, defaultBridge, dev.glassbox.net.Subnet.containing(gw, have.get().prefixLength()), gw);
            }
        }
        return BridgeNetwork.create(ipam, name, defaultBridge, null, null);
    }

    /** The first IPv4 address of the bridge device {@code device}, when it exists. */
    private static java.util.Optional<dev.glassbox.net.Address> bridgeAddress(String device) {
        try (dev.glassbox.net.Rtnl rtnl = dev.glassbox.net.Rtnl.open()) {
            var link = rtnl.link(device);
            if (link.isEmpty() || !"bridge".equals(link.get().kind())) return java.util.Optional.empty();
            return rtnl.addresses(link.get().index()).stream().filter(a -> a.local() instanceof java.net.Inet4Address).findFirst();
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // no netlink here (a fixture): choose a subnet
        }
    }

    public boolean exists(String name) {
        return name.equals(BridgeNetwork.DEFAULT_NAME) || ipam.pool(name).isPresent();
    }

    /** docker network create [--subnet] [--gateway] NAME */
    public BridgeNetwork create(String name, String subnet, String gateway) {
        if (!NAME.matcher(name).matches() || List.of("bridge", "none", "host").contains(name)) {
            throw ContainerException.badParameter("invalid network name \"" + name + "\": use letters, digits, _ . - and not bridge, none or host");
        }
        if (ipam.pool(name).isPresent()) throw ContainerException.conflict("network with name " + name + " already exists");
        try {
            Subnet s = subnet == null ? null : Subnet.parse(subnet);
            Inet4Address g = gateway == null ? null : (Inet4Address) java.net.InetAddress.ofLiteral(gateway);
            return up(BridgeNetwork.create(ipam, name, bridgeName(name), s, g));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw ContainerException.badParameter(e.getMessage());
        }
    }

    /** docker network rm: refused while containers are attached. */
    public void remove(String name) {
        if (name.equals(BridgeNetwork.DEFAULT_NAME)) throw ContainerException.badParameter("bridge is a pre-defined network and cannot be removed");
        try {
            BridgeNetwork n = get(name);
            if (ipam.pool(name).map(p -> p.leases().isEmpty()).orElse(true) && nat() != null) nat().networkDown(n);
            n.remove();
        } catch (IllegalStateException e) {
            throw ContainerException.conflict("error while removing network: " + e.getMessage());
        }
    }

    /** Every network with its pool; the default one only once it was used. */
    public List<Ipam.Pool> list() {
        List<Ipam.Pool> out = new ArrayList<>(ipam.pools());
        if (out.stream().noneMatch(p -> p.network().equals(BridgeNetwork.DEFAULT_NAME))) {
            defaultNetwork();
            out.addFirst(ipam.pool(BridgeNetwork.DEFAULT_NAME).orElseThrow());
        }
        return out;
    }

    public Optional<Ipam.Pool> pool(String name) {
        return ipam.pool(name);
    }

    /** DNAT for a published port when the engine has host NAT; null otherwise (the proxy alone serves it). */
    public synchronized dev.glassbox.net.Nftables.Dnat publish(dev.glassbox.net.PortSpec spec, int hostPort, Inet4Address containerIp) {
        return nat == null ? null : nat.publish(spec, hostPort, containerIp);
    }

    public synchronized void unpublish(dev.glassbox.net.Nftables.Dnat dnat) {
        if (nat != null) nat.unpublish(dnat);
    }

    /** The networks a container holds a lease on. */
    public List<String> networksOf(String containerId) {
        return ipam.pools().stream().filter(p -> p.leases().containsKey(containerId)).map(Ipam.Pool::network).toList();
    }

    static String bridgeName(String network) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(network.getBytes(StandardCharsets.UTF_8));
            return "gbr-" + HexFormat.of().formatHex(h).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
