package dev.glassbox.slides.figures;

import dev.glassbox.cgroup.CgroupNode;
import dev.glassbox.cgroup.Limits;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The part of the cgroup tree worth drawing: the path from the root to the cgroups of interest,
 * their siblings, and a count of what was left out. Read once (a snapshot), drawn many times.
 *
 * @param name     the last path component ("/" for the root)
 * @param path     as /proc/PID/cgroup shows it
 * @param limits   one line ("memory 64 MiB, cpus 0.5, pids 50"), empty for none
 * @param focus    whether it is a cgroup of interest (the selected container's)
 * @param hidden   children left out of the drawing
 */
public record CgroupTree(String name, String path, String limits, boolean focus, int hidden, List<CgroupTree> children) {

    public CgroupTree {
        children = List.copyOf(children);
    }

    /** Reads the tree from {@code root} down to every path in {@code focusPaths}, with the siblings along the way. */
    public static CgroupTree read(CgroupNode root, List<String> focusPaths, int maxSiblings) {
        return read(root, focusPaths, maxSiblings, 0);
    }

    private static CgroupTree read(CgroupNode node, List<String> focus, int maxSiblings, int depth) {
        String path = node.path();
        boolean isFocus = focus.contains(path);
        List<CgroupTree> kids = new ArrayList<>();
        int hidden = 0;
        boolean onPath = focus.stream().anyMatch(f -> isAncestor(path, f) && !f.equals(path));
        if (onPath && depth < 12) {
            List<CgroupNode> children = new ArrayList<>(node.children());
            children.sort(Comparator.comparing(CgroupNode::path));
            int shown = 0;
            for (CgroupNode c : children) {
                boolean towards = focus.stream().anyMatch(f -> isAncestor(c.path(), f));
                if (towards) {
                    kids.add(read(c, focus, maxSiblings, depth + 1));
                } else if (shown < maxSiblings) {
                    kids.add(new CgroupTree(lastName(c.path()), c.path(), safeLimits(c), false,
                            safeChildren(c), List.of()));
                    shown++;
                } else {
                    hidden++;
                }
            }
        } else {
            hidden = isFocus ? 0 : safeChildren(node);
        }
        return new CgroupTree(lastName(path), path, safeLimits(node), isFocus, hidden, kids);
    }

    static boolean isAncestor(String a, String b) {
        if (a.equals("/")) return true;
        return b.equals(a) || b.startsWith(a + "/");
    }

    static String lastName(String path) {
        if (path.equals("/")) return "/";
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static int safeChildren(CgroupNode n) {
        try {
            return n.children().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private static String safeLimits(CgroupNode n) {
        try {
            return describe(n.limits());
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** "memory 64 MiB · cpus 0.5 · pids 50"; empty when unlimited. */
    public static String describe(Limits l) {
        List<String> parts = new ArrayList<>();
        if (l.memoryBytes() != null) parts.add("memory " + bytes(l.memoryBytes()));
        if (l.cpuQuotaMicros() != null) {
            parts.add("cpus " + trim((double) l.cpuQuotaMicros() / l.cpuPeriodMicros()));
        }
        if (l.pidsMax() != null) parts.add("pids " + l.pidsMax());
        return String.join(" \u00b7 ", parts);
    }

    static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** 64 MiB, 1.5 GiB, 512 B. */
    public static String bytes(long b) {
        if (b < 1024) return b + " B";
        String[] u = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int i = -1;
        while (v >= 1024 && i < u.length - 1) {
            v /= 1024;
            i++;
        }
        return trim(v) + " " + u[i];
    }
}
