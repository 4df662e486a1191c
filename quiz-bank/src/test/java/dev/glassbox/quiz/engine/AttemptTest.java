package dev.glassbox.quiz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptTest {
    private static final QuestionBank BANK = BankLoader.loadBundled();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final Draw draw = new Drawer(LiveContext.none()).draw(BANK, DrawRequest.defaults(11));

    /** The response that gets full marks, built from the asked question. */
    static Response rightAnswer(AskedQuestion a) {
        var q = a.question();
        return switch (q.type()) {
            case SINGLE, MULTIPLE -> {
                var idx = new java.util.HashSet<Integer>();
                for (int i = 0; i < a.choices().size(); i++) if (a.choices().get(i).correct()) idx.add(i);
                yield new Response.Chosen(idx);
            }
            case TRUE_FALSE -> new Response.Truth(q.answer());
            case SHORT_ANSWER, NUMERICAL -> new Response.Typed(q.correctChoices().getFirst().text());
            case MATCHING -> new Response.Matched(q.pairs().stream()
                    .collect(java.util.stream.Collectors.toMap(p -> p.left(), p -> p.right())));
        };
    }

    @Test
    void rightAnswersToEveryQuestionScoreFullMarks() {
        Attempt attempt = new Attempt(draw, clock);
        for (int i = 0; i < attempt.questions().size(); i++) {
            assertTrue(attempt.answer(i, rightAnswer(attempt.questions().get(i))));
        }
        QuizResult r = attempt.finish();
        assertEquals(10, r.max());
        assertEquals(10.0, r.score(), 1e-9);
        assertEquals(Attempt.End.FINISHED, r.end());
    }

    @Test
    void theDefaultTimeLimitIsTenMinutes() {
        Attempt attempt = new Attempt(draw, clock);
        assertEquals(Duration.ofMinutes(10), attempt.remaining());
        clock.advance(Duration.ofMinutes(4));
        assertEquals(Duration.ofMinutes(6), attempt.remaining());
    }

    @Test
    void theTimerEndsTheAttemptAndRefusesLaterAnswers() {
        Attempt attempt = new Attempt(draw, clock);
        attempt.answer(0, rightAnswer(attempt.questions().getFirst()));
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertFalse(attempt.checkTime());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(attempt.checkTime());
        assertFalse(attempt.answer(1, rightAnswer(attempt.questions().get(1))), "answers after time are refused");
        QuizResult r = attempt.result().orElseThrow();
        assertEquals(Attempt.End.TIME_UP, r.end());
        assertEquals(1.0, r.score(), 1e-9);
        assertEquals(Duration.ofMinutes(10), r.used());
        assertEquals(r, attempt.finish(), "finishing after time up keeps the time-up result");
    }

    @Test
    void unansweredQuestionsScoreZeroAndTheReviewGivesTheRightAnswer() {
        QuizResult r = new Attempt(draw, clock).finish();
        assertEquals(0, r.score());
        for (Review review : r.reviews()) {
            assertTrue(review.mark().feedback().getFirst().startsWith("Not answered. The right answer:"));
        }
    }

    @Test
    void resultGroupsPointsByTopic() {
        Attempt attempt = new Attempt(draw, clock);
        attempt.answer(0, rightAnswer(attempt.questions().getFirst()));
        var byTopic = attempt.finish().byTopic();
        assertEquals(10, byTopic.values().stream().mapToInt(QuizResult.TopicScore::asked).sum());
        assertEquals(1.0, byTopic.get(attempt.questions().getFirst().topic()).earned(), 1e-9);
    }
}
