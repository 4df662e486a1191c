package dev.glassbox.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The namespaces of one process: for each type, which one it is in, whether that is the host's
 * (PID 1's) and who else is in it; the namespaces its next children will get for pid and
 * time; and the ancestry of its PID and user namespaces.
 *
 * @param pid the process, as the host numbers it
 * @param namespaces one entry per type the kernel has, in {@link NsType} order
 * @param pidForChildren the PID namespace its children will be born in (differs after unshare(CLONE_NEWPID)), or null
 * @param timeForChildren the time namespace its children will be born in, or null
 * @param pidChain its PID namespace, then the parent, up to the top the inspector can see
 * @param userChain its user namespace, then the parent, up to the top the inspector can see
 */
public record NamespaceView(int pid, List<Entry> namespaces, Long pidForChildren, Long timeForChildren,
                            List<Long> pidChain, List<Long> userChain) {

    /**
     * One namespace of the process.
     *
     * @param type the namespace type
     * @param inode its inode, the number in {@code net:[4026531840]}
     * @param host whether it is the host's: the same as PID 1's (kthreadd's when PID 1's cannot be read)
     * @param sharedWith the other processes in it, ascending
     * @param ownerUserNs the user namespace that owns it, or null when not visible
     */
    public record Entry(NsType type, long inode, boolean host, List<Integer> sharedWith, Long ownerUserNs) {
        public Entry {
            sharedWith = List.copyOf(sharedWith);
        }

        public NsId id() { return new NsId(type, inode); }
    }

    public NamespaceView {
        namespaces = List.copyOf(namespaces);
        pidChain = List.copyOf(pidChain);
        userChain = List.copyOf(userChain);
    }

    /** Reads the namespaces of {@code pid}, with sharers taken from {@code table}. */
    public static NamespaceView read(int pid, ProcessTable table, NsRelations relations) {
        if (!table.complete()) {
            throw new IllegalArgumentException("the namespace view needs a scan of all types, not only " + table.scannedTypes());
        }
        ProcessTable.Entry self = table.require(pid);
        ProcFs proc = table.proc();
        List<Entry> entries = new ArrayList<>();
        for (NsType t : NsType.values()) {
            Long inode = self.namespaces().get(t);
            if (inode == null) continue; // an older kernel without this type, or the process exited
            NsId id = new NsId(t, inode);
            List<Integer> others = table.members(id).stream().filter(p -> p != pid).toList();
            boolean host = table.hostNamespace(t).map(h -> h == inode.longValue()).orElse(false);
            OptionalLong owner = relations.ownerUserNs(nsFile(proc, pid, t.fileName()));
            entries.add(new Entry(t, inode, host, others, owner.isPresent() ? owner.getAsLong() : null));
        }
        Long pidForChildren = proc.readLink(pid, "ns/pid_for_children").map(l -> NsId.parse(l).inode()).orElse(null);
        Long timeForChildren = proc.readLink(pid, "ns/time_for_children").map(l -> NsId.parse(l).inode()).orElse(null);
        List<Long> pidChain = relations.parentChain(nsFile(proc, pid, "pid"));
        List<Long> userChain = relations.parentChain(nsFile(proc, pid, "user"));
        // without ioctls (fixtures) the chain is at least the namespace itself
        if (pidChain.isEmpty() && self.namespaces().containsKey(NsType.PID)) pidChain = List.of(self.namespaces().get(NsType.PID));
        if (userChain.isEmpty() && self.namespaces().containsKey(NsType.USER)) userChain = List.of(self.namespaces().get(NsType.USER));
        return new NamespaceView(pid, entries, pidForChildren, timeForChildren, pidChain, userChain);
    }

    private static String nsFile(ProcFs proc, int pid, String name) {
        return proc.dir(pid).resolve("ns").resolve(name).toString();
    }

    public Optional<Entry> get(NsType type) {
        return namespaces.stream().filter(e -> e.type() == type).findFirst();
    }

    public long inode(NsType type) {
        return get(type).map(Entry::inode).orElseThrow(() -> new IllegalArgumentException("no " + type.fileName() + " namespace for PID " + pid));
    }

    /** Whether it is in the host's namespace of this type. */
    public boolean isHost(NsType type) {
        return get(type).map(Entry::host).orElse(false);
    }

    /** The types in which the process is isolated from the host. */
    public List<NsType> isolatedTypes() {
        return namespaces.stream().filter(e -> !e.host()).map(Entry::type).toList();
    }
}
