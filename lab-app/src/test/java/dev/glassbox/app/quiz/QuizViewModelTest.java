package dev.glassbox.app.quiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.engine.AskedQuestion;
import dev.glassbox.quiz.engine.Response;
import dev.glassbox.quiz.history.HistoryStore;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.QuestionBank;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The view-model without the JavaFX toolkit: properties only, time from a hand-moved clock. */
class QuizViewModelTest {
    static final QuestionBank BANK = BankLoader.loadBundled();

    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-02-24T09:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId z) { return this; }
        @Override public Instant instant() { return now; }
    }

    static Response right(AskedQuestion a) {
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
    void aFullAttemptIsScoredReviewedAndRecorded(@TempDir Path dir) {
        HandClock clock = new HandClock();
        HistoryStore store = new HistoryStore(dir.resolve("h.json"));
        QuizViewModel vm = new QuizViewModel(BANK, LiveContext.none(), clock, store);
        vm.sessionProperty().set(2);
        assertEquals(4, vm.topics().size(), "session 2 has four topics");
        vm.seedProperty().set(12L);
        vm.start();
        assertEquals(QuizViewModel.State.RUNNING, vm.stateProperty().get());
        assertEquals("10:00", vm.timerTextProperty().get());
        assertTrue(vm.progressTextProperty().get().startsWith("Question 1 of 10"));
        for (int i = 0; i < 10; i++) {
            vm.answer(right(vm.currentProperty().get()));
            vm.next();
        }
        vm.finish();
        assertEquals(QuizViewModel.State.REVIEW, vm.stateProperty().get());
        assertEquals("Score: 10 / 10 (100%)", vm.scoreTextProperty().get());
        assertEquals(10, vm.review().size());
        assertTrue(vm.review().stream().allMatch(r -> r.verdict() == ReviewItem.Verdict.RIGHT));
        assertEquals(1, store.load().attempts().size());
    }

    @Test
    void theTimerCountsDownAndEndsTheAttemptAtZero() {
        HandClock clock = new HandClock();
        QuizViewModel vm = new QuizViewModel(BANK, LiveContext.none(), clock, null);
        vm.timeLimitProperty().set(Duration.ofMinutes(2));
        vm.seedProperty().set(3L);
        vm.start();
        vm.answer(new Response.Truth(true));
        clock.now = clock.now.plusSeconds(61);
        vm.tick();
        assertEquals("0:59", vm.timerTextProperty().get());
        assertTrue(vm.timeLowProperty().get());
        assertEquals(0.49, vm.timeFractionProperty().get(), 0.01);
        clock.now = clock.now.plusSeconds(59);
        vm.tick();
        assertEquals(QuizViewModel.State.REVIEW, vm.stateProperty().get());
        assertTrue(vm.scoreTextProperty().get().startsWith("Time is up."), vm.scoreTextProperty().get());
        assertEquals("0:00", vm.timerTextProperty().get());
    }

    @Test
    void wrongAnswersShowTheirFeedbackInTheReviewAndWeakTopicsAppear(@TempDir Path dir) {
        HistoryStore store = new HistoryStore(dir.resolve("h.json"));
        QuizViewModel vm = new QuizViewModel(BANK, LiveContext.none(), new HandClock(), store);
        vm.topicProperty().set("docker-group");
        vm.seedProperty().set(1L);
        vm.start();
        AskedQuestion q = vm.currentProperty().get();
        for (int i = 0; i < q.choices().size(); i++) {
            if (!q.choices().get(i).correct() && q.choices().size() > 0) {
                vm.answer(Response.Chosen.of(i));
                break;
            }
        }
        if (q.question().type() == dev.glassbox.quiz.model.QuestionType.TRUE_FALSE) {
            vm.answer(new Response.Truth(!q.question().answer()));
        }
        vm.finish();
        ReviewItem first = vm.review().getFirst();
        assertEquals(ReviewItem.Verdict.WRONG, first.verdict());
        assertFalse(first.feedback().isEmpty());
        assertTrue(vm.weakTopics().getFirst().startsWith("The docker group is root: 0%"), vm.weakTopics().toString());
    }

    @Test
    void aBadSelectionLeavesTheSetupWithAMessage() {
        QuizViewModel vm = new QuizViewModel(BANK, LiveContext.none(), new HandClock(), null);
        vm.topicProperty().set("cgroups");
        vm.sessionProperty().set(3);
        assertNull(vm.topicProperty().get(), "a topic of another session is cleared");
        vm.sessionProperty().set(null);
        vm.topicProperty().set("nope");
        vm.start();
        assertEquals(QuizViewModel.State.SETUP, vm.stateProperty().get());
        assertTrue(vm.messageProperty().get().contains("nope"));
    }
}
