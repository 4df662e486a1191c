package dev.glassbox.cgroup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cgroups of one process, from {@code /proc/PID/cgroup} (cgroups(7)): v1 lines
 * {@code 4:memory:/docker/abc}, {@code 2:cpu,cpuacct:/docker/abc}, the v2 line
 * {@code 0::/system.slice/docker-abc.scope}; a hybrid machine shows both kinds.
 *
 * @param pid   the process
 * @param lines the lines as the kernel wrote them
 * @param node  the cgroup whose limits apply to it, or null when no line maps to a mounted hierarchy
 */
public record ProcessCgroups(int pid, List<Line> lines, CgroupNode node) {

    /** One line of /proc/PID/cgroup: hierarchy id, its controllers (empty for v2) and the cgroup path. */
    public record Line(int hierarchyId, Set<String> controllers, String path) {
        public boolean isV2() {
            return hierarchyId == 0 && controllers.isEmpty();
        }
    }

    public ProcessCgroups {
        lines = List.copyOf(lines);
    }

    /** Parses the text of /proc/PID/cgroup. */
    public static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.split("\n")) {
            if (raw.isBlank()) continue;
            // the path may itself contain ':', so split into three fields only
            String[] f = raw.split(":", 3);
            if (f.length != 3) throw new CgroupException("not a /proc/PID/cgroup line: \"" + raw + "\"");
            Set<String> controllers = new LinkedHashSet<>();
            for (String c : f[1].split(",")) {
                if (!c.isEmpty()) controllers.add(c);
            }
            lines.add(new Line(Integer.parseInt(f[0]), Set.copyOf(controllers), f[2]));
        }
        return lines;
    }

    /** "v1" (controller lines only), "v2" (the 0:: line only) or "hybrid" (both). */
    public String version() {
        boolean v1 = lines.stream().anyMatch(l -> !l.isV2());
        boolean v2 = lines.stream().anyMatch(Line::isV2);
        return v1 && v2 ? "hybrid" : v1 ? "v1" : "v2";
    }

    /** The v1 cgroup path for a controller such as "memory". */
    public Optional<String> pathOf(String controller) {
        return lines.stream().filter(l -> l.controllers().contains(controller)).map(Line::path).findFirst();
    }

    /** The path in the v2 tree (the 0:: line). */
    public Optional<String> unifiedPath() {
        return lines.stream().filter(Line::isV2).map(Line::path).findFirst();
    }
}
