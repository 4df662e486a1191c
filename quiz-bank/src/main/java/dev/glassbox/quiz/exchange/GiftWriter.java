package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.engine.Fractions;
import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;

/**
 * Writes a bank in GIFT, Moodle's text format. GIFT has every type of the bank, but less room
 * than Moodle XML: no figures, no tags, and no feedback for "any other answer" of numerical and
 * matching questions (those go into the general feedback). Live questions are left out.
 */
public final class GiftWriter {
    private GiftWriter() {
    }

    public static String write(QuestionBank bank) {
        StringBuilder sb = new StringBuilder("// Glassbox quiz bank, GIFT format (import in Moodle: Question bank > Import > GIFT)\n\n");
        QuestionBank exportable = Exportable.of(bank);
        for (Topic t : bank.topics()) {
            var qs = exportable.questions().stream().filter(q -> q.topic().equals(t.id())).toList();
            if (qs.isEmpty()) continue;
            sb.append("// session ").append(t.session()).append(": ").append(t.title().replace('\n', ' ')).append('\n');
            sb.append("$CATEGORY: ").append(Categories.path(t.session(), t.id())).append("\n\n");
            for (Question q : qs) sb.append(question(q)).append("\n\n");
        }
        return sb.toString();
    }

    static String question(Question q) {
        StringBuilder sb = new StringBuilder();
        sb.append("::").append(escape(q.id())).append("::").append(escape(q.text()));
        if (q.figure() != null) sb.append(escape(" [figure: " + q.figure().alt() + "]"));
        sb.append(" {");
        String general = q.explanation();
        switch (q.type()) {
            case SINGLE -> {
                for (Choice c : q.choices()) {
                    sb.append("\n").append(c.correct() ? "=" : "~").append(escape(c.text())).append(feedback(c.feedback()));
                }
            }
            case MULTIPLE -> {
                for (Choice c : q.choices()) {
                    sb.append("\n~%").append(Fractions.format(Fractions.of(q, c))).append('%')
                            .append(escape(c.text())).append(feedback(c.feedback()));
                }
            }
            case TRUE_FALSE -> {
                // Moodle's order: feedback for a wrong answer first, then for a right one
                sb.append(Boolean.TRUE.equals(q.answer()) ? "TRUE" : "FALSE")
                        .append(feedback(q.wrongFeedback())).append(feedback(q.rightFeedback()));
            }
            case SHORT_ANSWER -> {
                for (Choice c : q.choices()) {
                    sb.append("\n=").append(c.correct() ? "" : "%0%").append(escape(c.text())).append(feedback(c.feedback()));
                }
                sb.append("\n=%0%*").append(feedback(q.wrongFeedback()));
            }
            case NUMERICAL -> {
                sb.append('#');
                for (Choice c : q.choices()) {
                    sb.append("\n=").append(c.correct() ? "" : "%0%").append(c.text().trim()).append(':')
                            .append(Fractions.format(c.correct() ? q.toleranceOrZero() : 0)).append(feedback(c.feedback()));
                }
                general = join(general, q.wrongFeedback());
            }
            case MATCHING -> {
                for (Pair p : q.pairs()) {
                    sb.append("\n=").append(escape(p.left())).append(" -> ").append(escape(p.right()));
                }
                general = join(general, q.wrongFeedback());
            }
        }
        if (general != null && !general.isBlank()) sb.append("\n####").append(escape(general));
        return sb.append("\n}").toString();
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) return b;
        if (b == null || b.isBlank()) return a;
        return a + " " + b;
    }

    private static String feedback(String f) {
        return f == null || f.isBlank() ? "" : "#" + escape(f);
    }

    /** GIFT escapes its special characters with a backslash and newlines as \n. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\', '~', '=', '#', '{', '}', ':' -> sb.append('\\').append(c);
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
