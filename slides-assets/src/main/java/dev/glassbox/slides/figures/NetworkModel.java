package dev.glassbox.slides.figures;

import dev.glassbox.net.Address;
import dev.glassbox.net.Link;
import dev.glassbox.net.NetNs;
import dev.glassbox.net.Rtnl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network of the host and some containers, read with rtnetlink dumps (one socket per
 * network namespace): interfaces, addresses, bridges and their ports, and which veth end is
 * paired with which. Immutable; {@link #read} needs root to enter the containers' namespaces.
 *
 * @param namespaces the host first, then one per container (containers sharing one appear once)
 * @param pairs      veth pairs as (namespace name, interface name) twice
 */
public record NetworkModel(List<Namespace> namespaces, List<Pair> pairs) {

    public record Namespace(String name, boolean host, long inode, List<Iface> ifaces, List<String> ports) {
        public Namespace {
            ifaces = List.copyOf(ifaces);
            ports = List.copyOf(ports);
        }
    }

    /** @param master the bridge it is a port of, or null */
    public record Iface(int index, String name, String kind, String master, List<String> addresses, boolean up) {
        public Iface {
            addresses = List.copyOf(addresses);
        }
    }

    public record End(String namespace, String iface) {}

    public record Pair(End a, End b) {}

    public NetworkModel {
        namespaces = List.copyOf(namespaces);
        pairs = List.copyOf(pairs);
    }

    /** One container to read: its name, its init's PID, its published ports ("8080->80/tcp"). */
    public record Target(String name, int pid, List<String> ports) {}

    /** Reads the host's network namespace and each target's. Targets that exited are left out. */
    public static NetworkModel read(List<Target> targets) {
        List<Namespace> spaces = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        // our own namespace stands for the host's: the app and the engine run there (and PID 1's
        // links may not be readable in a sandbox)
        long hostInode = inode(Path.of("/proc/self/ns/net"));
        Map<Integer, Iface> hostByIndex = new LinkedHashMap<>();
        List<Iface> hostIfaces;
        try (Rtnl r = Rtnl.open()) {
            hostIfaces = ifaces(r);
        }
        hostIfaces.forEach(i -> hostByIndex.put(i.index(), i));
        spaces.add(new Namespace("host", true, hostInode, hostIfaces, List.of()));
        Map<Long, String> seen = new LinkedHashMap<>();
        seen.put(hostInode, "host");
        for (Target t : targets) {
            Path ns = NetNs.ofPid(t.pid());
            long inode = inode(ns);
            if (inode == 0 || seen.containsKey(inode)) continue;
            seen.put(inode, t.name());
            try (Rtnl r = Rtnl.open(ns)) {
                List<Link> links = r.links();
                List<Iface> mine = ifaces(r, links);
                spaces.add(new Namespace(t.name(), false, inode, mine, t.ports()));
                for (Link l : links) {
                    // a veth whose peer lives in another namespace: IFLA_LINK is the peer's index there
                    if ("veth".equals(l.kind()) && l.linkNetnsId() >= 0 && hostByIndex.containsKey(l.linkIndex())) {
                        pairs.add(new Pair(new End(t.name(), l.name()), new End("host", hostByIndex.get(l.linkIndex()).name())));
                    }
                }
            } catch (RuntimeException e) {
                // the container exited while we looked: leave it out of this snapshot
            }
        }
        return new NetworkModel(spaces, pairs);
    }

    private static List<Iface> ifaces(Rtnl r) {
        return ifaces(r, r.links());
    }

    private static List<Iface> ifaces(Rtnl r, List<Link> links) {
        Map<Integer, String> names = new LinkedHashMap<>();
        links.forEach(l -> names.put(l.index(), l.name()));
        List<Address> addrs = r.addresses();
        List<Iface> out = new ArrayList<>();
        for (Link l : links) {
            List<String> a = addrs.stream().filter(x -> x.index() == l.index()).map(Address::cidr).toList();
            String kind = l.kind() != null ? l.kind() : l.name().equals("lo") ? "loopback" : "device";
            out.add(new Iface(l.index(), l.name(), kind, l.masterIndex() == 0 ? null : names.get(l.masterIndex()), a, l.up()));
        }
        return out;
    }

    private static long inode(Path nsLink) {
        try {
            String target = Files.readSymbolicLink(nsLink).toString();
            return Long.parseLong(target.substring(target.indexOf('[') + 1, target.length() - 1));
        } catch (Exception e) {
            return 0;
        }
    }
}
