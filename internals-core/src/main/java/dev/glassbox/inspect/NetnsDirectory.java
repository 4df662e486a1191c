package dev.glassbox.inspect;

import dev.glassbox.net.Address;
import dev.glassbox.net.Link;
import dev.glassbox.net.NetlinkSocket;
import dev.glassbox.net.Route;
import dev.glassbox.net.Rtnetlink;
import dev.glassbox.net.Rtnl;
import dev.glassbox.sys.SysException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network namespaces of the machine, for one inspection: where each one's file is (a
 * process in it, from the /proc scan, or a name under /run/netns), an rtnetlink socket opened
 * in each one asked about, its links, addresses and routes read once, and the namespace ids
 * (RTM_GETNSID) one namespace gives the others. A veth's IFLA_LINK_NETNSID is such an id: it
 * names the peer's namespace only as seen from the veth's own namespace, so to find the peer we
 * ask that namespace which id it gives each candidate, host first (the usual other end).
 * Closing it closes every socket.
 */
final class NetnsDirectory implements AutoCloseable {
    private static final Path RUN_NETNS = Path.of("/run/netns");

    private final ProcessTable table;
    private final Long ownNetns;
    private Map<Long, Path> candidates;
    private final Map<Long, Sockets> sockets = new HashMap<>();
    private final Map<Long, Dump> dumps = new HashMap<>();
    /** namespace -> (id it gives another namespace -> that namespace's inode); filled as ids are asked. */
    private final Map<Long, Map<Integer, Long>> ids = new HashMap<>();
    /** namespace -> candidates already asked about. */
    private final Map<Long, Integer> asked = new HashMap<>();

    /** What one namespace holds. */
    record Dump(List<Link> links, List<Address> addresses, List<Route> routes) {
        Optional<Link> link(int index) {
            return links.stream().filter(l -> l.index() == index).findFirst();
        }
    }

    NetnsDirectory(ProcessTable table) {
        this.table = table;
        this.ownNetns = inodeOf(Path.of("/proc/self/ns/net")).orElse(null);
    }

    ProcessTable table() { return table; }

    /** The file of namespace {@code inode}: a process's ns/net link or a /run/netns name. */
    Optional<Path> file(long inode) {
        return Optional.ofNullable(candidates().get(inode));
    }

    /** The host's network namespace (PID 1's), if known. */
    Optional<Long> host() {
        return table.hostNamespace(NsType.NET);
    }

    /** Registers a namespace file the caller knows (the process being inspected) ahead of the others. */
    void know(long inode, Path file) {
        candidates().putIfAbsent(inode, file);
    }

    private Map<Long, Path> candidates() {
        if (candidates != null) return candidates;
        Map<Long, Path> c = new LinkedHashMap<>();
        host().ifPresent(h -> table.hostReference().ifPresent(e -> c.put(h, nsFile(e.pid()))));
        List<Integer> pids = new ArrayList<>(table.entries().keySet());
        pids.sort(null);
        for (int pid : pids) {
            Long ino = table.entries().get(pid).namespaces().get(NsType.NET);
            if (ino != null) c.putIfAbsent(ino, nsFile(pid));
        }
        // namespaces kept by a bind mount (ip netns add) may have no process at all
        if (Files.isDirectory(RUN_NETNS)) {
            try (DirectoryStream<Path> names = Files.newDirectoryStream(RUN_NETNS)) {
                for (Path p : names) inodeOf(p).ifPresent(ino -> c.putIfAbsent(ino, p));
            } catch (IOException e) {
                // unreadable: processes alone then
            }
        }
        candidates = c;
        return c;
    }

    private Path nsFile(int pid) {
        return table.proc().dir(pid).resolve("ns").resolve("net");
    }

