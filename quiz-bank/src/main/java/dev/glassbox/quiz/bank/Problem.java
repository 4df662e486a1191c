package dev.glassbox.quiz.bank;

/** One thing wrong with a question: where (file, question id) and what to fix. */
public record Problem(String where, String questionId, String message) {
    @Override
    public String toString() {
        return where + (questionId == null ? "" : " [" + questionId + "]") + ": " + message;
    }
}
