package dev.glassbox.inspect;

import static dev.glassbox.net.Rtnetlink.*;

import dev.glassbox.net.Address;
import dev.glassbox.net.IpText;
import dev.glassbox.net.Link;
import dev.glassbox.net.Route;
import dev.glassbox.sys.SysException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network namespace of one process as the kernel holds it: its interfaces with their
 * addresses and state, the other end of each veth (found in whichever namespace holds it),
 * its bridges and their ports, its routes and its listening sockets. Read with rtnetlink and sock_diag dumps
 * through FFM inside that namespace; no {@code ip}, no {@code ss}.
 *
 * @param pid the process
 * @param netns the inode of its network namespace, the number in {@code net:[4026531840]}
 * @param host whether that is the host's (PID 1's) network namespace
 * @param interfaces its interfaces, by index
 * @param bridges the bridges among them, with their ports
 * @param routes the main routing table, IPv4 then IPv6 as the kernel dumps them
 * @param listeners TCP sockets in LISTEN and bound, unconnected UDP sockets
 */
public record NetworkView(int pid, long netns, boolean host, List<Interface> interfaces, List<Bridge> bridges,
                          List<RouteEntry> routes, List<Listeners.Listener> listeners) {

    public NetworkView {
        interfaces = List.copyOf(interfaces);
        bridges = List.copyOf(bridges);
        routes = List.copyOf(routes);
        listeners = List.copyOf(listeners);
    }

    /**
     * One interface (what {@code ip addr} prints for it).
     *
     * @param index ifindex
     * @param name its name
     * @param kind "veth", "bridge", ... ; null for loopback and physical devices
     * @param mac its MAC address, null when it has none
     * @param mtu its MTU
     * @param state operational state as {@code ip} names it: UP, DOWN, UNKNOWN, LOWERLAYERDOWN...
     * @param flags IFF_ flag names as {@code ip} lists them between angle brackets
     * @param addresses its IPv4 and IPv6 addresses
     * @param master the bridge it is a port of, null when none
     * @param peer for a veth, its other end; null otherwise
     */
    public record Interface(int index, String name, String kind, String mac, int mtu, String state, List<String> flags,
                            List<Addr> addresses, String master, Peer peer) {
        public Interface {
            flags = List.copyOf(flags);
            addresses = List.copyOf(addresses);
        }

        public boolean up() { return flags.contains("UP"); }
    }

    /**
     * An interface address.
     *
     * @param family "inet" or "inet6", as {@code ip -j} writes it
     * @param local the address
     * @param prefixLength the prefix length
     * @param scope "global", "link", "host", "site"
     */
    public record Addr(String family, String local, int prefixLength, String scope) {
        /** {@code 172.17.0.2/16}. */
        public String cidr() { return local + "/" + prefixLength; }
    }

    /**
     * The other end of a veth.
     *
     * @param index its ifindex in its own namespace (IFLA_LINK)
     * @param name its name, null when its namespace was not found
     * @param netns the inode of its namespace, null when not found
     * @param nsid the id this namespace gives the peer's (IFLA_LINK_NETNSID), -1 when both ends are here
     * @param pid a process in the peer's namespace (the lowest PID), null when none holds it
     * @param host whether the peer is in the host's namespace
     */
    public record Peer(int index, String name, Long netns, int nsid, Integer pid, boolean host) {
        /** {@code veth1a2b@if7 in net:[4026531840]}. */
        @Override
        public String toString() {
            return (name == null ? "if" + index : name) + (netns == null ? " in netnsid " + nsid
                    : " in net:[" + netns + "]" + (host ? " (host)" : pid == null ? "" : " (PID " + pid + ")"));
        }
    }

    /** A bridge and the names of its ports (IFLA_MASTER pointing at it). */
    public record Bridge(int index, String name, List<String> ports) {
        public Bridge {
            ports = List.copyOf(ports);
        }
    }

    /**
     * A route of the main table (what {@code ip route} prints).
     *
     * @param family "inet" or "inet6"
     * @param destination "default" or a prefix
     * @param gateway the next hop, null for a route on the link
     * @param dev the output interface's name, null when none
     * @param protocol "kernel", "boot", "static", "dhcp", "ra" or a number
     * @param scope "global", "link", "host"...
     * @param source the preferred source address, null when none
     * @param metric the priority, 0 when none
     */
    public record RouteEntry(String family, String destination, String gateway, String dev, String protocol,
                             String scope, String source, int metric) {}

    /** The interface called {@code name}. */
    public Optional<Interface> interfaceNamed(String name) {
        return interfaces.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** Reads the network namespace of {@code pid}, with its listening sockets. */
    public static NetworkView read(int pid, ProcessTable table) {
        try (NetnsDirectory dir = new NetnsDirectory(table)) {
            return read(pid, dir, true);
        }
    }

    static NetworkView read(int pid, NetnsDirectory dir, boolean withListeners) {
        ProcessTable table = dir.table();
        Long ino = table.require(pid).namespaces().get(NsType.NET);
        Path nsFile = table.proc().dir(pid).resolve("ns").resolve("net");
        if (ino == null) {
            ino = NetnsDirectory.inodeOf(nsFile).orElseThrow(() -> table.proc().exists(pid)
                    ? new IllegalStateException("cannot read " + nsFile + ": access denied (run as root; a sandbox may hide a process's namespaces even from root)")
                    : new NoSuchProcessException(pid));
        }
        dir.know(ino, nsFile);
        NetnsDirectory.Dump d;
        try {
            d = dir.dump(ino);
        } catch (SysException e) {
            if (!table.proc().exists(pid)) throw new NoSuchProcessException(pid);
            throw e;
        }
        long netns = ino;
        boolean host = dir.host().map(h -> h == netns).orElse(false);
        Map<Integer, Link> byIndex = new HashMap<>();
        for (Link l : d.links()) byIndex.put(l.index(), l);

        List<Interface> interfaces = new ArrayList<>();
        List<Bridge> bridges = new ArrayList<>();
        for (Link l : d.links()) {
            List<Addr> addrs = d.addresses().stream().filter(a -> a.index() == l.index()).map(NetworkView::addr).toList();
            Link master = l.masterIndex() == 0 ? null : byIndex.get(l.masterIndex());
            Peer peer = "veth".equals(l.kind()) && l.linkIndex() > 0 ? peer(dir, netns, l, byIndex) : null;
            interfaces.add(new Interface(l.index(), l.name(), l.kind(), l.mac(), l.mtu(), l.operState(), l.flagNames(),
                    addrs, master == null ? null : master.name(), peer));
            if ("bridge".equals(l.kind())) {
                List<String> ports = d.links().stream().filter(p -> p.masterIndex() == l.index()).map(Link::name).toList();
                bridges.add(new Bridge(l.index(), l.name(), ports));
            }
        }
        List<RouteEntry> routes = new ArrayList<>();
        for (Route r : d.routes()) {
            Link dev = byIndex.get(r.oif());
            routes.add(new RouteEntry(family(r.family()), r.destination(), r.gateway() == null ? null : IpText.format(r.gateway()),
                    dev == null ? null : dev.name(), protocol(r.protocol()), scope(r.scope()),
                    r.prefsrc() == null ? null : IpText.format(r.prefsrc()), r.priority()));
        }
        List<Listeners.Listener> listeners = withListeners
                ? Listeners.withOwners(table.proc(), dir.listeners(netns), table.members(new NsId(NsType.NET, netns))) : List.of();
        return new NetworkView(pid, netns, host, interfaces, bridges, routes, listeners);
    }

    private static Peer peer(NetnsDirectory dir, long netns, Link l, Map<Integer, Link> here) {
        boolean hostNs;
        if (l.linkNetnsId() < 0) { // both ends in this namespace
            Link p = here.get(l.linkIndex());
            hostNs = dir.host().map(h -> h == netns).orElse(false);
            return new Peer(l.linkIndex(), p == null ? null : p.name(), netns, -1, dir.someProcessIn(netns), hostNs);
        }
        Optional<Long> other = dir.namespaceWithId(netns, l.linkNetnsId());
        if (other.isEmpty()) return new Peer(l.linkIndex(), null, null, l.linkNetnsId(), null, false);
        long peerNs = other.get();
        String name = null;
        try {
            name = dir.link(peerNs, l.linkIndex()).map(Link::name).orElse(null);
        } catch (SysException e) {
            // the peer's namespace went away meanwhile: its name stays unknown
        }
        hostNs = dir.host().map(h -> h == peerNs).orElse(false);
        return new Peer(l.linkIndex(), name, peerNs, l.linkNetnsId(), dir.someProcessIn(peerNs), hostNs);
    }

    private static Addr addr(Address a) {
        return new Addr(family(a.family()), IpText.format(a.local()), a.prefixLength(), scope(a.scope()));
    }

    static String family(int f) {
        return f == AF_INET ? "inet" : f == AF_INET6 ? "inet6" : Integer.toString(f);
    }

    /** rtm_scope / ifa_scope as {@code ip} names it. */
    static String scope(int s) {
        return switch (s) {
            case RT_SCOPE_UNIVERSE -> "global";
            case RT_SCOPE_SITE -> "site";
            case RT_SCOPE_LINK -> "link";
            case RT_SCOPE_HOST -> "host";
            case RT_SCOPE_NOWHERE -> "nowhere";
            default -> Integer.toString(s);
        };
    }

    /** rtm_protocol as {@code ip route} names it. */
    static String protocol(int p) {
        return switch (p) {
            case RTPROT_UNSPEC -> "unspec";
            case RTPROT_REDIRECT -> "redirect";
            case RTPROT_KERNEL -> "kernel";
            case RTPROT_BOOT -> "boot";
            case RTPROT_STATIC -> "static";
            case RTPROT_RA -> "ra";
            case RTPROT_DHCP -> "dhcp";
            default -> Integer.toString(p);
        };
    }

    /** Plugs the network view into every {@link Snapshot} under {@code "net"}. */
    public static ExtraViewReader reader() {
        return new Reader();
    }

    /**
     * The reader behind {@link #reader()}. Snapshots of many PIDs share one /proc scan; the
     * reader shares what rtnetlink answered among them too (the host's links, namespace ids),
     * so a hundred containers cost one look at the host, not a hundred. A new scan starts afresh.
     */
    private static final class Reader implements ExtraViewReader {
        private ProcessTable table;
        private NetnsDirectory dir;

        @Override
        public String name() { return "net"; }

        @Override
        public synchronized NetworkView read(int pid, ProcessTable t) {
            if (t != table) {
                if (dir != null) dir.close();
                table = t;
                dir = new NetnsDirectory(t);
            }
            try {
                return NetworkView.read(pid, dir, true);
            } finally {
                dir.closeSockets();
            }
        }
    }
}
