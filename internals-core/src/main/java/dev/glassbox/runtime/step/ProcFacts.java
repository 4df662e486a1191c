package dev.glassbox.runtime.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small reads of /proc that let a step say what it changed. */
final class ProcFacts {
    static final List<String> NS_TYPES = List.of("cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts");

    private ProcFacts() {}

    /** Namespace inode per type, e.g. uts -> 4026531838. */
    static Map<String, String> namespaces(int pid) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String t : NS_TYPES) {
            try {
                String link = Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/" + t)).toString();
                out.put(t, link.substring(link.indexOf('[') + 1, link.length() - 1));
            } catch (IOException | UnsupportedOperationException e) {
                out.put(t, "?");
            }
        }
        return out;
    }

    /** Lines like "uts: 4026531838 -> 4026532601 (new)" comparing two processes. */
    static List<String> namespaceChanges(int before, int after) {
        Map<String, String> a = namespaces(before), b = namespaces(after);
        List<String> out = new ArrayList<>();
        for (String t : NS_TYPES) {
            boolean same = a.get(t).equals(b.get(t));
            out.add(String.format("%-6s %s -> %s%s", t + ":", a.get(t), b.get(t), same ? "  (shared with the host)" : "  (new)"));
        }
        return out;
    }

    /** Mount points of a process's mount namespace (from /proc/PID/mountinfo), with fs type. */
    static Set<String> mounts(int pid) {
        Set<String> out = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/mountinfo"))) {
                String[] f = line.split(" ");
                int dash = line.indexOf(" - ");
                String type = dash < 0 ? "?" : line.substring(dash + 3).split(" ")[0];
                out.add(f[4] + " (" + type + ")");
            }
        } catch (IOException e) {
            // the process is gone: nothing to show
        }
        return out;
    }

    static List<String> mountChanges(Set<String> before, Set<String> after) {
        List<String> out = new ArrayList<>();
        for (String m : after) if (!before.contains(m)) out.add("+ " + m);
        for (String m : before) if (!after.contains(m)) out.add("- " + m);
        return out;
    }

    /** A line of /proc/PID/status, e.g. "CapEff". */
    static String status(int pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) return line.substring(key.length() + 1).trim();
            }
        } catch (IOException e) {
            // gone
        }
        return "?";
    }
}