    /** The inode of a namespace file: the number in {@code net:[4026531840]}. */
    static Optional<Long> inodeOf(Path nsFile) {
        try {
            return Optional.of(((Number) Files.getAttribute(nsFile, "unix:ino")).longValue());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** An rtnetlink and a sock_diag socket, both opened inside one namespace. */
    record Sockets(Rtnl rtnl, NetlinkSocket diag) implements AutoCloseable {
        static Sockets openHere() {
            Rtnl r = Rtnl.open();
            try {
                return new Sockets(r, NetlinkSocket.open(SockDiag.NETLINK_SOCK_DIAG));
            } catch (RuntimeException e) {
                r.close();
                throw e;
            }
        }

        @Override
        public void close() {
            rtnl.close();
            diag.close();
        }
    }

    /** The sockets of namespace {@code inode}, opened on first use. */
    Sockets sockets(long inode) {
        Sockets s = sockets.get(inode);
        if (s != null) return s;
        if (ownNetns != null && ownNetns == inode) {
            s = Sockets.openHere();
        } else {
            Path f = file(inode).orElseThrow(() -> new IllegalStateException("no file found for net:[" + inode + "]"));
            s = NetnsHopper.open(f, Sockets::openHere);
        }
        sockets.put(inode, s);
        return s;
    }

    /** An rtnetlink socket in namespace {@code inode}, opened on first use. */
    Rtnl rtnl(long inode) {
        return sockets(inode).rtnl();
    }

    /** The listening sockets of namespace {@code inode}, from sock_diag (no holders resolved). */
    List<Listeners.Listener> listeners(long inode) {
        return SockDiag.listeners(sockets(inode).diag());
    }

    /** Links, addresses and routes of namespace {@code inode}, dumped once. */
    Dump dump(long inode) {
        Dump d = dumps.get(inode);
        if (d != null) return d;
        Rtnl r = rtnl(inode);
        d = new Dump(r.links(), r.addresses(), r.routes());
        dumps.put(inode, d);
        return d;
    }

    /**
     * Link {@code index} of namespace {@code inode}: from its dump when it was taken, else one
     * RTM_GETLINK (the host may hold hundreds of links; a peer's name needs one).
     */
    Optional<Link> link(long inode, int index) {
        Dump d = dumps.get(inode);
        return d != null ? d.link(index) : rtnl(inode).link(index);
    }

    /**
     * The namespace that {@code from} calls {@code nsid} (a veth's IFLA_LINK_NETNSID), asking
     * {@code from} about one candidate after the other until one has that id.
     */
    Optional<Long> namespaceWithId(long from, int nsid) {
        Map<Integer, Long> known = ids.computeIfAbsent(from, k -> new HashMap<>());
        if (known.containsKey(nsid)) return Optional.of(known.get(nsid));
        List<Map.Entry<Long, Path>> all = new ArrayList<>(candidates().entrySet());
        int start = asked.getOrDefault(from, 0);
        for (int i = start; i < all.size(); i++) {
            asked.put(from, i + 1);
            long ino = all.get(i).getKey();
            if (ino == from) continue;
            int id;
            try {
                id = rtnl(from).netnsId(all.get(i).getValue());
            } catch (SysException e) {
                continue; // its process exited meanwhile
            }
            if (id != Rtnetlink.NETNSA_NSID_NOT_ASSIGNED) known.put(id, ino);
            if (id == nsid) return Optional.of(ino);
        }
        return Optional.empty();
    }

    /** A process in namespace {@code inode} (the lowest PID), or null when only a /run/netns name holds it. */
    Integer someProcessIn(long inode) {
        List<Integer> m = table.members(new NsId(NsType.NET, inode));
        return m.isEmpty() ? null : m.getFirst();
    }

    /**
     * Closes the sockets but keeps what they answered: a reader that serves many snapshots of
     * one /proc scan keeps dumps and ids for the next PID without holding a socket per namespace.
     */
    void closeSockets() {
        for (Sockets r : sockets.values()) r.close();
        sockets.clear();
    }

    @Override
    public void close() {
        closeSockets();
    }
}
