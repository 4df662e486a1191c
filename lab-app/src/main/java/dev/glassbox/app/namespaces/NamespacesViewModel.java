package dev.glassbox.app.namespaces;

import dev.glassbox.app.core.Target;
import dev.glassbox.inspect.Inspector;
import dev.glassbox.inspect.NamespaceGraph;
import dev.glassbox.inspect.NamespaceView;
import dev.glassbox.inspect.NsType;
import dev.glassbox.inspect.ProcessTable;
import dev.glassbox.slides.draw.Drawing;
import dev.glassbox.slides.draw.Palette;
import dev.glassbox.slides.figures.NamespaceFigure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The namespaces of the target beside the host's (PID 1) and its parent process's: one row per
 * type with the inode, host or private, who shares it; and the PID and user namespace chains.
 * {@link #read} runs off the FX thread.
 */
public final class NamespacesViewModel {
    private final Inspector inspector;

    public NamespacesViewModel(Inspector inspector) {
        this.inspector = inspector;
    }

    /** One line of the table. */
    public record Row(NsType type, long inode, boolean host, List<Integer> sharedWith) {
        public String kind() { return host ? "host" : "private"; }
    }

    /** Everything shown; equal snapshots are not redrawn. The graph is compared by its rows and chains. */
    public record Snapshot(int pid, NamespaceGraph graph, List<Integer> columns, Map<Integer, String> labels,
                           List<Row> rows, List<Long> pidChain, List<Long> userChain) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && s.pid == pid && s.columns.equals(columns) && s.labels.equals(labels)
                    && s.rows.equals(rows) && s.pidChain.equals(pidChain) && s.userChain.equals(userChain);
        }

        @Override
        public int hashCode() {
            return Objects.hash(pid, columns, rows);
        }

        public Row row(NsType t) {
            return rows.stream().filter(r -> r.type() == t).findFirst().orElse(null);
        }

        public Drawing drawing(Set<String> changed, Palette p) {
            return NamespaceFigure.draw(graph, columns, labels, changed, p);
        }
    }

    public Snapshot read(Target target) {
        int pid = target.pid();
        if (pid <= 0) throw new IllegalStateException(target.name() + " is not running: start it, or pick a PID");
        ProcessTable table = inspector.scan();
        NamespaceView v = inspector.namespaces(pid, table);
        List<Integer> cols = new ArrayList<>();
        Map<Integer, String> labels = new LinkedHashMap<>();
        // PID 1 stands for the host; in a sandbox where its links cannot be read, this app does
        int host = table.get(1).map(e -> !e.namespaces().isEmpty()).orElse(false) ? 1 : (int) ProcessHandle.current().pid();
        cols.add(host);
        labels.put(host, host == 1 ? "host" : "host (this app)");
        int ppid = table.get(pid).isPresent() ? table.ppid(pid) : 0;
        if (ppid > 1 && pid != host && ppid != host) {
            cols.add(ppid);
            labels.put(ppid, "parent");
        }
        if (pid != host) {
            cols.add(pid);
            labels.put(pid, target.isContainer() ? target.name() : "PID " + pid);
        }
        NamespaceGraph g = inspector.namespaceGraph(cols);
        List<Row> rows = v.namespaces().stream()
                .map(e -> new Row(e.type(), e.inode(), e.host(), e.sharedWith().stream().limit(8).toList())).toList();
        return new Snapshot(pid, g, List.copyOf(cols), Map.copyOf(labels), rows, v.pidChain(), v.userChain());
    }
}
