package dev.glassbox.inspect.render;

import dev.glassbox.caps.CapSet;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.cgroup.Usage;
import dev.glassbox.inspect.CapabilityView;
import dev.glassbox.inspect.CgroupView;
import dev.glassbox.inspect.Listeners;
import dev.glassbox.inspect.NetworkView;
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

    /** Every view of a snapshot, one after the other, the plugged-in cgroup and network views included. */
    public static String snapshot(Snapshot s) {
        String text = "PID " + s.pid() + " (" + s.comm() + ")\n\n" + namespaces(s.namespaces()) + "\n" + caps(s.capabilities())
                + "\n" + mounts(s.mounts()) + "\n" + procs(s.processes());
        text += s.view("cgroup", CgroupView.class).map(v -> "\n" + cgroup(v)).orElse("");
        text += s.view("net", NetworkView.class).map(v -> "\n" + net(v)).orElse("");
        return text;
    }

    /** Where the process sits in each hierarchy, its limits and usage, and the tree around its cgroup. */
    public static String cgroup(CgroupView v) {
        StringBuilder b = new StringBuilder("cgroups of PID " + v.pid() + " (" + switch (v.version()) {
            case "hybrid" -> "hybrid: v1 controllers and the v2 tree";
            case "v1" -> "cgroup v1";
            default -> "cgroup v2";
        } + ")\n");
        Table h = new Table("ID", "CONTROLLERS", "PATH", "DIRECTORY");
        for (CgroupView.Hierarchy l : v.hierarchies()) {
            h.row(l.id(), l.unified() ? "(v2)" : String.join(",", l.controllers()), l.path(), l.dir());
        }
        b.append(h);
        CgroupView.Node n = v.cgroup();
        if (n == null) return b.append("no hierarchy of this process is mounted here: no limits or usage to show\n").toString();
        Limits l = n.limits();
        Usage u = n.usage();
        b.append("\ncgroup ").append(n.path()).append(" (limits from the ").append(n.version()).append(" files)\n");
        Table t = new Table("RESOURCE", "LIMIT", "USAGE");
        t.row("memory", l.memoryBytes() == null ? "max" : bytes(l.memoryBytes()),
                u.memoryBytes() == null ? "-" : bytes(u.memoryBytes()) + peak(u.memoryPeakBytes()) + times(u.memoryLimitHits(), "at the limit"));
        if (l.memorySwapBytes() != null) t.row("memory+swap", l.memorySwapBytes() < 0 ? "max" : bytes(l.memorySwapBytes()), "");
        t.row("cpu", l.cpuQuotaMicros() == null ? "max" : l.cpuQuotaMicros() + "/" + l.cpuPeriodMicros() + " us ("
                        + String.format(java.util.Locale.ROOT, "%.2f", l.cpus()) + " CPUs)",
                u.cpuUsageNanos() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f s used", u.cpuUsageNanos() / 1e9));
        if (u.cpuPeriods() != null) {
            t.row("throttling", "", u.cpuThrottledPeriods() + " of " + u.cpuPeriods() + " periods"
                    + (u.cpuThrottledNanos() == null ? "" : String.format(java.util.Locale.ROOT, ", %.3f s", u.cpuThrottledNanos() / 1e9)));
        }
        t.row("pids", l.pidsMax() == null ? "max" : l.pidsMax(), u.pids() == null ? "-" : u.pids() + times(u.pidsLimitHits(), "refused"));
        t.row("oom", "", "events " + dash(u.oomEvents()) + ", kills " + dash(u.oomKillEvents()));
        t.row("frozen", "", n.frozen() ? "yes" : "no");
        b.append(t);
        b.append("processes: ").append(sharers(n.pids())).append('\n');
        b.append("\ntree around it:\n");
        Table tree = new Table("CGROUP", "MEMORY", "MEM MAX", "CPU USED", "CPU MAX", "PIDS", "PIDS MAX");
        int depth = 0;
        for (String a : v.ancestors()) {
            boolean parent = v.parent() != null && a.equals(v.parent().path());
            if (parent) treeRow(tree, depth, v.parent(), "");
            else tree.row("  ".repeat(depth) + a);
            depth++;
        }
        treeRow(tree, depth, n, "  <- this process");
        for (CgroupView.Node c : v.children()) treeRow(tree, depth + 1, c, "");
        b.append(tree);
        if (v.childCount() > v.children().size()) b.append("... and ").append(v.childCount() - v.children().size()).append(" more children\n");
        return b.toString();
    }

    private static void treeRow(Table t, int depth, CgroupView.Node n, String note) {
        Limits l = n.limits();
        Usage u = n.usage();
        t.row("  ".repeat(depth) + n.path() + note, u.memoryBytes() == null ? "-" : bytes(u.memoryBytes()),
                l.memoryBytes() == null ? "max" : bytes(l.memoryBytes()),
                u.cpuUsageNanos() == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f s", u.cpuUsageNanos() / 1e9),
                l.cpuQuotaMicros() == null ? "max" : String.format(java.util.Locale.ROOT, "%.2f", l.cpus()),
                dash(u.pids()), l.pidsMax() == null ? "max" : l.pidsMax());
    }

    private static String peak(Long peak) {
        return peak == null ? "" : " (peak " + bytes(peak) + ")";
    }

    private static String times(Long n, String what) {
        return n == null || n == 0 ? "" : ", " + what + " " + n + " time" + (n == 1 ? "" : "s");
    }

    private static String dash(Long n) {
        return n == null ? "-" : n.toString();
    }

    /** {@code 64.0 MiB}: binary units, as Docker's --memory takes them. */
    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** The interfaces with addresses and veth peers, the bridges, the routes and the listening sockets. */
    public static String net(NetworkView v) {
        StringBuilder b = new StringBuilder("network of PID " + v.pid() + " in net:[" + v.netns() + "]"
                + (v.host() ? " (the host's)" : "") + "\n");
        Table t = new Table("IDX", "NAME", "KIND", "STATE", "MAC", "MTU", "ADDRESSES", "MASTER", "PEER");
        for (NetworkView.Interface i : v.interfaces()) {
            List<String> addrs = i.addresses().stream().map(NetworkView.Addr::cidr).toList();
            t.row(i.index(), i.name(), i.kind() == null ? (i.flags().contains("LOOPBACK") ? "loopback" : "device") : i.kind(),
                    i.state(), i.mac(), i.mtu(), addrs.isEmpty() ? "-" : addrs.getFirst(), i.master(), i.peer());
            for (String more : addrs.subList(Math.min(1, addrs.size()), addrs.size())) t.row("", "", "", "", "", "", more, "", "");
        }
        b.append(t);
        if (!v.bridges().isEmpty()) {
            b.append("\nbridges:\n");
            for (NetworkView.Bridge br : v.bridges()) {
                b.append("  ").append(br.name()).append(": ").append(br.ports().isEmpty() ? "no ports" : String.join(" ", br.ports())).append('\n');
            }
        }
        b.append("\nroutes:\n");
        Table r = new Table("DESTINATION", "GATEWAY", "DEV", "PROTO", "SCOPE", "SRC", "METRIC");
        for (NetworkView.RouteEntry e : v.routes()) {
            r.row(e.destination(), e.gateway(), e.dev(), e.protocol(), e.scope(), e.source(), e.metric() == 0 ? "" : e.metric());
        }
        b.append(v.routes().isEmpty() ? "  none\n" : r.toString());
        b.append("\nlistening sockets:\n");
        Table l = new Table("PROTO", "LOCAL", "UID", "INODE", "PROCESSES");
        for (Listeners.Listener s : v.listeners()) {
            l.row(s.protocol(), s.endpoint(), s.uid(), s.inode(), s.pids().isEmpty() ? "-" : sharers(s.pids()));
        }
        b.append(v.listeners().isEmpty() ? "  none\n" : l.toString());
        return b.toString();
    }
}
