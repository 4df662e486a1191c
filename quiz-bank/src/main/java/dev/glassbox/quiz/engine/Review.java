package dev.glassbox.quiz.engine;

/** One line of the review at the end of an attempt: the question, the answer given, its mark. */
public record Review(AskedQuestion asked, Response response, Mark mark) {
    public String explanation() {
        return asked.question().explanation();
    }
}
