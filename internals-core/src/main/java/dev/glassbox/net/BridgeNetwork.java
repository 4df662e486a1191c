package dev.glassbox.net;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A bridge network as Docker makes one: a Linux bridge in the host's network namespace holding
 * the gateway address, and per container a veth pair whose host end is a port of the bridge and
 * whose other end lives in the container's namespace with an address from {@link Ipam}, {@code lo}
 * up and a default route via the gateway. All through rtnetlink; every operation also tells the
 * {@code ip} commands a student would type for the same thing ({@code ...ShellEquivalent}).
 */
public final class BridgeNetwork {
    /** The default network's name and bridge device, as Docker's {@code bridge} and {@code docker0}. */
    public static final String DEFAULT_NAME = "bridge", DEFAULT_BRIDGE = "glassbox0";

    private final String name;
    private final String bridgeName;
    private final Subnet subnet;
    private final Inet4Address gateway;
    private final Ipam ipam;
    private final Path hostNetns;

    private BridgeNetwork(String name, String bridgeName, Subnet subnet, Inet4Address gateway, Ipam ipam, Path hostNetns) {
        this.name = name;
        this.bridgeName = bridgeName;
        this.subnet = subnet;
        this.gateway = gateway;
        this.ipam = ipam;
        this.hostNetns = hostNetns;
    }

    /**
     * The network {@code name} on bridge device {@code bridgeName}; its IPAM pool is created when
     * missing ({@code subnet}/{@code gateway} null: chosen, see {@link Ipam#createPool}). Nothing
     * changes in the kernel until {@link #ensureBridge}.
     */
    public static BridgeNetwork create(Ipam ipam, String name, String bridgeName, Subnet subnet, Inet4Address gateway) {
        Ipam.Pool pool = ipam.createPool(name, subnet, gateway);
        return new BridgeNetwork(name, bridgeName, pool.subnet(), pool.gateway(), ipam, null);
    }

    /** The default network: {@code bridge} on {@code glassbox0}, on a subnet free on this host. */
    public static BridgeNetwork defaultNetwork(Ipam ipam) {
        return create(ipam, DEFAULT_NAME, DEFAULT_BRIDGE, null, null);
    }

    /**
     * The same network with its bridge in the namespace {@code hostNetns} instead of the calling
     * thread's (tests use a namespace of their own as the "host").
     */
    public BridgeNetwork inHostNetns(Path hostNetns) {
        return new BridgeNetwork(name, bridgeName, subnet, gateway, ipam, hostNetns);
    }

    public String name() { return name; }
    public String bridgeName() { return bridgeName; }
    public Subnet subnet() { return subnet; }
    public Inet4Address gateway() { return gateway; }

    // ---- the bridge ----

    /** Creates the bridge with the gateway address and brings it up; does what is missing only. */
    public void ensureBridge() {
        try (Rtnl host = openHost()) {
            var existing = host.link(bridgeName);
            if (existing.isPresent() && !"bridge".equals(existing.get().kind())) {
                throw new IllegalStateException("link " + bridgeName + " exists and is not a bridge ("
                        + existing.get().kind() + "): delete it or choose another bridge name");
            }
            Link br = existing.isPresent() ? existing.get() : host.createBridge(bridgeName);
            boolean hasGateway = host.addresses(br.index()).stream()
                    .anyMatch(a -> a.local().equals(gateway) && a.prefixLength() == subnet.prefixLength());
            if (!hasGateway) host.addAddress(bridgeName, gateway, subnet.prefixLength());
            if (!br.up()) host.setUp(bridgeName);
        }
    }

    public List<String> ensureBridgeShellEquivalent() {
        return List.of(
                "ip link add " + bridgeName + " type bridge",
                "ip addr add " + gateway.getHostAddress() + "/" + subnet.prefixLength() + " dev " + bridgeName,
                "ip link set " + bridgeName + " up");
    }

    /** Deletes the bridge device and forgets the network's IPAM pool; refused while containers are attached. */
    public void remove() {
        ipam.pool(name).ifPresent(p -> {
            if (!p.leases().isEmpty()) {
                throw new IllegalStateException("network " + name + " has containers attached ("
                        + String.join(", ", p.leases().keySet()) + "): disconnect them first");
            }
        });
        try (Rtnl host = openHost()) {
            host.deleteLinkIfExists(bridgeName);
        }
        ipam.removePool(name);
    }

    public List<String> removeShellEquivalent() {
        return List.of("ip link del " + bridgeName);
    }

    // ---- containers ----

    /** {@link #attach(String, Path, String)} for the namespace of process {@code containerPid}. */
    public Attachment attach(String containerId, int containerPid, String ifName) {
        return attach(containerId, NetNs.ofPid(containerPid), ifName);
    }

