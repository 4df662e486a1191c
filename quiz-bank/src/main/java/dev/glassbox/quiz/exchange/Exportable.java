package dev.glassbox.quiz.exchange;

import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import java.util.List;

/** What an export can carry: every question except live ones, whose answer exists only at quiz time. */
public final class Exportable {
    private Exportable() {
    }

    public static QuestionBank of(QuestionBank bank) {
        return bank.filter(q -> !q.isLive());
    }

    public static List<Question> leftOut(QuestionBank bank) {
        return bank.questions().stream().filter(Question::isLive).toList();
    }
}
