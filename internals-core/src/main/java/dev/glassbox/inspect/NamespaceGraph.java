package dev.glassbox.inspect;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;

/**
 * Which process is in which namespace, and which PID and user namespaces descend from which,
 * as a JGraphT graph the app lays out and the lecture figures draw.
 * Edges point from a process to its namespaces ({@link Kind#MEMBER_OF}), from a process to the
 * PID or time namespace its children will get when that differs ({@link Kind#CHILDREN_IN}), and
 * from a namespace to its parent ({@link Kind#PARENT}).
 */
public final class NamespaceGraph {

    /** A vertex: a process or a namespace. */
    public sealed interface Node permits ProcessNode, NamespaceNode {}

    public record ProcessNode(int pid, String comm) implements Node {
        @Override public String toString() { return pid + " " + comm; }
    }

    /** @param host whether it is PID 1's namespace of its type */
    public record NamespaceNode(NsType type, long inode, boolean host) implements Node {
        public NsId id() { return new NsId(type, inode); }

        @Override public String toString() { return id() + (host ? " (host)" : ""); }
    }

    public enum Kind { MEMBER_OF, CHILDREN_IN, PARENT }

    /** An edge. Identity equality: JGraphT keeps edges in a set, and two edges may carry the same kind. */
    public static final class Relation {
        private final Kind kind;

        Relation(Kind kind) { this.kind = kind; }

        public Kind kind() { return kind; }

        @Override public String toString() { return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '); }
    }

    private final Graph<Node, Relation> graph;

    private NamespaceGraph(Graph<Node, Relation> graph) {
        this.graph = graph;
    }

    /** Builds the graph of these views; {@code table} says which namespaces are the host's and names the processes. */
    public static NamespaceGraph of(Collection<NamespaceView> views, ProcessTable table) {
        Graph<Node, Relation> g = new DefaultDirectedGraph<>(Relation.class);
        for (NamespaceView v : views) {
            String comm = table.comm(v.pid());
            ProcessNode p = new ProcessNode(v.pid(), comm);
            g.addVertex(p);
            for (NamespaceView.Entry e : v.namespaces()) {
                NamespaceNode n = node(table, e.type(), e.inode());
                g.addVertex(n);
                g.addEdge(p, n, new Relation(Kind.MEMBER_OF));
            }
            forChildren(g, table, p, v, NsType.PID, v.pidForChildren());
            forChildren(g, table, p, v, NsType.TIME, v.timeForChildren());
            chain(g, table, NsType.PID, v.pidChain());
            chain(g, table, NsType.USER, v.userChain());
        }
        return new NamespaceGraph(g);
    }

    private static void forChildren(Graph<Node, Relation> g, ProcessTable t, ProcessNode p, NamespaceView v,
                                    NsType type, Long inode) {
        if (inode == null || v.get(type).map(e -> e.inode() == inode).orElse(true)) return;
        NamespaceNode n = node(t, type, inode);
        g.addVertex(n);
        g.addEdge(p, n, new Relation(Kind.CHILDREN_IN));
    }

    private static void chain(Graph<Node, Relation> g, ProcessTable t, NsType type, List<Long> inodes) {
        for (int i = 0; i + 1 < inodes.size(); i++) {
            NamespaceNode child = node(t, type, inodes.get(i)), parent = node(t, type, inodes.get(i + 1));
            g.addVertex(child);
            g.addVertex(parent);
            if (!g.containsEdge(child, parent)) g.addEdge(child, parent, new Relation(Kind.PARENT));
        }
    }

    private static NamespaceNode node(ProcessTable t, NsType type, long inode) {
        return new NamespaceNode(type, inode, t.hostNamespace(type).map(h -> h == inode).orElse(false));
    }

    /** The JGraphT graph itself (unmodifiable by convention: it is a snapshot). */
    public Graph<Node, Relation> graph() { return graph; }

    public Optional<NamespaceNode> namespace(NsType type, long inode) {
        return graph.vertexSet().stream().filter(n -> n instanceof NamespaceNode ns && ns.type() == type && ns.inode() == inode)
                .map(NamespaceNode.class::cast).findFirst();
    }

    public Optional<ProcessNode> process(int pid) {
        return graph.vertexSet().stream().filter(n -> n instanceof ProcessNode p && p.pid() == pid)
                .map(ProcessNode.class::cast).findFirst();
    }

    /** The processes in namespace {@code n} (among those the graph was built from). */
    public List<ProcessNode> members(NamespaceNode n) {
        return graph.incomingEdgesOf(n).stream().filter(r -> r.kind() == Kind.MEMBER_OF)
                .map(graph::getEdgeSource).map(ProcessNode.class::cast).sorted(java.util.Comparator.comparingInt(ProcessNode::pid)).toList();
    }

    /** The parent of a PID or user namespace, when the graph has it. */
    public Optional<NamespaceNode> parent(NamespaceNode n) {
        return graph.outgoingEdgesOf(n).stream().filter(r -> r.kind() == Kind.PARENT)
                .map(graph::getEdgeTarget).map(NamespaceNode.class::cast).findFirst();
    }
}
