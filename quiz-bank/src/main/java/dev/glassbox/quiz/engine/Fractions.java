package dev.glassbox.quiz.engine;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionType;

/**
 * The grade (in percent, as Moodle writes it) of each option. One place, so the quiz engine
 * and the Moodle and GIFT exports grade alike: single choice 100 or 0; multiple choice 100/k
 * for each of the k correct options and -100/k for each wrong one (choosing everything scores
 * nothing); short and numerical 100 for accepted answers, 0 for known mistakes.
 */
public final class Fractions {
    private Fractions() {
    }

    public static double of(Question q, Choice c) {
        if (q.type() == QuestionType.MULTIPLE) {
            double share = 100.0 / Math.max(1, q.correctChoices().size());
            return c.correct() ? share : -share;
        }
        return c.correct() ? 100 : 0;
    }

    /** A fraction as Moodle writes it: at most 5 decimals, no trailing zeros. */
    public static String format(double percent) {
        java.math.BigDecimal d = java.math.BigDecimal.valueOf(percent).setScale(5, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
