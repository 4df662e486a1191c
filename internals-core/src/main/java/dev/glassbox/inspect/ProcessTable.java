package dev.glassbox.inspect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass over /proc: every process with its namespaces. Snapshots of many PIDs share one
 * table, so "who else is in this namespace" costs one scan, not one per PID.
 *
 * <p>The scan reads only the eight namespace links of each process: on a busy host that is
 * already most of a snapshot's time. A view that needs one type (the process tree: pid; the
 * network: net) scans only that link, an eighth of the work; such a table answers only for
 * the types it scanned ({@link #scannedTypes()}) and refuses the others. Names, parents and children are read later and only
 * for the processes a view asks about, and remembered for the table's life. Processes that
 * exit during the scan are simply left out.
 */
public final class ProcessTable {

    /** One process as the scan saw it: its PID and the inode of each namespace it is in. */
    public record Entry(int pid, Map<NsType, Long> namespaces) {}

    private static final NsType[] NS_TYPES = NsType.values();

    private final ProcFs proc;
    private final java.util.Set<NsType> scanned;
    private final Map<Integer, Entry> entries;
    private final Map<NsId, List<Integer>> members;
    private final long takenAtMillis;
    private final Map<Integer, Optional<ProcFs.Stat>> stats = new HashMap<>();
    private final Map<Integer, List<Integer>> children = new HashMap<>();
    private Map<Integer, List<Integer>> childrenByParentScan;
    private Boolean kernelListsChildren;

    private ProcessTable(ProcFs proc, java.util.Set<NsType> scanned, Map<Integer, Entry> entries, long takenAtMillis) {
        this.proc = proc;
        this.scanned = scanned;
        this.entries = entries;
        this.takenAtMillis = takenAtMillis;
        Map<NsId, List<Integer>> m = new HashMap<>();
        for (Entry e : entries.values()) {
            e.namespaces().forEach((t, ino) -> m.computeIfAbsent(new NsId(t, ino), k -> new ArrayList<>()).add(e.pid()));
        }
        m.values().forEach(l -> l.sort(null));
        this.members = m;
    }

    /**
     * Reads the namespaces of every process under {@code proc}. Kernel threads too, link by
     * link: they are not all in the initial namespaces (kdevtmpfs unshares its mount namespace).
     */
    public static ProcessTable scan(ProcFs proc) {
        return scan(proc, java.util.EnumSet.allOf(NsType.class));
    }

    /** Reads the namespaces of {@code types} only, of every process under {@code proc}. */
    public static ProcessTable scan(ProcFs proc, java.util.Set<NsType> types) {
        if (types.isEmpty()) throw new IllegalArgumentException("a scan needs at least one namespace type");
        java.util.Set<NsType> scanned = Collections.unmodifiableSet(java.util.EnumSet.copyOf(types));
        boolean[] wanted = wanted(scanned);
        long now = System.currentTimeMillis();
        Map<Integer, Entry> entries = new HashMap<>();
        try (ProcScanner scanner = new ProcScanner(proc)) {
            for (int pid : proc.pids()) {
                readEntry(scanner, wanted, pid).ifPresent(e -> entries.put(pid, e));
            }
        }
        return new ProcessTable(proc, scanned, entries, now);
    }

    /** {@code wanted[i]} for the types in {@code types}; null for all of them. */
    private static boolean[] wanted(java.util.Set<NsType> types) {
        if (types.size() == NS_TYPES.length) return null;
        boolean[] w = new boolean[NS_TYPES.length];
        for (NsType t : types) w[t.ordinal()] = true;
        return w;
    }

    private static Optional<Entry> readEntry(ProcScanner scanner, boolean[] wanted, int pid) {
        long[] inodes = new long[NS_TYPES.length];
        int read = scanner.namespaceInodes(pid, wanted, inodes);
        // no links at all: gone, or a process we may not look into (PID 1 in some sandboxes)
        if (read == 0) {
            return scanner.exists(pid) ? Optional.of(new Entry(pid, Map.of())) : Optional.empty();
        }
        Map<NsType, Long> ns = new EnumMap<>(NsType.class);
        for (int i = 0; i < inodes.length; i++) if (inodes[i] >= 0) ns.put(NS_TYPES[i], inodes[i]);
        return Optional.of(new Entry(pid, Collections.unmodifiableMap(ns)));
    }

    /** The namespace types this table read: all eight, or those a partial scan asked for. */
    public java.util.Set<NsType> scannedTypes() { return scanned; }

    /** Whether the table read all eight types (what the namespace view and graph need). */
    public boolean complete() { return scanned.size() == NS_TYPES.length; }

    private void requireScanned(NsType t) {
        if (!scanned.contains(t)) {
            throw new IllegalStateException("this process table scanned only " + scanned + ", not " + t
                    + ": scan with ProcessTable.scan(proc) for all types");
        }
    }

    public ProcFs proc() { return proc; }

    public long takenAtMillis() { return takenAtMillis; }

    public Optional<Entry> get(int pid) { return Optional.ofNullable(entries.get(pid)); }

    /** The entry of {@code pid}; reads it now if it started after the scan. */
    public Entry require(int pid) {
        Entry e = entries.get(pid);
        if (e != null) return e;
        try (ProcScanner scanner = new ProcScanner(proc)) {
            return readEntry(scanner, wanted(scanned), pid).orElseThrow(() -> new NoSuchProcessException(pid));
        }
    }

    public Map<Integer, Entry> entries() { return Collections.unmodifiableMap(entries); }

    /** The PIDs in namespace {@code id}, ascending. */
    public List<Integer> members(NsId id) {
        requireScanned(id.type());
        return members.getOrDefault(id, List.of());
    }

    /** /proc/PID/stat of {@code pid} (name, state, parent), read once; empty when it is gone. */
    public Optional<ProcFs.Stat> stat(int pid) {
        return stats.computeIfAbsent(pid, proc::stat);
    }

    /** The command name of {@code pid}, or {@code ?} when it is gone. */
    public String comm(int pid) {
        return stat(pid).map(ProcFs.Stat::comm).orElse("?");
    }

    /** The parent of {@code pid}, or 0 when it is gone or has none. */
    public int ppid(int pid) {
        return stat(pid).map(ProcFs.Stat::ppid).orElse(0);
    }

    /**
     * The PIDs whose parent is {@code pid}, ascending: from the kernel's
     * /proc/PID/task/TID/children lists when it keeps them (CONFIG_PROC_CHILDREN), else from
     * the parent of every process, read once for the table.
     */
    public List<Integer> children(int pid) {
        List<Integer> known = children.get(pid);
        if (known != null) return known;
        List<Integer> kids = kernelListsChildren(pid) ? childrenFromTasks(pid) : childrenByParentScan().getOrDefault(pid, List.of());
        children.put(pid, kids);
        return kids;
    }

    private boolean kernelListsChildren(int pid) {
        if (kernelListsChildren == null) {
            if (!Files.isDirectory(proc.dir(pid))) return false;
            kernelListsChildren = Files.exists(proc.dir(pid).resolve("task").resolve(Integer.toString(pid)).resolve("children"));
        }
        return kernelListsChildren;
    }

    private List<Integer> childrenFromTasks(int pid) {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.dir(pid).resolve("task"))) {
            for (Path task : tasks) {
                String list = proc.readPath(task.resolve("children")).orElse("").trim();
                if (list.isEmpty()) continue;
                for (String c : list.split("\\s+")) out.add(Integer.parseInt(c));
            }
        } catch (IOException e) {
            return List.of(); // exited
        }
        out.sort(null);
        return out;
    }

    private Map<Integer, List<Integer>> childrenByParentScan() {
        if (childrenByParentScan == null) {
            Map<Integer, List<Integer>> m = new HashMap<>();
            for (int pid : entries.keySet()) m.computeIfAbsent(ppid(pid), k -> new ArrayList<>()).add(pid);
            m.values().forEach(l -> l.sort(null));
            childrenByParentScan = m;
        }
        return childrenByParentScan;
    }

    /** The host's namespace of type {@code t}: that of the {@link #hostReference()} process. */
    public Optional<Long> hostNamespace(NsType t) {
        requireScanned(t);
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
        if (kthreadd != null && !kthreadd.namespaces().isEmpty() && ppid(2) == 0) return Optional.of(kthreadd);
        return Optional.empty();
    }

    public int size() { return entries.size(); }
}
