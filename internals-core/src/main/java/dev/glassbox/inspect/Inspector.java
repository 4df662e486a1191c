package dev.glassbox.inspect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front door of the inspectors: read-only views of any process, whoever started it
 * (Glassbox, runc, crun, Docker, Podman, a shell with unshare) or the host itself. Everything
 * comes from /proc and the nsfs ioctls; nothing from any runtime's state.
 *
 * <pre>{@code
 * Inspector inspector = new Inspector();
 * Snapshot s = inspector.snapshot(pid);
 * s.namespaces().isolatedTypes();   // [IPC, MNT, NET, PID, UTS]
 * }</pre>
 */
public final class Inspector {
    private final ProcFs proc;
    private final NsRelations relations;
    private final List<ExtraViewReader> extras;

    /** The live system: /proc and the kernel's nsfs ioctls. */
    public Inspector() {
        this(ProcFs.live(), NsfsCalls.INSTANCE, List.of());
    }

    public Inspector(ProcFs proc, NsRelations relations, List<ExtraViewReader> extras) {
        this.proc = proc;
        this.relations = relations;
        this.extras = List.copyOf(extras);
    }

    /** An inspector of a /proc copy (a fixture): no ioctls, so namespace chains hold only the namespace itself. */
    public static Inspector ofProcRoot(Path procRoot) {
        return new Inspector(new ProcFs(procRoot), NsRelations.NONE, List.of());
    }

    /** The same inspector with one more view in each snapshot (the cgroup or network view). */
    public Inspector withExtraView(ExtraViewReader reader) {
        List<ExtraViewReader> l = new ArrayList<>(extras);
        l.add(reader);
        return new Inspector(proc, relations, l);
    }

    public ProcFs proc() { return proc; }

    /** One pass over /proc; pass it to the per-view methods to share it. */
    public ProcessTable scan() {
        return ProcessTable.scan(proc);
    }

    /** A pass over /proc that reads only the namespace links of {@code types}: for a view that needs no more. */
    public ProcessTable scan(java.util.Set<NsType> types) {
        return ProcessTable.scan(proc, types);
    }

    /** All views of {@code pid}. */
    public Snapshot snapshot(int pid) {
        return snapshot(pid, scan());
    }

    /** All views of each PID, sharing one /proc scan; PIDs that exited meanwhile are left out. */
    public List<Snapshot> snapshots(Collection<Integer> pids) {
        ProcessTable table = scan();
        Map<String, String> hostStatus = proc.status(1);
        List<Snapshot> out = new ArrayList<>(pids.size());
        for (int pid : pids) {
            try {
                out.add(snapshot(pid, table, hostStatus));
            } catch (NoSuchProcessException e) {
                // it exited between the scan and its turn: a snapshot of the living only
            }
        }
        return out;
    }

    public Snapshot snapshot(int pid, ProcessTable table) {
        return snapshot(pid, table, proc.status(1));
    }

    private Snapshot snapshot(int pid, ProcessTable table, Map<String, String> hostStatus) {
        ProcessTable.Entry self = table.require(pid);
        NamespaceView ns = NamespaceView.read(pid, table, relations);
        CapabilityView caps = CapabilityView.read(pid, proc, hostStatus);
        MountView mounts = MountView.read(pid, proc, self.namespaces().get(NsType.MNT));
        ProcessView procs = ProcessView.read(pid, table);
        Map<String, Object> extra = new LinkedHashMap<>();
        for (ExtraViewReader r : extras) extra.put(r.name(), r.read(pid, table));
        return new Snapshot(pid, table.comm(pid), table.takenAtMillis(), ns, caps, mounts, procs, extra);
    }

    public NamespaceView namespaces(int pid) { return NamespaceView.read(pid, scan(), relations); }

    public NamespaceView namespaces(int pid, ProcessTable table) { return NamespaceView.read(pid, table, relations); }

    public CapabilityView capabilities(int pid) { return CapabilityView.read(pid, proc); }

    public MountView mounts(int pid) {
        Long mnt = proc.readLink(pid, "ns/mnt").map(l -> NsId.parse(l).inode()).orElse(null);
        return MountView.read(pid, proc, mnt);
    }

    /** The process tree of {@code pid}'s PID namespace, from a scan of the pid links alone. */
    public ProcessView processes(int pid) { return ProcessView.read(pid, scan(java.util.EnumSet.of(NsType.PID))); }

    public ProcessView processes(int pid, ProcessTable table) { return ProcessView.read(pid, table); }

    /** The graph of these processes and their namespaces, sharing one scan. */
    public NamespaceGraph namespaceGraph(Collection<Integer> pids) {
        ProcessTable table = scan();
        List<NamespaceView> views = new ArrayList<>();
        for (int pid : pids) {
            try {
                views.add(NamespaceView.read(pid, table, relations));
            } catch (NoSuchProcessException e) {
                // exited: not in the graph
            }
        }
        return NamespaceGraph.of(views, table);
    }
}
