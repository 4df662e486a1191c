package dev.glassbox.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reading cgroup interface files. Their size is reported as 0, so each is read whole until end
 * of file, one small read per file, no process spawned. A file that does not exist (no such
 * controller, an older kernel, a cgroup that just went away) reads as {@code null}.
 */
final class CgroupFiles {
    /** v1 reports "no limit" as LONG_MAX rounded down to a page; anything this large means no limit. */
    static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    private CgroupFiles() {}

    static String read(Path file) {
        if (file == null) return null; // no directory for that controller (a v1 parent above only some hierarchies)
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            // e.g. ENODEV from a cgroup removed while we read it: treat as absent
            if (!Files.exists(file)) return null;
            throw new CgroupException("cannot read " + file + ": " + CgroupFs.reason(e), e);
        }
    }

    /** A number, or null when absent or "max" (v2's word for no limit). */
    static Long readLong(Path file) {
        String s = read(file);
        if (s == null || s.isEmpty() || s.equals("max")) return null;
        return Long.parseLong(s.split("\\s+")[0]);
    }

    /** A v1 limit in bytes: null when absent or unlimited. */
    static Long readV1Limit(Path file) {
        Long v = readLong(file);
        return v == null || v >= V1_UNLIMITED_THRESHOLD ? null : v;
    }

    /** Files of "key value" lines (memory.events, cpu.stat, memory.oom_control, pids.events). */
    static Map<String, Long> readKeyValues(Path file) {
        String s = read(file);
        if (s == null) return null;
        Map<String, Long> values = new HashMap<>();
        for (String line : s.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                try {
                    values.put(kv[0], Long.parseLong(kv[1]));
                } catch (NumberFormatException e) {
                    // e.g. "max" in some files: not a counter
                }
            }
        }
        return values;
    }

    /** The PIDs in a cgroup.procs file, empty when absent. */
    static List<Integer> readPids(Path file) {
        String s = read(file);
        List<Integer> pids = new ArrayList<>();
        if (s == null) return pids;
        for (String line : s.split("\n")) {
            if (!line.isBlank()) pids.add(Integer.parseInt(line.trim()));
        }
        return pids;
    }

    /** Names of the sub-directories (child cgroups) of a cgroup directory, sorted. */
    static List<String> childNames(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        } catch (IOException e) {
            throw new CgroupException("cannot list " + dir + ": " + CgroupFs.reason(e), e);
        }
    }
}
