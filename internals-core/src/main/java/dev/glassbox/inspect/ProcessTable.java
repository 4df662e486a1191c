package dev.glassbox.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass over /proc: every process with its parent, name and namespaces. Snapshots of many
 * PIDs share one table, so "who else is in this namespace" costs one scan, not one per PID.
 * Processes that exit during the scan are simply left out.
 */
public final class ProcessTable {

    /** One process as the scan saw it. */
    public record Entry(int pid, int ppid, String comm, char state, Map<NsType, Long> namespaces) {}

    private final ProcFs proc;
    private final Map<Integer, Entry> entries;
    private final Map<NsId, List<Integer>> members;
    private final Map<Integer, List<Integer>> children;
    private final long takenAtMillis;

    private ProcessTable(ProcFs proc, Map<Integer, Entry> entries, long takenAtMillis) {
        this.proc = proc;
        this.entries = entries;
        this.takenAtMillis = takenAtMillis;
        Map<NsId, List<Integer>> m = new HashMap<>();
        Map<Integer, List<Integer>> c = new HashMap<>();
        for (Entry e : entries.values()) {
            e.namespaces().forEach((t, ino) -> m.computeIfAbsent(new NsId(t, ino), k -> new ArrayList<>()).add(e.pid()));
            c.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e.pid());
        }
        m.values().forEach(l -> l.sort(null));
        c.values().forEach(l -> l.sort(null));
        this.members = m;
        this.children = c;
    }

    /** Reads every process under {@code proc}. */
    public static ProcessTable scan(ProcFs proc) {
        long now = System.currentTimeMillis();
        Map<Integer, Entry> entries = new HashMap<>();
        for (int pid : proc.pids()) {
            readEntry(proc, pid).ifPresent(e -> entries.put(pid, e));
        }
        return new ProcessTable(proc, entries, now);
    }

    static Optional<Entry> readEntry(ProcFs proc, int pid) {
        Optional<ProcFs.Stat> stat = proc.stat(pid);
        if (stat.isEmpty()) return Optional.empty();
        Map<NsType, Long> ns = new EnumMap<>(NsType.class);
        for (NsType t : NsType.values()) {
            proc.readLink(pid, "ns/" + t.fileName()).ifPresent(l -> ns.put(t, NsId.parse(l).inode()));
        }
        ProcFs.Stat s = stat.get();
        return Optional.of(new Entry(pid, s.ppid(), s.comm(), s.state(), Collections.unmodifiableMap(ns)));
    }

    public ProcFs proc() { return proc; }

    public long takenAtMillis() { return takenAtMillis; }

    public Optional<Entry> get(int pid) { return Optional.ofNullable(entries.get(pid)); }

    /** The entry of {@code pid}; reads it now if it started after the scan. */
    public Entry require(int pid) {
        Entry e = entries.get(pid);
        if (e != null) return e;
        return readEntry(proc, pid).orElseThrow(() -> new NoSuchProcessException(pid));
    }

    public Map<Integer, Entry> entries() { return Collections.unmodifiableMap(entries); }

    /** The PIDs in namespace {@code id}, ascending. */
    public List<Integer> members(NsId id) {
        return members.getOrDefault(id, List.of());
    }

    /** The PIDs whose parent is {@code pid}, ascending. */
    public List<Integer> children(int pid) {
        return children.getOrDefault(pid, List.of());
    }

    /** The host's namespace of type {@code t}: that of the {@link #hostReference()} process. */
    public Optional<Long> hostNamespace(NsType t) {
        return hostReference().map(e -> e.namespaces().get(t));
    }

    /**
     * The process whose namespaces are "the host's": PID 1, the init process. When PID 1's
     * namespace links cannot be read (a sandbox may deny ptrace access to it even to root),
     * kthreadd, PID 2 with parent 0: kernel threads always live in the initial namespaces.
     */
    public Optional<Entry> hostReference() {
        Entry init = entries.get(1);
        if (init != null && !init.namespaces().isEmpty()) return Optional.of(init);
        Entry kthreadd = entries.get(2);
        if (kthreadd != null && kthreadd.ppid() == 0 && !kthreadd.namespaces().isEmpty()) return Optional.of(kthreadd);
        return Optional.empty();
    }

    public int size() { return entries.size(); }
}
