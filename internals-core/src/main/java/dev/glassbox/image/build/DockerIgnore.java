package dev.glassbox.image.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: one pattern a line, {@code #} comments, Go's
 * {@code filepath.Match} syntax ({@code * ? [a-z]}) plus {@code **} for any number of
 * directories, {@code !} to take a path back. The last pattern that matches a path decides;
 * a pattern that matches a directory matches everything below it.
 */
public final class DockerIgnore {
    private record Rule(Pattern regex, boolean exception, String text) {}

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    /** The {@code .dockerignore} at the top of {@code context}, or {@link #NONE} when there is none. */
    public static DockerIgnore of(Path context) {
        Path f = context.resolve(".dockerignore");
        if (!Files.isRegularFile(f)) return NONE;
        try {
            return parse(Files.readString(f));
        } catch (IOException e) {
            throw new BuildException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.lines().toList()) {
            String p = line.strip();
            if (p.isEmpty() || p.startsWith("#")) continue;
            boolean exception = p.startsWith("!");
            if (exception) p = p.substring(1).strip();
            p = clean(p);
            if (p.isEmpty()) continue;
            rules.add(new Rule(Pattern.compile(regex(p)), exception, line.strip()));
        }
        return new DockerIgnore(rules);
    }

    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** True when {@code rel} ('/'-separated, relative to the context) is left out of the build. */
    public boolean excludes(String rel) {
        String path = clean(rel);
        if (path.isEmpty()) return false;
        boolean excluded = false;
        for (Rule r : rules) {
            if (r.exception() != excluded) continue; // only a rule that could change the answer
            if (matchesOrParentMatches(r.regex(), path)) excluded = !r.exception();
        }
        return excluded;
    }

    private static boolean matchesOrParentMatches(Pattern regex, String path) {
        if (regex.matcher(path).matches()) return true;
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            if (regex.matcher(path.substring(0, i)).matches()) return true;
        }
        return false;
    }

    /** As Go's filepath.Clean, and without a leading '/': the context is the root. */
    static String clean(String p) {
        Deque<String> parts = new ArrayDeque<>();
        for (String c : p.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (!parts.isEmpty()) parts.removeLast();
            } else {
                parts.addLast(c);
            }
        }
        return String.join("/", parts);
    }

    /** A Go filepath.Match pattern (with Docker's **) as a Java regex over '/'-separated paths. */
    static String regex(String pattern) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                        i++;
                        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '/') {
                            i++;
                            r.append("(.*/)?"); // **/ : zero or more directories
                        } else {
                            r.append(".*");
                        }
                    } else {
                        r.append("[^/]*");
                    }
                }
                case '?' -> r.append("[^/]");
                case '[' -> {
                    int end = pattern.indexOf(']', i + 1);
                    if (end < 0) {
                        r.append("\\[");
                    } else {
                        String cls = pattern.substring(i + 1, end);
                        if (cls.startsWith("^")) cls = "!" + cls.substring(1);
                        r.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1).replace("\\", "\\\\") : cls.replace("\\", "\\\\"))
                                .append(']');
                        i = end;
                    }
                }
                case '\\' -> {
                    if (i + 1 < pattern.length()) r.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                }
                default -> r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }
}
