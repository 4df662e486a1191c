package dev.glassbox.quiz.engine;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads and writes answers as one line of text, the way the terminal quiz takes them. */
public final class AnswerText {
    private AnswerText() {
    }

    /** The letter shown before choice {@code i}: a, b, c... */
    public static char letter(int i) {
        return (char) ('a' + i);
    }

    /** How to answer this question, one short line. */
    public static String hint(AskedQuestion q) {
        return switch (q.question().type()) {
            case SINGLE -> "one letter, e.g. b";
            case MULTIPLE -> "all letters that apply, e.g. a,c";
            case TRUE_FALSE -> "t or f";
            case SHORT_ANSWER -> "a short text";
            case NUMERICAL -> "a number";
            case MATCHING -> "one letter per numbered item, in order, e.g. " + "abcdefgh".substring(0, q.question().pairs().size());
        };
    }

    /**
     * Parses a line typed by the learner; null for an empty line (no answer).
     *
     * @throws IllegalArgumentException with a one-line message saying what to type instead
     */
    public static Response parse(AskedQuestion q, String line) {
        String s = line == null ? "" : line.strip();
        if (s.isEmpty()) return null;
        return switch (q.question().type()) {
            case SINGLE -> {
                List<Integer> idx = letters(s, q.choices().size());
                if (idx.size() != 1) throw new IllegalArgumentException("give exactly one letter");
                yield new Response.Chosen(java.util.Set.copyOf(idx));
            }
            case MULTIPLE -> new Response.Chosen(java.util.Set.copyOf(letters(s, q.choices().size())));
            case TRUE_FALSE -> switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "t", "true", "y", "yes", "v", "vrai" -> new Response.Truth(true);
                case "f", "false", "n", "no", "faux" -> new Response.Truth(false);
                default -> throw new IllegalArgumentException("answer t (true) or f (false)");
            };
            case SHORT_ANSWER -> new Response.Typed(s);
            case NUMERICAL -> {
                try {
                    Double.parseDouble(s.replace(" ", "").replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("give a plain number, e.g. 42");
                }
                yield new Response.Typed(s);
            }
            case MATCHING -> {
                List<Integer> idx = letters(s, q.matchOptions().size());
                var pairs = q.question().pairs();
                if (idx.size() != pairs.size()) {
                    throw new IllegalArgumentException("give " + pairs.size() + " letters, one per numbered item");
                }
                Map<String, String> m = new java.util.HashMap<>();
                for (int i = 0; i < pairs.size(); i++) m.put(pairs.get(i).left(), q.matchOptions().get(idx.get(i)));
                yield new Response.Matched(m);
            }
        };
    }

    private static List<Integer> letters(String s, int count) {
        List<Integer> out = new java.util.ArrayList<>();
        for (char c : s.toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == ',' || c == ' ' || c == ';') continue;
            int i = c - 'a';
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException("'" + c + "' is not one of the letters a to " + letter(count - 1));
            }
            out.add(i);
        }
        return out;
    }

    /** The learner's answer as text, for the review. */
    public static String describe(AskedQuestion q, Response r) {
        if (r == null) return "(no answer)";
        return switch (r) {
            case Response.Chosen c -> c.indexes().stream().sorted()
                    .map(i -> letter(i) + ") " + q.choices().get(i).text()).collect(Collectors.joining("; "));
            case Response.Truth t -> t.value() ? "true" : "false";
            case Response.Typed t -> t.text();
            case Response.Matched m -> q.question().pairs().stream()
                    .map(p -> p.left() + " -> " + m.pairs().getOrDefault(p.left(), "(none)"))
                    .collect(Collectors.joining("; "));
        };
    }
}