    /**
     * Connects a container: leases an address, creates veth {@link #hostVethName} on the host with
     * its peer born inside {@code containerNetns} as {@code ifName} (MAC derived from the address,
     * as Docker does), joins the host end to the bridge and brings it up; then, inside the
     * container's namespace: {@code lo} up, the address, {@code ifName} up, and a default route via
     * the gateway unless the container already has one (from its first network).
     * On failure everything done is undone (veth deleted, lease released).
     */
    public Attachment attach(String containerId, Path containerNetns, String ifName) {
        String hostVeth = hostVethName(containerId);
        Inet4Address ip = ipam.allocate(name, containerId);
        String mac = macFor(ip);
        try (Rtnl host = openHost()) {
            try {
                host.deleteLinkIfExists(hostVeth); // a leftover of a crashed engine for the same container
                // The peer is created directly inside the container's namespace under its final name:
                // no moment where a half-configured eth0 sits in the host's namespace.
                Link hostEnd = host.createVeth(hostVeth, ifName, NsRef.file(containerNetns), mac);
                host.setMaster(hostVeth, bridgeName);
                host.setUp(hostVeth);
                try (Rtnl guest = Rtnl.open(containerNetns)) {
                    guest.setUp("lo");
                    guest.addAddress(ifName, ip, subnet.prefixLength());
                    guest.setUp(ifName);
                    boolean hasDefault = guest.routes().stream().anyMatch(r -> r.family() == Rtnetlink.AF_INET && r.isDefault());
                    if (!hasDefault) guest.addDefaultRoute(gateway);
                    Link eth = guest.link(ifName).orElseThrow();
                    return new Attachment(name, containerId, hostVeth, hostEnd.index(), ifName, eth.index(), ip,
                            subnet.prefixLength(), gateway, eth.mac());
                }
            } catch (RuntimeException e) {
                try {
                    host.deleteLinkIfExists(hostVeth);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                try {
                    ipam.release(name, containerId);
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
        }
    }

    /** The {@code ip} commands for {@link #attach}; the address is the one the container has or would get. */
    public List<String> attachShellEquivalent(String containerId, int containerPid, String ifName) {
        String hostVeth = hostVethName(containerId);
        Inet4Address ip = ipam.peek(name, containerId);
        String in = "nsenter -t " + containerPid + " -n ";
        return List.of(
                "ip link add " + hostVeth + " type veth peer name " + ifName + " netns " + containerPid
                        + " address " + macFor(ip),
                "ip link set " + hostVeth + " master " + bridgeName,
                "ip link set " + hostVeth + " up",
                in + "ip link set lo up",
                in + "ip addr add " + ip.getHostAddress() + "/" + subnet.prefixLength() + " dev " + ifName,
                in + "ip link set " + ifName + " up",
                in + "ip route add default via " + gateway.getHostAddress());
    }

    /**
     * Disconnects a container: deletes the host end of its veth (the kernel deletes the peer with
     * it; it is already gone when the container's namespace died) and releases its lease.
     */
    public void detach(String containerId) {
        try (Rtnl host = openHost()) {
            host.deleteLinkIfExists(hostVethName(containerId));
        } finally {
            ipam.release(name, containerId);
        }
    }

    /**
     * After an engine crash: detaches every container holding a lease on this network for which
     * {@code isAlive} says no (veth deleted if still there, lease released). Returns their ids.
     */
    public List<String> prune(java.util.function.Predicate<String> isAlive) {
        List<String> gone = new java.util.ArrayList<>();
        for (String id : ipam.pool(name).map(p -> p.leases().keySet()).orElse(java.util.Set.of())) {
            if (isAlive.test(id)) continue;
            detach(id);
            gone.add(id);
        }
        return gone;
    }

    public List<String> detachShellEquivalent(String containerId) {
        return List.of("ip link del " + hostVethName(containerId));
    }

    /**
     * The host end's name: {@code gb} and the first 9 characters of the container id on the
     * default network; other networks add {@code -} and 3 hex digits of the network name's hash, so
     * one container gets distinct names on several networks. At most 15 bytes (IFNAMSIZ - 1).
     */
    public String hostVethName(String containerId) {
        String id = containerId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        String base = "gb" + id.substring(0, Math.min(9, id.length()));
        return name.equals(DEFAULT_NAME) ? base : base + "-" + shortHash(name);
    }

    /** The MAC Docker would give this address: {@code 02:42} then the four bytes of the IPv4 address. */
    public static String macFor(Inet4Address ip) {
        byte[] a = ip.getAddress();
        return Link.formatMac(new byte[] {0x02, 0x42, a[0], a[1], a[2], a[3]});
    }

    private Rtnl openHost() {
        return hostNetns == null ? Rtnl.open() : Rtnl.open(hostNetns);
    }

    private static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return name + " (" + bridgeName + ", " + subnet + ", gateway " + gateway.getHostAddress() + ")";
    }
}
