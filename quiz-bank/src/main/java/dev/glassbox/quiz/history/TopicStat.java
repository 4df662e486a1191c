package dev.glassbox.quiz.history;

/** How a learner did on one topic over all attempts: points earned out of questions asked. */
public record TopicStat(String topic, double earned, int asked) {
    public double ratio() {
        return asked == 0 ? 0 : earned / asked;
    }

    public int percent() {
        return (int) Math.round(100 * ratio());
    }
}
