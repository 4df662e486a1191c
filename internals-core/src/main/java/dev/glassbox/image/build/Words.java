package dev.glassbox.image.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Docker's word processing for the instructions it substitutes variables in (FROM, ENV, ARG,
 * LABEL, COPY, ADD, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL): {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}}, {@code ${VAR+alt}},
 * {@code ${VAR:?message}}; single quotes keep everything literal, double quotes still
 * substitute, the escape character ({@code \}) makes the next character literal. Quotes are
 * removed; words split on whitespace that was written unquoted, never inside a value that
 * came from a variable. RUN, CMD and ENTRYPOINT in shell form are not processed: their
 * shell does that.
 */
public final class Words {
    private final String s;
    private final Function<String, String> lookup;
    private final char escape;
    private int pos;

    private Words(String s, Function<String, String> lookup, char escape) {
        this.s = s;
        this.lookup = lookup;
        this.escape = escape;
    }

    /** {@code s} as one word: variables substituted, quotes and escapes removed. */
    public static String expand(String s, Function<String, String> lookup) {
        List<String> parts = new Words(s, lookup, '\\').words(false);
        return parts.isEmpty() ? "" : parts.getFirst();
    }

    /** {@code s} split into words, each substituted and unquoted. */
    public static List<String> split(String s, Function<String, String> lookup) {
        return new Words(s, lookup, '\\').words(true);
    }

    private List<String> words(boolean split) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (split && Character.isWhitespace(c)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
                pos++;
                continue;
            }
            inWord = true;
            if (c == escape) {
                pos++;
                if (pos < s.length()) cur.append(s.charAt(pos++));
                else cur.append(escape);
            } else if (c == '\'') {
                pos++;
                int end = s.indexOf('\'', pos);
                if (end < 0) throw new BuildException("unexpected end of statement while looking for matching single-quote in: " + s);
                cur.append(s, pos, end);
                pos = end + 1;
            } else if (c == '"') {
                pos++;
                doubleQuoted(cur);
            } else if (c == '$') {
                pos++;
                cur.append(dollar());
            } else {
                cur.append(c);
                pos++;
            }
        }
        if (inWord || (!split && out.isEmpty())) out.add(cur.toString());
        return out;
    }

    private void doubleQuoted(StringBuilder cur) {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == escape && pos + 1 < s.length() && "\"$`\\".indexOf(s.charAt(pos + 1)) >= 0) {
                cur.append(s.charAt(pos + 1));
                pos += 2;
            } else if (c == '$') {
                pos++;
                cur.append(dollar());
            } else {
                cur.append(c);
                pos++;
            }
        }
        throw new BuildException("unexpected end of statement while looking for matching double-quote in: " + s);
    }

    /** After a '$': a name, or a braced expression; a lone '$' stays itself. */
    private String dollar() {
        if (pos >= s.length()) return "$";
        char c = s.charAt(pos);
        if (c == '{') {
            pos++;
            int nameStart = pos;
            while (pos < s.length() && isNameChar(s.charAt(pos))) pos++;
            String name = s.substring(nameStart, pos);
            if (name.isEmpty()) throw new BuildException("bad substitution in: " + s + " (a name must follow ${)");
            if (pos >= s.length()) throw new BuildException("missing '}' in: " + s);
            char op = s.charAt(pos);
            if (op == '}') {
                pos++;
                return value(name, "");
            }
            boolean colon = op == ':';
            if (colon) {
                pos++;
                if (pos >= s.length()) throw new BuildException("missing '}' in: " + s);
                op = s.charAt(pos);
            }
            if (op != '-' && op != '+' && op != '?') {
                throw new BuildException("unsupported modifier (" + op + ") in substitution: " + s + " (use :- :+ or :?)");
            }
            pos++;
            String word = braced();
            String v = lookup.apply(name);
            boolean set = v != null && (!colon || !v.isEmpty());
            return switch (op) {
                case '-' -> set ? v : word;
                case '+' -> set ? word : "";
                default -> {
                    if (!set) throw new BuildException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    yield v;
                }
            };
        }
        if (!isNameStart(c)) return "$";
        int start = pos;
        while (pos < s.length() && isNameChar(s.charAt(pos))) pos++;
        return value(s.substring(start, pos), "");
    }

    /** The word inside ${name:-word}, itself substituted, up to the matching '}'. */
    private String braced() {
        StringBuilder w = new StringBuilder();
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '}') {
                pos++;
                return w.toString();
            }
            if (c == escape && pos + 1 < s.length()) {
                w.append(s.charAt(pos + 1));
                pos += 2;
            } else if (c == '$') {
                pos++;
                w.append(dollar());
            } else if (c == '\'' || c == '"') {
                pos++; // quotes inside a default are removed as Docker does
            } else {
                w.append(c);
                pos++;
            }
        }
        throw new BuildException("missing '}' in: " + s);
    }

    private String value(String name, String unset) {
        String v = lookup.apply(name);
        return v == null ? unset : v;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
