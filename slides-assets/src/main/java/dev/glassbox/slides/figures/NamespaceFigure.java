package dev.glassbox.slides.figures;

import dev.glassbox.inspect.NamespaceGraph;
import dev.glassbox.inspect.NamespaceGraph.Kind;
import dev.glassbox.inspect.NamespaceGraph.NamespaceNode;
import dev.glassbox.inspect.NamespaceGraph.ProcessNode;
import dev.glassbox.inspect.NsType;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays out a {@link NamespaceGraph} as a grid: one column per process, one row per namespace
 * type. A process's cell holds the inode of its namespace of that type; neighbouring
 * processes in the same namespace share one wide box (shared), the host's namespaces are grey
 * and the others coloured (private). The PID and user namespaces' parent links are arrows.
 * Each namespace box is tagged with its id ({@code uts:[4026531838]}) for highlighting.
 */
public final class NamespaceFigure {
    static final double LEFT = 150, TOP = 70, COL = 172, ROW = 46, GAP = 10;

    private NamespaceFigure() {}

    /**
     * @param graph   the graph to draw
     * @param columns the processes, in column order (the host first reads best)
     * @param labels  a caption per PID ("host", "web"); PIDs without one show their command
     * @param changed namespace ids to highlight (what the last step changed), may be empty
     */
    public static Drawing draw(NamespaceGraph graph, List<Integer> columns, Map<Integer, String> labels,
                               java.util.Set<String> changed, Palette p) {
        Drawing.Builder b = Drawing.builder();
        double fs = p.size(13);
        b.bold(16, 26, "Namespaces: one column per process, one row per type", p.size(16), p.text());
        b.text(16, 48, "grey = the host's namespace, blue = private, a wide box = shared; the number is the inode",
                p.size(12), p.muted());
        List<ProcessNode> procs = new ArrayList<>();
        for (int pid : columns) graph.process(pid).ifPresent(procs::add);
        for (int c = 0; c < procs.size(); c++) {
            ProcessNode pn = procs.get(c);
            double x = LEFT + c * COL;
            String label = labels.getOrDefault(pn.pid(), pn.comm());
            b.box(x, TOP, COL - GAP, 40, p.chartFill(), p.line(), "pid:" + pn.pid());
            b.centered(x + (COL - GAP) / 2, TOP + 17, label, fs, p.text(), true);
            b.centered(x + (COL - GAP) / 2, TOP + 34, "PID " + pn.pid() + " " + pn.comm(), p.size(11), p.muted(), false);
        }
        Map<String, double[]> boxes = new LinkedHashMap<>();
        // a PID or user namespace's parent is named inside its box: a label in the gap between rows touched the box above
        Map<String, Long> parentOf = new java.util.HashMap<>();
        for (NamespaceGraph.Relation rel : graph.graph().edgeSet()) {
            if (rel.kind() == Kind.PARENT) {
                parentOf.put(((NamespaceNode) graph.graph().getEdgeSource(rel)).id().toString(),
                        ((NamespaceNode) graph.graph().getEdgeTarget(rel)).inode());
            }
        }
        NsType[] types = NsType.values();
        for (int r = 0; r < types.length; r++) {
            NsType t = types[r];
            double y = TOP + 56 + r * ROW;
            b.bold(16, y + 24, t.fileName(), fs, p.text());
            b.text(16, y + 38, shortIsolates(t), p.size(9), p.muted());
            int c = 0;
            while (c < procs.size()) {
                NamespaceNode ns = memberOf(graph, procs.get(c), t);
                int end = c + 1;
                while (end < procs.size() && ns != null && ns.equals(memberOf(graph, procs.get(end), t))) end++;
                if (ns != null) {
                    double x = LEFT + c * COL, w = (end - c) * COL - GAP;
                    String id = ns.id().toString();
                    boolean hi = changed.contains(id);
                    String fill = hi ? p.highlightFill() : ns.host() ? p.hostFill() : p.containerFill();
                    String stroke = hi ? p.highlightStroke() : ns.host() ? p.hostStroke() : p.containerStroke();
                    b.box(x, y, w, ROW - 8, fill, stroke, id);
                    String share = ns.host() ? (end - c > 1 ? "host's, shared" : "host's") : end - c > 1 ? "shared" : "private";
                    if (parentOf.containsKey(id)) share += ", parent " + parentOf.get(id);
                    b.centered(x + w / 2, y + 16, Long.toString(ns.inode()), fs, p.text(), !ns.host());
                    b.centered(x + w / 2, y + 31, share, p.size(10), p.muted(), false);
                    boxes.put(id, new double[] {x, y, w, ROW - 8});
                }
                c = end;
            }
        }
        // parent links of PID and user namespaces, drawn on the right of the boxes
        for (NamespaceGraph.Relation rel : graph.graph().edgeSet()) {
            if (rel.kind() != Kind.PARENT) continue;
            NamespaceNode child = (NamespaceNode) graph.graph().getEdgeSource(rel);
            NamespaceNode parent = (NamespaceNode) graph.graph().getEdgeTarget(rel);
            double[] cb = boxes.get(child.id().toString()), pb = boxes.get(parent.id().toString());
            if (cb == null || pb == null) continue;
            double y = cb[1] + cb[3] / 2;
            b.arrow(cb[0] + 6, y, pb[0] + pb[2] - 6, y, p.accent(), 1.5);
        }
        return b.build();
    }

    private static String shortIsolates(NsType t) {
        String s = t.isolates();
        return s.length() > 26 ? s.substring(0, 25) + "\u2026" : s;
    }

    /** The namespace of type {@code t} that {@code proc} is in, or null. */
    public static NamespaceNode memberOf(NamespaceGraph g, ProcessNode proc, NsType t) {
        for (NamespaceGraph.Relation r : g.graph().outgoingEdgesOf(proc)) {
            if (r.kind() == Kind.MEMBER_OF && g.graph().getEdgeTarget(r) instanceof NamespaceNode n && n.type() == t) return n;
        }
        return null;
    }
}
