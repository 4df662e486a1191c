package dev.glassbox.quiz.engine;

import dev.glassbox.quiz.model.Choice;
import dev.glassbox.quiz.model.Question;
import java.util.List;

/**
 * A question as put to the learner in one attempt: live answers resolved, choices in the
 * order shown (shuffled by the attempt's seed), and for matching the right-hand items shown.
 */
public record AskedQuestion(int number, Question question, List<Choice> choices, List<String> matchOptions) {
    public AskedQuestion {
        choices = List.copyOf(choices);
        matchOptions = List.copyOf(matchOptions);
    }

    public String topic() {
        return question.topic();
    }
}
