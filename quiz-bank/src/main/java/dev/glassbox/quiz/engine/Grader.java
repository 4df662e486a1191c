package dev.glassbox.quiz.engine;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Grades one response to one asked question and gathers the feedback that explains the grade. */
public final class Grader {
    private Grader() {
    }

    public static Mark grade(AskedQuestion asked, Response response) {
        Question q = asked.question();
        String correct = correctAnswer(asked);
        if (response == null) {
            return new Mark(0, List.of("Not answered. The right answer: " + correct + "."), correct);
        }
        return switch (q.type()) {
            case SINGLE, MULTIPLE -> choices(asked, (Response.Chosen) response, correct);
            case TRUE_FALSE -> truth(q, (Response.Truth) response, correct);
            case SHORT_ANSWER -> typed(q, (Response.Typed) response, correct, false);
            case NUMERICAL -> typed(q, (Response.Typed) response, correct, true);
            case MATCHING -> matching(q, (Response.Matched) response, correct);
        };
    }

    /** The correct answer as one line of text. */
    public static String correctAnswer(AskedQuestion asked) {
        Question q = asked.question();
        return switch (q.type()) {
            case SINGLE, MULTIPLE, SHORT_ANSWER -> q.correctChoices().stream().map(Choice::text)
                    .collect(Collectors.joining(q.type() == dev.glassbox.quiz.model.QuestionType.SHORT_ANSWER ? " or " : "; "));
            case NUMERICAL -> q.correctChoices().stream().map(c -> c.text()
                    + (q.toleranceOrZero() > 0 ? " (± " + Fractions.format(q.toleranceOrZero()) + ")" : ""))
                    .collect(Collectors.joining(" or "));
            case TRUE_FALSE -> Boolean.TRUE.equals(q.answer()) ? "true" : "false";
            case MATCHING -> q.pairs().stream().map(p -> p.left() + " -> " + p.right()).collect(Collectors.joining("; "));
        };
    }

    private static Mark choices(AskedQuestion asked, Response.Chosen r, String correct) {
        Question q = asked.question();
        List<String> fb = new ArrayList<>();
        double percent = 0;
        for (int i : r.indexes()) {
            if (i < 0 || i >= asked.choices().size()) continue;
            Choice c = asked.choices().get(i);
            percent += Fractions.of(q, c);
            fb.add((c.correct() ? "[right] " : "[wrong] ") + c.text()
                    + (c.feedback() == null || c.feedback().isBlank() ? "" : " - " + c.feedback()));
        }
        List<String> missed = asked.choices().stream().filter(Choice::correct)
                .filter(c -> !r.indexes().contains(asked.choices().indexOf(c))).map(Choice::text).toList();
        double score = percent / 100;
        if (score < 0.999) {
            if (!missed.isEmpty()) fb.add("Missed: " + String.join("; ", missed) + ".");
            if (q.wrongFeedback() != null) fb.add(q.wrongFeedback());
        } else if (q.rightFeedback() != null) {
            fb.add(q.rightFeedback());
        }
        return new Mark(score, fb, correct);
    }

    private static Mark truth(Question q, Response.Truth r, String correct) {
        boolean right = r.value() == Boolean.TRUE.equals(q.answer());
        String fb = right ? q.rightFeedback() : q.wrongFeedback();
        List<String> lines = new ArrayList<>();
        lines.add(fb != null ? fb : right ? "Right: it is " + correct + "." : "Wrong: it is " + correct + ".");
        return new Mark(right ? 1 : 0, lines, correct);
    }

    private static Mark typed(Question q, Response.Typed r, String correct, boolean numerical) {
        String given = r.text() == null ? "" : r.text().trim();
        for (Choice c : q.choices()) {
            if (numerical ? sameNumber(given, c.text(), c.correct() ? q.toleranceOrZero() : 0) : sameText(given, c.text())) {
                List<String> lines = new ArrayList<>();
                lines.add((c.correct() ? "[right] " : "[wrong] ") + given
                        + (c.feedback() == null ? "" : " - " + c.feedback()));
                if (!c.correct()) lines.add("The right answer: " + correct + ".");
                return new Mark(c.correct() ? 1 : 0, lines, correct);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("[wrong] " + (given.isEmpty() ? "(empty)" : given) + ". The right answer: " + correct + ".");
        if (numerical && parse(given) == null && !given.isEmpty()) lines.add("Give a plain number, e.g. 42.");
        if (q.wrongFeedback() != null) lines.add(q.wrongFeedback());
        return new Mark(0, lines, correct);
    }

    private static Mark matching(Question q, Response.Matched r, String correct) {
        int right = 0;
        List<String> lines = new ArrayList<>();
        for (Pair p : q.pairs()) {
            String chosen = r.pairs().get(p.left());
            if (p.right().equals(chosen)) {
                right++;
            } else {
                lines.add("[wrong] " + p.left() + " -> " + (chosen == null ? "(none)" : chosen)
                        + "; it goes with " + p.right() + ".");
            }
        }
        double score = q.pairs().isEmpty() ? 0 : (double) right / q.pairs().size();
        if (score >= 0.999) {
            lines.add("[right] Every pair matches.");
            if (q.rightFeedback() != null) lines.add(q.rightFeedback());
        } else if (q.wrongFeedback() != null) {
            lines.add(q.wrongFeedback());
        }
        return new Mark(score, lines, correct);
    }

    /** Short answers compare without case and with runs of spaces folded. */
    static boolean sameText(String given, String expected) {
        return normalize(given).equals(normalize(expected));
    }

    private static String normalize(String s) {
        return s.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    static boolean sameNumber(String given, String expected, double tolerance) {
        Double g = parse(given);
        Double e = parse(expected);
        return g != null && e != null && Math.abs(g - e) <= tolerance + 1e-9 * Math.max(1, Math.abs(e));
    }

    /** A number, allowing digit groups written with spaces or underscores (50 331 648). */
    static Double parse(String s) {
        try {
            return Double.parseDouble(s.trim().replace("_", "").replace(" ", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
