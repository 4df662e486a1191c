package dev.glassbox.inspect;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * How the network namespaces of some processes are wired, as a JGraphT graph the app lays out
 * and the lecture figures draw: namespaces, the interfaces in them, which interface is in which
 * namespace ({@link Kind#IN}), which veth ends belong together ({@link Kind#VETH_PEER}) and
 * which interfaces are ports of which bridge ({@link Kind#PORT_OF}). The host's namespace is
 * always in it, so a container's eth0 leads through its veth to the host's bridge.
 */
public final class NetworkTopology {

    /** A vertex: a namespace or an interface. */
    public sealed interface Node permits NamespaceNode, InterfaceNode {}

    /**
     * A network namespace.
     *
     * @param inode its inode
     * @param host whether it is the host's
     * @param pids the processes asked about that are in it
     */
    public record NamespaceNode(long inode, boolean host, Set<Integer> pids) implements Node {
        @Override public String toString() { return "net:[" + inode + "]" + (host ? " (host)" : " " + pids); }
    }

    /**
     * An interface, named by its namespace and index (names repeat across namespaces: every one has "lo").
     *
     * @param netns the namespace it is in
     * @param index its ifindex there
     * @param name its name, null when only known as a veth's peer in a namespace that could not be read
     * @param kind "veth", "bridge"... null for loopback and physical devices
     * @param addresses its addresses in CIDR form
     */
    public record InterfaceNode(long netns, int index, String name, String kind, List<String> addresses) implements Node {
        public InterfaceNode {
            addresses = List.copyOf(addresses);
        }

        @Override public String toString() { return name == null ? "if" + index : name; }
    }

    public enum Kind { IN, VETH_PEER, PORT_OF }

    /** An edge. Identity equality, as in {@link NamespaceGraph}: two edges may carry the same kind. */
    public static final class Relation {
        private final Kind kind;

        Relation(Kind kind) { this.kind = kind; }

        public Kind kind() { return kind; }

        @Override public String toString() { return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '); }
    }

    private final Graph<Node, Relation> graph;
    private final List<NetworkView> views;

    private NetworkTopology(Graph<Node, Relation> graph, List<NetworkView> views) {
        this.graph = graph;
        this.views = List.copyOf(views);
    }

    /**
     * Reads the namespaces of {@code pids} and of the host (one rtnetlink socket per namespace,
     * shared), and builds the graph. PIDs that exited meanwhile are left out.
     */
    public static NetworkTopology read(Collection<Integer> pids, ProcessTable table) {
        List<NetworkView> views = new ArrayList<>();
        Set<Long> seen = new java.util.HashSet<>();
        Map<Long, Set<Integer>> asked = new LinkedHashMap<>();
        try (NetnsDirectory dir = new NetnsDirectory(table)) {
            List<Integer> order = new ArrayList<>();
            table.hostReference().ifPresent(e -> order.add(e.pid()));
            order.addAll(pids);
            for (int pid : order) {
                NetworkView v;
                try {
                    Long ino = table.get(pid).map(e -> e.namespaces().get(NsType.NET)).orElse(null);
                    if (ino != null && seen.contains(ino)) {
                        if (pids.contains(pid)) asked.computeIfAbsent(ino, k -> new TreeSet<>()).add(pid);
                        continue;
                    }
                    v = NetworkView.read(pid, dir, false);
                } catch (NoSuchProcessException e) {
                    continue;
                }
                seen.add(v.netns());
                if (pids.contains(pid)) asked.computeIfAbsent(v.netns(), k -> new TreeSet<>()).add(pid);
                views.add(v);
            }
        }
        return of(views, asked);
    }

    /** The graph of these views; {@code pidsByNetns} labels namespaces with the processes asked about. */
    public static NetworkTopology of(List<NetworkView> views, Map<Long, Set<Integer>> pidsByNetns) {
        Graph<Node, Relation> g = new DefaultDirectedGraph<>(Relation.class);
        Map<Long, NamespaceNode> namespaces = new LinkedHashMap<>();
        Map<String, InterfaceNode> interfaces = new LinkedHashMap<>();
        for (NetworkView v : views) {
            NamespaceNode ns = new NamespaceNode(v.netns(), v.host(), Set.copyOf(pidsByNetns.getOrDefault(v.netns(), Set.of())));
            namespaces.put(v.netns(), ns);
            g.addVertex(ns);
            for (NetworkView.Interface i : v.interfaces()) {
                InterfaceNode n = new InterfaceNode(v.netns(), i.index(), i.name(), i.kind(),
                        i.addresses().stream().map(NetworkView.Addr::cidr).toList());
                interfaces.put(key(v.netns(), i.index()), n);
                g.addVertex(n);
                g.addEdge(n, ns, new Relation(Kind.IN));
            }
        }
        for (NetworkView v : views) {
            for (NetworkView.Interface i : v.interfaces()) {
                InterfaceNode n = interfaces.get(key(v.netns(), i.index()));
                if (i.master() != null) {
                    v.interfaceNamed(i.master()).map(m -> interfaces.get(key(v.netns(), m.index())))
                            .ifPresent(bridge -> g.addEdge(n, bridge, new Relation(Kind.PORT_OF)));
                }
                NetworkView.Peer p = i.peer();
                if (p == null || p.netns() == null) continue;
                InterfaceNode other = interfaces.get(key(p.netns(), p.index()));
                if (other == null) {
                    // the other end is in a namespace not asked about: show it, and its namespace
                    NamespaceNode ns = namespaces.computeIfAbsent(p.netns(), ino -> new NamespaceNode(ino, p.host(),
                            p.pid() == null ? Set.of() : Set.of(p.pid())));
                    g.addVertex(ns);
                    other = new InterfaceNode(p.netns(), p.index(), p.name(), "veth", List.of());
                    interfaces.put(key(p.netns(), p.index()), other);
                    g.addVertex(other);
                    g.addEdge(other, ns, new Relation(Kind.IN));
                }
                if (g.getEdge(n, other) == null && g.getEdge(other, n) == null) g.addEdge(n, other, new Relation(Kind.VETH_PEER));
            }
        }
        return new NetworkTopology(g, views);
    }

    private static String key(long netns, int index) {
        return netns + "/" + index;
    }

    /** The graph; read-only by convention (the app lays it out, it does not change it). */
    public Graph<Node, Relation> graph() { return graph; }

    /** The views it was built from, the host's first. */
    public List<NetworkView> views() { return views; }

    public Set<NamespaceNode> namespaces() {
        Set<NamespaceNode> out = new LinkedHashSet<>();
        for (Node n : graph.vertexSet()) if (n instanceof NamespaceNode ns) out.add(ns);
        return out;
    }

    public Optional<NamespaceNode> namespace(long inode) {
        return namespaces().stream().filter(n -> n.inode() == inode).findFirst();
    }

    /** The interfaces in namespace {@code inode}. */
    public List<InterfaceNode> interfacesIn(long inode) {
        List<InterfaceNode> out = new ArrayList<>();
        for (Node n : graph.vertexSet()) if (n instanceof InterfaceNode i && i.netns() == inode) out.add(i);
        return out;
    }

    /** The other end of a veth, when the graph holds it. */
    public Optional<InterfaceNode> peerOf(InterfaceNode i) {
        for (Relation r : graph.edgesOf(i)) {
            if (r.kind() != Kind.VETH_PEER) continue;
            Node s = graph.getEdgeSource(r), t = graph.getEdgeTarget(r);
            return Optional.of((InterfaceNode) (s.equals(i) ? t : s));
        }
        return Optional.empty();
    }

    /** The bridge {@code i} is a port of, when it is one. */
    public Optional<InterfaceNode> bridgeOf(InterfaceNode i) {
        for (Relation r : graph.outgoingEdgesOf(i)) {
            if (r.kind() == Kind.PORT_OF) return Optional.of((InterfaceNode) graph.getEdgeTarget(r));
        }
        return Optional.empty();
    }
}
