package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads GIFT (Moodle's text format): categories, titles, and the question types the bank knows
 * (single and multiple choice, true/false, short answer, numerical, matching). Essays,
 * descriptions and missing-word questions are reported as warnings and left out.
 */
public final class GiftReader {
    // escaped characters are swapped for private-use code points while parsing, then restored
    private static final String ESCAPABLE = "\\~=#{}:";
    private static final char FIRST_PLACEHOLDER = '\uE000';
    private static final Pattern TITLE = Pattern.compile("^::(.*?)::", Pattern.DOTALL);
    private static final Pattern FORMAT = Pattern.compile("^\\s*\\[(html|markdown|plain|moodle)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern FIGURE = Pattern.compile(" \\[figure: [^\\]]*]$");
    private static final Pattern TRUE_FALSE = Pattern.compile("^(T|F|TRUE|FALSE)\\s*(?:#([^#]*))?(?:#([^#]*))?$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ITEM = Pattern.compile("([=~])\\s*(?:%(-?[0-9.]+)%)?([^=~]*)", Pattern.DOTALL);

    private GiftReader() {
    }

    public static ImportResult read(String gift, int defaultSession) {
        ImportBuilder b = new ImportBuilder(defaultSession);
        String protectedText = protect(gift.replace("\r\n", "\n"));
        List<String> block = new ArrayList<>();
        for (String line : (protectedText + "\n\n").split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("//")) continue;
            if (trimmed.startsWith("$CATEGORY:")) {
                b.category(restore(trimmed.substring("$CATEGORY:".length()).strip()), null);
                continue;
            }
            if (trimmed.isEmpty()) {
                if (!block.isEmpty()) question(String.join("\n", block), b);
                block.clear();
            } else {
                block.add(line);
            }
        }
        return b.build();
    }

    private static void question(String raw, ImportBuilder b) {
        String title = null;
        String s = raw.strip();
        Matcher t = TITLE.matcher(s);
        if (t.find()) {
            title = restore(t.group(1)).strip();
            s = s.substring(t.end());
        }
        int open = s.indexOf('{');
        int close = s.lastIndexOf('}');
        String name = title == null ? abbreviate(restore(s)) : title;
        if (open < 0 || close < open) {
            b.warn("question '" + name + "': no answer block {...} (a description?); left out");
            return;
        }
        String stem = s.substring(0, open);
        String after = s.substring(close + 1).strip();
        if (!after.isEmpty()) {
            b.warn("question '" + name + "': missing-word questions are not supported; left out");
            return;
        }
        boolean html = false;
        Matcher f = FORMAT.matcher(stem);
        if (f.find()) {
            html = f.group(1).equalsIgnoreCase("html");
            stem = stem.substring(f.end());
        }
        String text = restore(stem).strip();
        if (html) text = Markup.fromHtml(text);
        Matcher fig = FIGURE.matcher(text);
        if (fig.find()) {
            text = text.substring(0, fig.start());
            b.warn("question '" + name + "': GIFT carries no figures; its figure is lost (use Moodle XML)");
        }
        String body = s.substring(open + 1, close);
        String general = null;
        int gf = body.indexOf("####");
        if (gf >= 0) {
            general = clean(body.substring(gf + 4));
            body = body.substring(0, gf);
        }
        body = body.strip();
        Question q;
        try {
            q = answers(b.uniqueId(title, text), text, body, general);
        } catch (RuntimeException e) {
            b.warn("question '" + name + "': " + e.getMessage() + "; left out");
            return;
        }
        if (q == null) b.warn("question '" + name + "': essay questions are not supported; left out");
        else b.add(q);
    }

    private static Question answers(String id, String text, String body, String general) {
        if (body.isEmpty()) return null;
        if (body.startsWith("#")) return numerical(id, text, body.substring(1).strip(), general);
        Matcher tf = TRUE_FALSE.matcher(body);
        if (tf.matches()) {
            boolean value = tf.group(1).toUpperCase().startsWith("T");
            return new Question(id, QuestionType.TRUE_FALSE, 0, null, null, text, null, null, null, value, null,
                    null, clean(tf.group(3)), clean(tf.group(2)), general);
        }
        List<Item> items = items(body);
        if (items.stream().anyMatch(i -> i.marker == '=' && i.text.contains("->"))) {
            List<Pair> pairs = new ArrayList<>();
            for (Item i : items) {
                int arrow = i.text.indexOf("->");
                pairs.add(new Pair(restore(i.text.substring(0, arrow)).strip(), restore(i.text.substring(arrow + 2)).strip()));
            }
            return new Question(id, QuestionType.MATCHING, 0, null, null, text, null, null, null, null, null, pairs,
                    null, null, general);
        }
        boolean anyTilde = items.stream().anyMatch(i -> i.marker == '~');
        if (!anyTilde) {
            List<Choice> choices = new ArrayList<>();
            String wrong = null;
            for (Item i : items) {
                String value = restore(i.text).strip();
                if (value.equals("*")) wrong = i.feedback;
                else choices.add(new Choice(value, i.weight == null || i.weight > 0, i.feedback));
            }
            return new Question(id, QuestionType.SHORT_ANSWER, 0, null, null, text, null, null, choices, null, null,
                    null, null, wrong, general);
        }
        boolean multiple = items.stream().anyMatch(i -> i.marker == '~' && i.weight != null && i.weight > 0);
        List<Choice> choices = new ArrayList<>();
        for (Item i : items) {
            boolean correct = i.weight != null ? i.weight > 0 : i.marker == '=';
            choices.add(new Choice(restore(i.text).strip(), correct, i.feedback));
        }
        return new Question(id, multiple ? QuestionType.MULTIPLE : QuestionType.SINGLE, 0, null, null, text, null,
                null, choices, null, null, null, null, null, general);
    }

    private static Question numerical(String id, String text, String body, String general) {
        List<Choice> choices = new ArrayList<>();
        Double tolerance = null;
        List<Item> items = body.startsWith("=") ? items(body) : List.of(item('=', null, body));
        for (Item i : items) {
            String value = restore(i.text).strip();
            double tol = 0;
            int colon = value.indexOf(':');
            int range = value.indexOf("..");
            if (colon >= 0) {
                tol = Double.parseDouble(value.substring(colon + 1).strip());
                value = value.substring(0, colon).strip();
            } else if (range >= 0) {
                double lo = Double.parseDouble(value.substring(0, range).strip());
                double hi = Double.parseDouble(value.substring(range + 2).strip());
                value = stripZeros((lo + hi) / 2);
                tol = (hi - lo) / 2;
            }
            Double.parseDouble(value);
            boolean correct = i.weight == null || i.weight > 0;
            if (correct && tol != 0) tolerance = tol;
            choices.add(new Choice(value, correct, i.feedback));
        }
        return new Question(id, QuestionType.NUMERICAL, 0, null, null, text, null, null, choices, null, tolerance,
                null, null, null, general);
    }

    private record Item(char marker, Double weight, String text, String feedback) {
    }

    private static List<Item> items(String body) {
        List<Item> items = new ArrayList<>();
        Matcher m = ITEM.matcher(body);
        while (m.find()) {
            items.add(item(m.group(1).charAt(0), m.group(2) == null ? null : Double.valueOf(m.group(2)), m.group(3)));
        }
        if (items.isEmpty()) throw new IllegalArgumentException("no answers found in {" + restore(body) + "}");
        return items;
    }

    private static Item item(char marker, Double weight, String raw) {
        int hash = raw.indexOf('#');
        String text = hash >= 0 ? raw.substring(0, hash) : raw;
        String feedback = hash >= 0 ? clean(raw.substring(hash + 1)) : null;
        return new Item(marker, weight, text.strip(), feedback);
    }

    private static String clean(String s) {
        if (s == null) return null;
        String r = restore(s).strip();
        return r.isEmpty() ? null : r;
    }

    private static String stripZeros(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() > 40 ? one.substring(0, 40) + "..." : one;
    }

    static String protect(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                int k = ESCAPABLE.indexOf(n);
                if (k >= 0) {
                    sb.append((char) (FIRST_PLACEHOLDER + k));
                    i++;
                    continue;
                }
                if (n == 'n') {
                    sb.append((char) (FIRST_PLACEHOLDER + ESCAPABLE.length()));
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    static String restore(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            int k = c - FIRST_PLACEHOLDER;
            if (k >= 0 && k < ESCAPABLE.length()) sb.append(ESCAPABLE.charAt(k));
            else if (k == ESCAPABLE.length()) sb.append('\n');
            else sb.append(c);
        }
        return sb.toString();
    }
}
