package dev.glassbox.quiz.bank;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.glassbox.quiz.model.Question;
import java.util.List;

/** The content of one question file: {@code session-N/<topic>.yaml}. */
@JsonPropertyOrder({"session", "topic", "questions"})
public record QuestionFile(int session, String topic, List<Question> questions) {
    public QuestionFile {
        questions = questions == null ? List.of() : List.copyOf(questions);
    }
}
