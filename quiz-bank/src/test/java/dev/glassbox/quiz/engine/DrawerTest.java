package dev.glassbox.quiz.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glassbox.quiz.bank.BankLoader;
import dev.glassbox.quiz.live.LiveContext;
import dev.glassbox.quiz.model.Question;
import dev.glassbox.quiz.model.QuestionBank;
import dev.glassbox.quiz.testing.FakeLiveContext;
import java.util.Collection;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DrawerTest {
    private static final QuestionBank BANK = BankLoader.loadBundled();
    private final Drawer drawer = new Drawer(LiveContext.none());

    private static List<String> ids(Draw d) {
        return d.questions().stream().map(a -> a.question().id() + a.choices()).toList();
    }

    @Test
    void sameSeedDrawsTheSameQuestionsInTheSameOrderWithTheSameChoiceOrder() {
        assertEquals(ids(drawer.draw(BANK, DrawRequest.defaults(42))), ids(drawer.draw(BANK, DrawRequest.defaults(42))));
    }

    @Test
    void differentSeedsDrawDifferentQuizzes() {
        assertNotEquals(ids(drawer.draw(BANK, DrawRequest.defaults(1))), ids(drawer.draw(BANK, DrawRequest.defaults(2))));
    }

    @Test
    void drawAcrossAllSessionsTakesTenQuestionsFromTenDifferentTopics() {
        for (long seed = 0; seed < 20; seed++) {
            Draw d = drawer.draw(BANK, DrawRequest.defaults(seed));
            assertEquals(10, d.questions().size());
            assertEquals(10, d.questions().stream().map(AskedQuestion::topic).distinct().count(), "seed " + seed);
        }
    }

    @Test
    void drawFromOneSessionSpreadsQuestionsEvenlyOverItsTopics() {
        for (long seed = 0; seed < 20; seed++) {
            Draw d = drawer.draw(BANK, DrawRequest.defaults(seed).withSession(3));
            assertEquals(10, d.questions().size());
            assertTrue(d.questions().stream().allMatch(a -> a.question().session() == 3));
            Map<String, Long> perTopic = d.questions().stream()
                    .collect(Collectors.groupingBy(AskedQuestion::topic, Collectors.counting()));
            assertEquals(BANK.session(3).byTopic().size(), perTopic.size(), "every topic of session 3 appears");
            IntSummaryStatistics s = perTopic.values().stream().mapToInt(Long::intValue).summaryStatistics();
            assertTrue(s.getMax() - s.getMin() <= 1, "spread " + perTopic);
        }
    }

    @Test
    void drawFromOneTopicStopsWhenTheTopicRunsOut() {
        Draw d = drawer.draw(BANK, DrawRequest.defaults(7).withTopic("gpus"));
        assertEquals(3, d.questions().size());
        assertTrue(d.questions().stream().allMatch(a -> a.topic().equals("gpus")));
    }

    @Test
    void liveQuestionsAreSkippedWithAReasonWithoutALiveContext() {
        Draw d = drawer.draw(BANK, DrawRequest.defaults(3).withTopic("capabilities").withCount(50));
        assertTrue(d.questions().stream().noneMatch(a -> a.question().isLive()));
        assertEquals(2, d.skipped().size());
        assertTrue(d.skipped().getFirst().reason().contains("live question skipped"));
    }

    @Test
    void liveQuestionsTakeTheirAnswerFromTheLiveContext() {
        Drawer live = new Drawer(new FakeLiveContext(Map.of("host.cap_last_cap", "40", "host.capabilities.count", "41")));
        Draw d = live.draw(BANK, DrawRequest.defaults(3).withTopic("capabilities").withCount(50));
        Question q = d.questions().stream().map(AskedQuestion::question)
                .filter(x -> x.id().equals("cap-last-live")).findFirst().orElseThrow();
        assertEquals("40", q.correctChoices().getFirst().text());
        assertTrue(q.wrongFeedback().contains("40"), "{answer} is filled in: " + q.wrongFeedback());
    }

    @Test
    void aProbeTheContextCannotAnswerIsSkippedAndItsTopicGivesAnotherQuestion() {
        Drawer hostOnly = new Drawer(new FakeLiveContext(Map.of()));
        Draw d = hostOnly.draw(BANK, DrawRequest.defaults(5).withTopic("cgroups").withCount(50));
        assertEquals(BANK.topic("cgroups").questions().stream().filter(q -> !q.isLive()).count(), d.questions().size());
        assertTrue(d.skipped().stream().anyMatch(s -> s.reason().contains("container.memory.limit")));
    }

    @Test
    void anEmptySelectionIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> drawer.draw(BANK, DrawRequest.defaults(1).withTopic("no-such-topic")));
        assertTrue(e.getMessage().contains("no-such-topic"));
    }

    @Test
    void everyDrawnQuestionKeepsAllItsChoices() {
        Draw d = drawer.draw(BANK, DrawRequest.defaults(9).withCount(40));
        for (AskedQuestion a : d.questions()) {
            Collection<?> original = a.question().choices();
            assertEquals(original.size(), a.choices().size());
            assertTrue(a.choices().containsAll(original));
        }
    }
}
