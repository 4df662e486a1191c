package dev.glassbox.quiz.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One timed attempt at a drawn quiz. Time is read from a {@link Clock} so tests control it.
 * The attempt ends when the learner finishes or when {@link #checkTime()} finds the deadline
 * passed; after that, answers are refused and the result is fixed. Thread-safe: a UI timer
 * may call {@code checkTime} while the learner answers.
 */
public final class Attempt {
    /** Why an attempt ended. */
    public enum End { FINISHED, TIME_UP }

    private final Draw draw;
    private final Clock clock;
    private final Instant started;
    private final Instant deadline;
    private final Map<Integer, Response> responses = new HashMap<>();
    private QuizResult result;

    public Attempt(Draw draw, Clock clock) {
        this.draw = Objects.requireNonNull(draw);
        this.clock = clock;
        this.started = clock.instant();
        this.deadline = started.plus(draw.request().timeLimit());
    }

    public List<AskedQuestion> questions() {
        return draw.questions();
    }

    public Draw draw() {
        return draw;
    }

    public Instant deadline() {
        return deadline;
    }

    /** Time left, zero once the deadline has passed. */
    public Duration remaining() {
        Duration d = Duration.between(clock.instant(), deadline);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /**
     * Records an answer to question {@code index} (0-based), replacing an earlier one.
     * Returns false, recording nothing, if the attempt is over (time up or finished).
     */
    public synchronized boolean answer(int index, Response response) {
        checkTime();
        if (result != null) return false;
        if (index < 0 || index >= draw.questions().size()) {
            throw new IndexOutOfBoundsException("question " + (index + 1) + " is not in this quiz of "
                    + draw.questions().size());
        }
        responses.put(index, response);
        return true;
    }

    public synchronized Optional<Response> responseTo(int index) {
        return Optional.ofNullable(responses.get(index));
    }

    /** Ends the attempt if its time is up; returns true if the attempt is over. */
    public synchronized boolean checkTime() {
        if (result == null && !clock.instant().isBefore(deadline)) {
            result = grade(End.TIME_UP);
        }
        return result != null;
    }

    public synchronized boolean isOver() {
        return checkTime();
    }

    /** Ends the attempt now (or returns how it already ended) and grades it. */
    public synchronized QuizResult finish() {
        checkTime();
        if (result == null) result = grade(End.FINISHED);
        return result;
    }

    /** The result once the attempt is over. */
    public synchronized Optional<QuizResult> result() {
        checkTime();
        return Optional.ofNullable(result);
    }

    private QuizResult grade(End end) {
        List<Review> reviews = new ArrayList<>();
        for (int i = 0; i < draw.questions().size(); i++) {
            AskedQuestion q = draw.questions().get(i);
            Response r = responses.get(i);
            reviews.add(new Review(q, r, Grader.grade(q, r)));
        }
        Instant now = clock.instant();
        Duration used = Duration.between(started, now.isAfter(deadline) ? deadline : now);
        return new QuizResult(reviews, draw.skipped(), end, used);
    }
}
