package dev.glassbox.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile into instructions, with the Dockerfile reference's rules:
 *
 * <ul>
 *   <li>parser directives ({@code # syntax=}, {@code # escape=}) only at the very top;
 *       {@code syntax} is ignored, {@code escape} may change {@code \} to {@code `};
 *   <li>a line starting with {@code #} is a comment, also between continuation lines;
 *   <li>a line ending with the escape character continues on the next (they are joined
 *       without the escape and the newline);
 *   <li>{@code RUN}, {@code CMD}, {@code ENTRYPOINT} (and {@code COPY}/{@code ADD}) take the
 *       exec form, a JSON array of strings, or the shell form.
 * </ul>
 *
 * Variables are not substituted here: that needs the build's ARG and ENV state
 * ({@link Words}).
 */
public final class DockerfileParser {
    static final Set<String> KEYWORDS = Set.of("FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY",
            "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL");
    private static final Set<String> JSON_FORMS = Set.of("RUN", "CMD", "ENTRYPOINT", "COPY", "ADD", "SHELL", "VOLUME");
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern FLAG = Pattern.compile("^--([a-zA-Z][a-zA-Z0-9-]*)(?:=(\\S*))?(?:\\s+|$)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerfileParser() {}

    /** Parses a whole Dockerfile; {@code name} names it in messages. */
    public static List<Instruction> parse(String text, String name) {
        List<String> lines = text.replace("\r\n", "\n").lines().toList();
        char escape = '\\';
        int i = 0;
        // parser directives: only comment lines at the top that look like "# key=value"
        while (i < lines.size()) {
            Matcher m = DIRECTIVE.matcher(lines.get(i).strip());
            if (!m.matches()) break;
            String key = m.group(1).toLowerCase();
            if (key.equals("escape")) {
                String v = m.group(2);
                if (!v.equals("\\") && !v.equals("`")) {
                    throw new BuildException(name + " line " + (i + 1) + ": invalid escape token '" + v + "': use \\ or `");
                }
                escape = v.charAt(0);
            } else if (!key.equals("syntax") && !key.equals("check")) {
                break; // an ordinary comment
            }
            i++;
        }
        List<Instruction> out = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int start = -1;
        for (; i < lines.size(); i++) {
            String raw = lines.get(i);
            String trimmed = raw.strip();
            if (trimmed.startsWith("#")) continue; // comments vanish, even inside a continuation
            if (trimmed.isEmpty()) {
                if (start < 0) continue;
                continue; // an empty continuation line: Docker warns and goes on
            }
            if (start < 0) start = i + 1;
            String content = raw.stripTrailing();
            if (!content.isEmpty() && content.charAt(content.length() - 1) == escape) {
                logical.append(content, 0, content.length() - 1);
                if (i < lines.size() - 1) continue;
            } else {
                logical.append(content);
            }
            out.add(instruction(logical.toString().strip(), start, name));
            logical.setLength(0);
            start = -1;
        }
        if (out.isEmpty()) throw new BuildException(name + " has no instructions: the file is empty");
        return List.copyOf(out);
    }

    private static Instruction instruction(String line, int lineNo, String name) {
        int sp = 0;
        while (sp < line.length() && !Character.isWhitespace(line.charAt(sp))) sp++;
        String keyword = line.substring(0, sp).toUpperCase();
        if (!KEYWORDS.contains(keyword)) {
            throw new BuildException(name + " line " + lineNo + ": unknown instruction: " + line.substring(0, sp)
                    + " (Glassbox knows " + String.join(", ", KEYWORDS.stream().sorted().toList()) + ")");
        }
        String rest = line.substring(sp).strip();
        Map<String, String> flags = new LinkedHashMap<>();
        if (Set.of("COPY", "ADD", "FROM", "RUN", "HEALTHCHECK").contains(keyword)) {
            Matcher m;
            while ((m = FLAG.matcher(rest)).find()) {
                flags.put(m.group(1).toLowerCase(), m.group(2) == null ? "true" : m.group(2));
                rest = rest.substring(m.end());
            }
        }
        List<String> json = JSON_FORMS.contains(keyword) ? jsonArray(rest) : null;
        return new Instruction(lineNo, keyword, flags, rest, json);
    }

    /** The strings of a JSON array, or null when {@code s} is not one (then it is the shell form, as Docker reads it). */
    static List<String> jsonArray(String s) {
        if (!s.startsWith("[")) return null;
        try {
            JsonNode n = JSON.readTree(s);
            if (n == null || !n.isArray()) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) return null;
                out.add(e.asText());
            }
            return out;
        } catch (Exception e) {
            return null;
        }
    }
}
