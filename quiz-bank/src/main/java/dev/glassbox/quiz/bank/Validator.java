package dev.glassbox.quiz.bank;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Pair;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.model.Topic;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks questions against the rules of the bank: ids unique and well formed, every type has
 * the fields it needs, every wrong option says why it is wrong, live questions name a probe.
 */
public final class Validator {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Validator() {
    }

    public static List<Problem> validate(QuestionBank bank) {
        List<Problem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> topicIds = new HashSet<>();
        for (Topic t : bank.topics()) {
            if (!topicIds.add(t.id())) {
                problems.add(new Problem("topics.yaml", null, "topic '" + t.id() + "' is listed twice"));
            }
            if (t.session() < 1 || t.session() > 3) {
                problems.add(new Problem("topics.yaml", null, "topic '" + t.id() + "' has session "
                        + t.session() + "; sessions are 1, 2 or 3"));
            }
        }
        for (Question q : bank.questions()) {
            String where = "session-" + q.session() + "/" + q.topic() + ".yaml";
            if (q.id() != null && !ids.add(q.id())) {
                problems.add(new Problem(where, q.id(), "duplicate id; ids must be unique in the bank"));
            }
            if (!bank.topics().isEmpty() && !topicIds.contains(q.topic())) {
                problems.add(new Problem(where, q.id(), "topic '" + q.topic() + "' is not in topics.yaml"));
            }
            validate(q, where, problems);
        }
        return problems;
    }

    /** The problems of one question, {@code where} naming its file. */
    public static void validate(Question q, String where, List<Problem> out) {
        String id = q.id();
        if (id == null || !ID.matcher(id).matches()) {
            out.add(new Problem(where, id, "id must be lower-case letters, digits and dashes"));
        }
        if (q.type() == null) {
            out.add(new Problem(where, id, "type is missing"));
            return;
        }
        if (blank(q.text())) {
            out.add(new Problem(where, id, "text is missing"));
        }
        if (q.figure() != null && (blank(q.figure().file()) || blank(q.figure().alt()))) {
            out.add(new Problem(where, id, "a figure needs a file and an alt text"));
        }
        if (q.live() != null && blank(q.live().probe())) {
            out.add(new Problem(where, id, "a live question needs a probe id"));
        }
        switch (q.type()) {
            case SINGLE, MULTIPLE -> checkChoices(q, where, out);
            case TRUE_FALSE -> {
                if (q.answer() == null) out.add(new Problem(where, id, "truefalse needs answer: true or false"));
                if (blank(q.wrongFeedback())) {
                    out.add(new Problem(where, id, "truefalse needs wrongFeedback saying why the other answer is wrong"));
                }
            }
            case SHORT_ANSWER, NUMERICAL -> checkAnswers(q, where, out);
            case MATCHING -> checkPairs(q, where, out);
        }
        if (q.live() != null && q.type() != dev.glassbox.quiz.model.QuestionType.NUMERICAL
                && q.type() != dev.glassbox.quiz.model.QuestionType.SHORT_ANSWER) {
            out.add(new Problem(where, id, "only numerical and short questions can be live"));
        }
    }

    private static void checkChoices(Question q, String where, List<Problem> out) {
        long right = q.correctChoices().size();
        if (q.choices().size() < 2) out.add(new Problem(where, q.id(), "needs at least 2 choices"));
        if (q.type() == dev.glassbox.quiz.model.QuestionType.SINGLE && right != 1) {
            out.add(new Problem(where, q.id(), "single choice needs exactly one correct choice, has " + right));
        }
        if (q.type() == dev.glassbox.quiz.model.QuestionType.MULTIPLE && right < 1) {
            out.add(new Problem(where, q.id(), "multiple choice needs at least one correct choice"));
        }
        if (q.wrongChoices().isEmpty()) out.add(new Problem(where, q.id(), "needs at least one wrong choice"));
        Set<String> seen = new HashSet<>();
        for (Choice c : q.choices()) {
            if (blank(c.text())) out.add(new Problem(where, q.id(), "a choice has no text"));
            else if (!seen.add(c.text())) out.add(new Problem(where, q.id(), "choice '" + c.text() + "' appears twice"));
            if (!c.correct() && blank(c.feedback())) {
                out.add(new Problem(where, q.id(), "wrong choice '" + c.text() + "' needs feedback saying why it is wrong"));
            }
        }
    }

    private static void checkAnswers(Question q, String where, List<Problem> out) {
        boolean numerical = q.type() == dev.glassbox.quiz.model.QuestionType.NUMERICAL;
        if (!q.isLive() && q.correctChoices().isEmpty()) {
            out.add(new Problem(where, q.id(), "needs at least one correct answer (or a live probe)"));
        }
        if (blank(q.wrongFeedback())) {
            out.add(new Problem(where, q.id(), "needs wrongFeedback for any other answer"));
        }
        for (Choice c : q.choices()) {
            if (blank(c.text())) out.add(new Problem(where, q.id(), "an answer has no text"));
            else if (numerical && !isNumber(c.text())) {
                out.add(new Problem(where, q.id(), "numerical answer '" + c.text() + "' is not a number"));
            }
            if (!c.correct() && blank(c.feedback())) {
                out.add(new Problem(where, q.id(), "known wrong answer '" + c.text() + "' needs feedback"));
            }
        }
        if (q.tolerance() != null && (!numerical || q.tolerance() < 0)) {
            out.add(new Problem(where, q.id(), "tolerance is for numerical questions and must be >= 0"));
        }
    }

    private static void checkPairs(Question q, String where, List<Problem> out) {
        if (q.pairs().size() < 3) out.add(new Problem(where, q.id(), "matching needs at least 3 pairs"));
        Set<String> lefts = new HashSet<>();
        for (Pair p : q.pairs()) {
            if (blank(p.left()) || blank(p.right())) out.add(new Problem(where, q.id(), "a pair has an empty side"));
            else if (!lefts.add(p.left())) out.add(new Problem(where, q.id(), "left item '" + p.left() + "' appears twice"));
            // Moodle keeps matching answers as plain text; GIFT tools differ on escapes there
            if (p.right() != null && p.right().matches(".*[:#=~{}\\\\].*")) {
                out.add(new Problem(where, q.id(), "right item '" + p.right()
                        + "' contains one of : # = ~ { } \\; reword it (GIFT readers disagree on escapes in matching answers)"));
            }
        }
        if (blank(q.wrongFeedback())) {
            out.add(new Problem(where, q.id(), "matching needs wrongFeedback explaining the right pairs"));
        }
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
