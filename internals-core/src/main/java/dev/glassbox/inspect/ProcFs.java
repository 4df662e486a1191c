package dev.glassbox.inspect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads proc(5) under a root: /proc on a live system, a fixture directory in tests. A file that
 * vanished because its process exited reads as empty, never as an exception in the middle of a scan.
 */
public final class ProcFs {
    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    /** The live /proc. */
    public static ProcFs live() { return new ProcFs(Path.of("/proc")); }

    public Path root() { return root; }

    public Path dir(int pid) { return root.resolve(Integer.toString(pid)); }

    public boolean exists(int pid) { return Files.isDirectory(dir(pid)); }

    /** The PIDs of all processes (thread-group leaders; threads live under /proc/PID/task). */
    public List<Integer> pids() {
        List<Integer> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(root)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.charAt(0) >= '1' && n.charAt(0) <= '9' && n.chars().allMatch(Character::isDigit)) {
                    out.add(Integer.parseInt(n));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + root + ": is proc mounted there?", e);
        }
        out.sort(null);
        return out;
    }

    /** The content of /proc/PID/{file}, or empty when the process or the file is gone. */
    public Optional<String> read(int pid, String file) {
        return readPath(dir(pid).resolve(file));
    }

    /** The content of a file under the proc root, e.g. {@code sys/kernel/cap_last_cap}. */
    public Optional<String> readPath(Path p) {
        try {
            return Optional.of(new String(Files.readAllBytes(p), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH or EACCES from a process that is exiting reads as gone too
            return Optional.empty();
        }
    }

    /** The target of the link /proc/PID/{link}, e.g. {@code ns/net} -> {@code net:[4026531840]}. */
    public Optional<String> readLink(int pid, String link) {
        try {
            return Optional.of(Files.readSymbolicLink(dir(pid).resolve(link)).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** /proc/PID/status as key -> value (tabs and surrounding spaces trimmed); empty when gone. */
    public Map<String, String> status(int pid) {
        return read(pid, "status").map(ProcFs::parseStatus).orElse(Map.of());
    }

    static Map<String, String> parseStatus(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) out.put(line.substring(0, colon), line.substring(colon + 1).trim());
        }
        return out;
    }

    /** /proc/PID/cmdline split at its NUL bytes; empty for kernel threads and zombies. */
    public List<String> cmdline(int pid) {
        String s = read(pid, "cmdline").orElse("");
        if (s.isEmpty()) return List.of();
        if (s.endsWith("\0")) s = s.substring(0, s.length() - 1);
        return List.of(s.split("\0", -1));
    }

    /** The fields of /proc/PID/stat that a scan needs. */
    public record Stat(int pid, String comm, char state, int ppid) {}

    /** /proc/PID/stat; comm may hold spaces and parentheses, so it ends at the last ')'. */
    public Optional<Stat> stat(int pid) {
        return read(pid, "stat").flatMap(ProcFs::parseStat);
    }

    static Optional<Stat> parseStat(String s) {
        int open = s.indexOf('('), close = s.lastIndexOf(')');
        if (open < 0 || close < open || close + 4 >= s.length()) return Optional.empty();
        String[] rest = s.substring(close + 2).split(" ", 3);
        return Optional.of(new Stat(Integer.parseInt(s.substring(0, open).trim()), s.substring(open + 1, close),
                rest[0].charAt(0), Integer.parseInt(rest[1])));
    }
}
