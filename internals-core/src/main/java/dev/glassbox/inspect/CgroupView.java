package dev.glassbox.inspect;

import dev.glassbox.cgroup.CgroupException;
import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.CgroupReader;
import dev.glassbox.cgroup.Limits;
import dev.glassbox.cgroup.ProcessCgroups;
import dev.glassbox.cgroup.Usage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cgroup of one process: where it sits in each hierarchy, the limits in force, the live
 * usage, and the tree around it (its ancestors, its parent and its children). Read from
 * /proc/PID/cgroup and the cgroup files through {@link CgroupReader}, the same way for a
 * Glassbox, Docker, runc, crun or Podman container or a host process.
 *
 * @param pid the process
 * @param version which kinds of line /proc/PID/cgroup holds: "v1", "v2" or "hybrid" (both)
 * @param hierarchies the lines of /proc/PID/cgroup, each with the directory it maps to here
 * @param cgroup the cgroup whose files hold the limits (v1: the memory hierarchy's), or null when
 *               no line maps to a mounted hierarchy (the process sits outside what we can see)
 * @param ancestors the paths from the root down to the cgroup's parent, root first
 * @param parent the cgroup one level up, or null at the root
 * @param children the child cgroups, by name, at most {@link #MAX_CHILDREN}
 * @param childCount how many children there are (more than listed when over {@link #MAX_CHILDREN})
 */
public record CgroupView(int pid, String version, List<Hierarchy> hierarchies, Node cgroup, List<String> ancestors,
                         Node parent, List<Node> children, int childCount) {

    /** Children listed, each with its limits and usage; a host's root can have hundreds. */
    public static final int MAX_CHILDREN = 64;

    /**
     * One line of /proc/PID/cgroup.
     *
     * @param id the hierarchy id (0 for the v2 tree)
     * @param controllers the controllers of that hierarchy (empty for v2; {@code name=systemd} for a named one)
     * @param path the cgroup path the kernel shows, e.g. {@code /docker/abc}
     * @param dir the directory it is here, or null when that hierarchy is not mounted where we look
     */
    public record Hierarchy(int id, List<String> controllers, String path, String dir) {
        public Hierarchy {
            controllers = List.copyOf(controllers);
        }

        /** True for the v2 line {@code 0::/path}. */
        public boolean unified() { return id == 0 && controllers.isEmpty(); }
    }

    /**
     * One cgroup with what its files say.
     *
     * @param path its path, e.g. {@code /system.slice/docker-abc.scope}
     * @param version "v1" or "v2": which files hold its limits
     * @param dirs its directory per controller (v1) or {@code "unified"} (v2)
     * @param limits the limits in force (null fields: no limit)
     * @param usage live usage (null fields: not exposed there)
     * @param frozen whether it is frozen (docker pause)
     * @param pids the processes in it (thread-group leaders)
     */
    public record Node(String path, String version, Map<String, String> dirs, Limits limits, Usage usage,
                       boolean frozen, List<Integer> pids) {
        public Node {
            dirs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dirs));
            pids = List.copyOf(pids);
        }

        static Node of(CgroupNode n) {
            Map<String, String> dirs = new java.util.LinkedHashMap<>();
            n.dirs().forEach((k, v) -> dirs.put(k, v.toString()));
            return new Node(n.path(), n.version(), dirs, n.limits(), n.usage(),
                    n.frozen(), n.pids());
        }

        /** CPUs the quota allows ({@code --cpus}), null when unlimited. */
        public Double cpus() { return limits.cpus(); }
    }

    public CgroupView {
        hierarchies = List.copyOf(hierarchies);
        ancestors = List.copyOf(ancestors);
        children = List.copyOf(children);
    }

    /** The cgroup path in hierarchy {@code controller} ("memory", "cpu"...; "unified" for the v2 line). */
    public Optional<String> pathOf(String controller) {
        return hierarchies.stream()
                .filter(h -> controller.equals(CgroupNode.UNIFIED) ? h.unified() : h.controllers().contains(controller))
                .map(Hierarchy::path).findFirst();
    }

    /** Reads the view of {@code pid}: /proc/PID/cgroup from {@code proc}, the files through {@code reader}. */
    public static CgroupView read(int pid, ProcFs proc, CgroupReader reader) {
        String text = proc.read(pid, "cgroup").orElseThrow(() -> new NoSuchProcessException(pid));
        ProcessCgroups pc = reader.parse(pid, text);
        List<Hierarchy> hierarchies = new ArrayList<>();
        for (ProcessCgroups.Line l : pc.lines()) {
            hierarchies.add(new Hierarchy(l.hierarchyId(), l.controllers().stream().sorted().toList(), l.path(),
                    dirOf(pc.node(), l)));
        }
        CgroupNode node = pc.node();
        if (node == null) return new CgroupView(pid, pc.version(), hierarchies, null, List.of(), null, List.of(), 0);
        try {
            Node self = Node.of(node);
            // the tree around it is that of the cgroup at its path, in each hierarchy that has that directory: in v1
            // the process's node also spans hierarchies where it sits elsewhere (cpuset and freezer at "/" while
            // memory is at /docker/abc), and their neighbours are not this cgroup's
            CgroupNode here = reader.node(node.path());
            Optional<CgroupNode> up = here.parent();
            List<String> ancestors = new ArrayList<>();
            for (Optional<CgroupNode> a = up; a.isPresent(); a = a.get().parent()) ancestors.addFirst(a.get().path());
            List<CgroupNode> kids = here.children();
            List<Node> children = kids.stream().limit(MAX_CHILDREN).map(Node::of).toList();
            return new CgroupView(pid, pc.version(), hierarchies, self, ancestors, up.map(Node::of).orElse(null),
                    children, kids.size());
        } catch (CgroupException e) {
            // the cgroup went away while we read it: the process has moved or exited
            if (!proc.exists(pid)) throw new NoSuchProcessException(pid);
            throw e;
        }
    }

    /** The directory of one line: the node's directory for one of its controllers, when it is the same cgroup. */
    private static String dirOf(CgroupNode node, ProcessCgroups.Line line) {
        if (node == null) return null;
        Map<String, Path> dirs = node.dirs();
        if (line.isV2()) {
            Path d = dirs.get(CgroupNode.UNIFIED);
            return d == null ? null : d.toString();
        }
        for (String c : line.controllers()) {
            Path d = dirs.get(c);
            if (d != null) return d.toString();
        }
        return null;
    }

    /** The reader of the live machine. */
    public static Reader reader() {
        return new Reader(CgroupReader.host());
    }

    /** The reader over {@code reader}'s roots (a fixture in tests). */
    public static Reader reader(CgroupReader reader) {
        return new Reader(reader);
    }

    /**
     * Plugs the cgroup view into every {@link Snapshot} under {@code "cgroup"}, and finds the
     * {@link CgroupNode} of a process for a {@link dev.glassbox.cgroup.UsageSampler} to watch.
     */
    public static final class Reader implements ExtraViewReader {
        private final CgroupReader cgroups;

        private Reader(CgroupReader cgroups) {
            this.cgroups = cgroups;
        }

        @Override
        public String name() { return "cgroup"; }

        @Override
        public CgroupView read(int pid, ProcessTable table) {
            return CgroupView.read(pid, table.proc(), cgroups);
        }

        public CgroupView read(int pid, ProcFs proc) {
            return CgroupView.read(pid, proc, cgroups);
        }

        /** The cgroup whose files hold the limits of {@code pid}, for {@code UsageSampler.watch}; empty when unmapped. */
        public Optional<CgroupNode> node(int pid, ProcFs proc) {
            String text = proc.read(pid, "cgroup").orElseThrow(() -> new NoSuchProcessException(pid));
            return Optional.ofNullable(cgroups.parse(pid, text).node());
        }

        public CgroupReader cgroups() { return cgroups; }
    }
}
