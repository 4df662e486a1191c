package dev.glassbox.inspect.render;

import dev.glassbox.caps.CapSet;
import dev.glassbox.inspect.CapabilityView;
import dev.glassbox.inspect.MountView;
import dev.glassbox.inspect.NamespaceView;
import dev.glassbox.inspect.NsType;
import dev.glassbox.inspect.ProcessView;
import dev.glassbox.inspect.Snapshot;
import dev.glassbox.mount.Change;
import dev.glassbox.mount.Layer;
import dev.glassbox.mount.MountInfo;
import dev.glassbox.mount.OverlayStack;
import dev.glassbox.mount.UpperDirReport;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The views as readable plain-text tables, for {@code glassbox show}. Pure functions of the
 * views, except {@link #layers}, which reads the upper directory to list its changes.
 */
public final class TableRenderer {
    private static final int SHOWN_SHARERS = 8, NAMES_WIDTH = 88;

    private TableRenderer() {}

    /** One row per namespace type: inode, host or not, who shares it; then the chains. */
    public static String namespaces(NamespaceView v) {
        Table t = new Table("TYPE", "NAMESPACE", "HOST", "OWNER USERNS", "SHARED WITH");
        for (NamespaceView.Entry e : v.namespaces()) {
            t.row(e.type().fileName(), e.inode(), e.host() ? "host" : "own", e.ownerUserNs(), sharers(e.sharedWith()));
        }
        StringBuilder b = new StringBuilder("namespaces of PID " + v.pid() + "\n").append(t);
        forChildren(b, v, NsType.PID, "pid_for_children", v.pidForChildren());
        forChildren(b, v, NsType.TIME, "time_for_children", v.timeForChildren());
        b.append("pid namespace chain:  ").append(chain(v.pidChain(), "pid")).append('\n');
        b.append("user namespace chain: ").append(chain(v.userChain(), "user")).append('\n');
        return b.toString();
    }

    private static void forChildren(StringBuilder b, NamespaceView v, NsType type, String label, Long inode) {
        if (inode == null) return;
        boolean same = v.get(type).map(e -> e.inode() == inode).orElse(false);
        b.append(label).append(": ").append(type.fileName()).append(":[").append(inode).append("]")
                .append(same ? " (same as its own)" : " (differs: its next children get a new one)").append('\n');
    }

    private static String sharers(List<Integer> pids) {
        if (pids.isEmpty()) return "nobody";
        String shown = pids.stream().limit(SHOWN_SHARERS).map(String::valueOf).collect(Collectors.joining(" "));
        return pids.size() > SHOWN_SHARERS ? shown + " ... (" + pids.size() + " processes)" : shown;
    }

    private static String chain(List<Long> inodes, String type) {
        if (inodes.isEmpty()) return "-";
        return inodes.stream().map(i -> type + ":[" + i + "]").collect(Collectors.joining(" -> "));
    }

    /** The five sets with their names, the comparisons with the host and with Docker, then seccomp and IDs. */
    public static String caps(CapabilityView v) {
        StringBuilder b = new StringBuilder("capabilities of PID " + v.pid() + "\n");
        Table t = new Table("SET", "MASK", "COUNT", "CAPABILITIES");
        set(t, "CapInh (inheritable)", v.inheritable());
        set(t, "CapPrm (permitted)", v.permitted());
        set(t, "CapEff (effective)", v.effective());
        set(t, "CapBnd (bounding)", v.bounding());
        set(t, "CapAmb (ambient)", v.ambient());
        b.append(t);
        b.append("effective vs host (PID 1):    ").append(diff(v.vsHost().effective())).append('\n');
        b.append("bounding  vs host (PID 1):    ").append(diff(v.vsHost().bounding())).append('\n');
        b.append("effective vs Docker default:  ").append(diff(v.vsDocker().effective())).append('\n');
        b.append("bounding  vs Docker default:  ").append(diff(v.vsDocker().bounding())).append('\n');
        b.append("no_new_privs: ").append(v.noNewPrivs() ? "1 (execve cannot raise privileges)" : "0").append('\n');
        b.append("seccomp:      ").append(v.seccomp().name().toLowerCase(java.util.Locale.ROOT));
        if (v.seccompFilters() != null) b.append(", ").append(v.seccompFilters()).append(" filter(s)");
        b.append('\n');
        b.append("uid (real effective saved fs): ").append(ids(v.uid())).append('\n');
        b.append("gid (real effective saved fs): ").append(ids(v.gid())).append('\n');
        b.append("uid_map: ").append(maps(v.uidMap())).append('\n');
        b.append("gid_map: ").append(maps(v.gidMap())).append('\n');
        return b.toString();
    }

    private static void set(Table t, String name, CapSet s) {
        List<String> names = s.capabilities().size() == s.size() && s.size() > 0
                ? s.names().stream().map(n -> n.substring(4)).toList() : s.names();
        List<String> lines = Table.wrap(names, NAMES_WIDTH);
        t.row(name, s.hex(), s.size(), lines.getFirst().isEmpty() ? "(none)" : lines.getFirst());
        for (String more : lines.subList(1, lines.size())) t.row("", "", "", more);
    }

    /** {@code +NET_ADMIN -CHOWN}, wrapped under the label's column when long. */
    private static String diff(CapabilityView.CapDiff d) {
        if (d.same()) return "same";
        List<String> items = new java.util.ArrayList<>();
        shortNames(d.extra()).forEach(n -> items.add("+" + n));
        shortNames(d.missing()).forEach(n -> items.add("-" + n));
        return String.join("\n" + " ".repeat(30), Table.wrap(items, NAMES_WIDTH));
    }

    private static List<String> shortNames(CapSet s) {
        return s.names().stream().map(n -> n.startsWith("CAP_") ? n.substring(4) : n).toList();
    }

    private static String ids(CapabilityView.Ids i) {
        return i.real() + " " + i.effective() + " " + i.saved() + " " + i.filesystem();
    }

    private static String maps(List<CapabilityView.IdMapping> m) {
        if (m.isEmpty()) return "(none: no IDs are mapped)";
        return m.stream().map(x -> x.inside() + " " + x.outside() + " " + x.count() + (x.isIdentity() ? " (identity)" : ""))
                .collect(Collectors.joining("; "));
    }

    /** The mount table, one row per mount, like {@code findmnt --list} with propagation and mountinfo ids. */
    public static String mounts(MountView v) {
        Table t = new Table("ID", "PARENT", "MAJ:MIN", "MOUNTPOINT", "FSTYPE", "SOURCE", "ROOT", "PROPAGATION", "OPTIONS");
        for (MountInfo m : v.mounts()) {
            t.row(m.mountId(), m.parentId(), m.device(), m.mountPoint(), m.fsType(), m.source(), m.root(),
                    m.propagation(), String.join(",", m.mountOptions()));
        }
        return "mounts of PID " + v.pid() + (v.mntNamespace() == null ? "" : " (mnt:[" + v.mntNamespace() + "])") + "\n" + t;
    }

    /** The overlay stack of the process's root (or each overlay when the root is none), with the upper directory's changes. */
    public static String layers(MountView v) {
        StringBuilder b = new StringBuilder();
        if (v.overlays().isEmpty()) {
            return "PID " + v.pid() + " has no overlay mount: its root is "
                    + v.table().root().map(m -> m.fsType() + " " + m.source()).orElse("unknown") + "\n";
        }
        for (OverlayStack o : v.overlays()) {
            b.append(o == v.rootOverlay() ? "overlay at / of PID " + v.pid() : "overlay at " + o.mountPoint()).append('\n');
            b.append(layers(o, o.scanUpper()));
        }
        return b.toString();
    }

    /** One overlay stack and a report of its upper directory. */
    public static String layers(OverlayStack o, UpperDirReport r) {
        StringBuilder b = new StringBuilder();
        Table t = new Table("LAYER", "DIRECTORY");
        t.row("merged", o.merged());
        for (Layer l : o.layers()) t.row(l.name(), l.dir());
        if (o.workDir() != null) t.row("work", o.workDir());
        for (String d : o.dataDirs()) t.row("data", d);
        b.append(t);
        b.append("whiteouts (deleted): ").append(r.whiteouts().isEmpty() ? "none" : String.join(" ", r.whiteouts())).append('\n');
        b.append("opaque directories:  ").append(r.opaqueDirs().isEmpty() ? "none" : String.join(" ", r.opaqueDirs())).append('\n');
        b.append("changes (like docker diff):").append(r.changes().isEmpty() ? " none" : "").append('\n');
        for (Change c : r.changes()) b.append("  ").append(c).append('\n');
        return b.toString();
    }

    /** The process tree, with PIDs as the host and as the container see them. */
    public static String procs(ProcessView v) {
        Table t = new Table("HOST PID", "PID INSIDE", "PPID", "UID", "STATE", "COMMAND");
        for (ProcessView.Proc p : v.processes()) {
            String cmd = p.cmdline().isEmpty() ? "[" + p.comm() + "]" : String.join(" ", p.cmdline());
            if (cmd.length() > 100) cmd = cmd.substring(0, 97) + "...";
            String tree = p.depth() == 0 ? "" : "  ".repeat(p.depth() - 1) + "\\_ ";
            t.row(p.hostPid(), p.innerPid() + (p.sameNamespace() ? "" : "*"), p.ppid(), p.uid(), p.state(), tree + cmd);
        }
        String note = v.processes().stream().anyMatch(p -> !p.sameNamespace()) ? "* in a nested PID namespace\n" : "";
        return "processes in pid:[" + v.pidNamespace() + "] of PID " + v.pid() + "\n" + t + note;
    }

    /** Every view of a snapshot, one after the other. */
    public static String snapshot(Snapshot s) {
        return "PID " + s.pid() + " (" + s.comm() + ")\n\n" + namespaces(s.namespaces()) + "\n" + caps(s.capabilities())
                + "\n" + mounts(s.mounts()) + "\n" + procs(s.processes());
    }
}
