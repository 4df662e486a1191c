package dev.glassbox.quiz.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One question, as written in a question file. Which fields are used depends on {@link #type}:
 * <ul>
 *   <li>single, multiple: {@code choices} (one correct for single, any number for multiple);</li>
 *   <li>truefalse: {@code answer}, {@code rightFeedback}, {@code wrongFeedback};</li>
 *   <li>short: {@code choices} are accepted answers (correct) and known mistakes (not correct),
 *       {@code wrongFeedback} answers anything else;</li>
 *   <li>numerical: the correct choice holds the value, {@code tolerance} the accepted error,
 *       wrong choices are known mistakes, {@code wrongFeedback} answers anything else;</li>
 *   <li>matching: {@code pairs}, {@code wrongFeedback} when a pair is wrong.</li>
 * </ul>
 * {@code session} and {@code topic} come from the file the question is in.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"id", "type", "session", "topic", "tags", "text", "figure", "live", "choices", "answer",
        "tolerance", "pairs", "rightFeedback", "wrongFeedback", "explanation"})
public record Question(
        String id,
        QuestionType type,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) int session,
        String topic,
        List<String> tags,
        String text,
        Figure figure,
        Live live,
        List<Choice> choices,
        Boolean answer,
        Double tolerance,
        List<Pair> pairs,
        String rightFeedback,
        String wrongFeedback,
        String explanation) {

    public Question {
        tags = tags == null ? List.of() : List.copyOf(tags);
        choices = choices == null ? List.of() : List.copyOf(choices);
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        // block scalars in YAML end with a newline; the text itself does not
        text = strip(text);
        rightFeedback = strip(rightFeedback);
        wrongFeedback = strip(wrongFeedback);
        explanation = strip(explanation);
        tolerance = tolerance != null && tolerance == 0 ? null : tolerance;
    }

    static String strip(String s) {
        return s == null ? null : s.strip();
    }

    /** This question placed in a session and topic (question files leave both to the file). */
    public Question withPlacement(int newSession, String newTopic) {
        return new Question(id, type, newSession, newTopic, tags, text, figure, live, choices, answer,
                tolerance, pairs, rightFeedback, wrongFeedback, explanation);
    }

    public Question withFigure(Figure newFigure) {
        return new Question(id, type, session, topic, tags, text, newFigure, live, choices, answer,
                tolerance, pairs, rightFeedback, wrongFeedback, explanation);
    }

    public Question withChoices(List<Choice> newChoices) {
        return new Question(id, type, session, topic, tags, text, figure, live, newChoices, answer,
                tolerance, pairs, rightFeedback, wrongFeedback, explanation);
    }

    /**
     * The question as asked on this machine: the live answer becomes the correct choice and
     * {@code {answer}} in the feedback is replaced by it.
     */
    public Question withLiveAnswer(String value) {
        List<Choice> resolved = new ArrayList<>();
        resolved.add(Choice.right(value, fill(rightFeedback, value)));
        for (Choice c : choices) {
            if (!c.correct() && !c.text().equals(value)) {
                resolved.add(new Choice(c.text(), false, fill(c.feedback(), value)));
            }
        }
        return new Question(id, type, session, topic, tags, text, figure, live, resolved, answer,
                tolerance, pairs, fill(rightFeedback, value), fill(wrongFeedback, value), fill(explanation, value));
    }

    private static String fill(String s, String value) {
        return s == null ? null : s.replace("{answer}", value);
    }

    @JsonIgnore
    public boolean isLive() {
        return live != null;
    }

    @JsonIgnore
    public List<Choice> correctChoices() {
        return choices.stream().filter(Choice::correct).toList();
    }

    @JsonIgnore
    public List<Choice> wrongChoices() {
        return choices.stream().filter(c -> !c.correct()).toList();
    }

    /** The accepted error of a numerical answer (0 when not given). */
    @JsonIgnore
    public double toleranceOrZero() {
        return tolerance == null ? 0 : tolerance;
    }
}
