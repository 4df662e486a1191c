package dev.glassbox.inspect;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes of a container: every process in the PID namespace of the given one, and their
 * descendants (which may sit in nested PID namespaces), as a tree in depth-first order.
 * PIDs are given as the host numbers them and as the innermost namespace numbers them.
 *
 * @param pid the process asked about
 * @param pidNamespace inode of its PID namespace
 * @param processes the tree, depth-first, children by ascending PID
 */
public record ProcessView(int pid, long pidNamespace, List<Proc> processes) {

    /**
     * One process.
     *
     * @param hostPid its PID in the inspector's (host's) PID namespace
     * @param nsPids its PID in each PID namespace it is in, outermost first (the NSpid line)
     * @param ppid its parent's host PID
     * @param depth 0 for a root of the tree (its parent is outside the set)
     * @param comm the command name (15 characters at most)
     * @param cmdline the arguments, empty for kernel threads and zombies
     * @param state the state letter of ps: R running, S sleeping, D disk wait, Z zombie, T stopped, I idle
     * @param uid the real user ID, as the host sees it
     * @param sameNamespace whether it is in the same PID namespace as {@code pid} (else a descendant in a nested one)
     */
    public record Proc(int hostPid, List<Integer> nsPids, int ppid, int depth, String comm, List<String> cmdline,
                       char state, int uid, boolean sameNamespace) {
        public Proc {
            nsPids = List.copyOf(nsPids);
            cmdline = List.copyOf(cmdline);
        }

        /** Its PID as the processes inside its innermost PID namespace see it. */
        public int innerPid() { return nsPids.isEmpty() ? hostPid : nsPids.getLast(); }
    }

    public ProcessView {
        processes = List.copyOf(processes);
    }

    public static ProcessView read(int pid, ProcessTable table) {
        ProcessTable.Entry self = table.require(pid);
        Long ns = self.namespaces().get(NsType.PID);
        List<Integer> members = ns == null ? List.of(pid) : table.members(new NsId(NsType.PID, ns));
        if (members.isEmpty()) members = List.of(pid); // started after the scan
        Set<Integer> same = new HashSet<>(members);
        // roots: members whose parent is not a member (the container's init, processes joined by exec)
        List<Integer> roots = members.stream().filter(p -> !same.contains(parentOf(table, p))).sorted().toList();
        List<Proc> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Deque<int[]> stack = new ArrayDeque<>();
        for (int i = roots.size() - 1; i >= 0; i--) stack.push(new int[] {roots.get(i), 0});
        while (!stack.isEmpty()) {
            int[] top = stack.pop();
            int p = top[0];
            if (!seen.add(p)) continue;
            Proc proc = describe(table, p, top[1], same.contains(p));
            if (proc == null) continue;
            out.add(proc);
            List<Integer> kids = table.children(p);
            for (int i = kids.size() - 1; i >= 0; i--) stack.push(new int[] {kids.get(i), top[1] + 1});
        }
        return new ProcessView(pid, ns == null ? 0 : ns, out);
    }

    private static int parentOf(ProcessTable table, int pid) {
        return table.ppid(pid);
    }

    private static Proc describe(ProcessTable table, int pid, int depth, boolean sameNs) {
        ProcFs proc = table.proc();
        Map<String, String> status = proc.status(pid);
        if (status.isEmpty()) return null; // exited since the scan
        List<Integer> nsPids = new ArrayList<>();
        String line = status.get("NSpid");
        if (line != null) for (String f : line.trim().split("\\s+")) nsPids.add(Integer.parseInt(f));
        String uid = status.getOrDefault("Uid", "-1").trim().split("\\s+")[0];
        String state = status.getOrDefault("State", "?");
        return new Proc(pid, nsPids, table.ppid(pid), depth, table.comm(pid), proc.cmdline(pid), state.charAt(0),
                Integer.parseInt(uid), sameNs);
    }

    public List<Integer> hostPids() {
        return processes.stream().map(Proc::hostPid).toList();
    }
}
